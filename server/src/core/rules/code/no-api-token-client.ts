import * as ts from 'typescript';
import {
  jiraClientAuth,
  jiraConnectorAuth,
  jiraJsAuth,
  looksFake,
  objectCandidates,
  staticHost,
  type AuthFinding,
} from '../../analysis/client-config';
import { importedFrom, isPackage, type ImportedBinding } from '../../analysis/imports';
import { projectImportNames, wrapperCall } from '../../analysis/wrapper-calls';
import { isAtlassianHost } from '../../knowledge/atlassian';
import { clientFix } from '../../migration/client';
import { isRefusal } from '../../migration/edits';
import { browserCode, refusalNote } from '../../migration';
import type { Fix } from '../../model';
import { API_TOKEN_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * Atlassian client libraries configured with API-token, password or PAT auth. Atlassian's Marketplace
 * security policy ("Personal access tokens") says apps must not collect, transmit or store user API
 * tokens; these options are how most Node integrations send one. The class must really come from the
 * library (import, require, namespace or alias), so a local `Version3Client` is never reported.
 */

interface Library {
  readonly pkg: string;
  /** Exported names that are client classes; `*`/`default` for packages whose export is the class. */
  readonly classes: ReadonlySet<string>;
  readonly product: 'jira' | 'confluence';
  readonly auth: (config: ts.ObjectLiteralExpression) => AuthFinding | undefined;
  readonly fix: string;
}

const OAUTH_FIX = (product: string): string =>
  `\`authentication: { oauth2: { accessToken } }\` with host \`https://api.atlassian.com/ex/${product}/{cloudId}\``;

const LIBRARIES: readonly Library[] = [
  { pkg: 'jira.js', classes: new Set(['Version2Client', 'Version3Client', 'AgileClient', 'ServiceDeskClient', 'Client']), product: 'jira', auth: jiraJsAuth, fix: OAUTH_FIX('jira') },
  { pkg: 'confluence.js', classes: new Set(['ConfluenceClient', 'Client']), product: 'confluence', auth: jiraJsAuth, fix: OAUTH_FIX('confluence') },
  {
    pkg: 'jira-client',
    classes: new Set(['*', 'default', 'JiraApi']),
    product: 'jira',
    auth: jiraClientAuth,
    fix: "`bearer: accessToken` with `host: 'api.atlassian.com'` and `base: '/ex/jira/{cloudId}'`",
  },
  { pkg: 'jira-connector', classes: new Set(['*', 'default']), product: 'jira', auth: jiraConnectorAuth, fix: `jira.js with ${OAUTH_FIX('jira')}` },
];

/**
 * Any other constructor given jira.js-style `authentication: { basic: { email, apiToken } }`: a
 * subclass (`class Wiki extends ConfluenceClient`) or a wrapper that forwards its options. Reported,
 * never rewritten: the class is the project's.
 */
const JIRA_JS_STYLE: Library = {
  pkg: 'jira.js-style',
  classes: new Set(),
  product: 'jira',
  auth: (config) => {
    const host = staticHost(config);
    if (host !== undefined && !isAtlassianHost(host)) return undefined;
    const found = jiraJsAuth(config);
    return found && /apiToken|password|token/i.test(config.getText()) ? found : undefined;
  },
  fix: OAUTH_FIX('jira'),
};

function libraryOf(binding: ImportedBinding | undefined): Library | undefined {
  if (!binding) return undefined;
  return LIBRARIES.find((l) => isPackage(binding.module, l.pkg) && l.classes.has(binding.name));
}

/** A type annotation naming a library's options type (`const config: Config = {…}` with `import { Config } from 'jira.js'`). */
function configTypeLibrary(type: ts.TypeNode | undefined): Library | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = type.typeName;
  // `Config` imported by name, or `jira.Config` through a namespace import.
  const binding = ts.isIdentifier(name)
    ? importedFrom(name)
    : ts.isIdentifier(name.left)
      ? (() => {
          const ns = importedFrom(name.left as ts.Identifier);
          return ns && ns.name === '*' ? { module: ns.module, name: name.right.text } : undefined;
        })()
      : undefined;
  if (!binding || !/^(?:Config|ClientConfig)$/.test(binding.name)) return undefined;
  return LIBRARIES.find((l) => isPackage(binding.module, l.pkg) && l.auth === jiraJsAuth);
}

/** The client form of the migration (SPEC §4.2) for jira.js / confluence.js; the others say why not. */
function migrate(ctx: RuleContext, lib: Library, config: ts.ObjectLiteralExpression, at: ts.Node): { fixes: Fix[]; fixNote: string } {
  if (lib.auth !== jiraJsAuth) return { fixes: [], fixNote: refusalNote({ reason: `${lib.pkg} is not rewritten automatically; move the calls to jira.js with OAuth 2.0` }) };
  const browser = browserCode(ctx);
  if (browser) return { fixes: [], fixNote: refusalNote(browser) };
  try {
    const fix = clientFix(ctx.path, ctx.sourceFile(), config, at, lib.product, lib.pkg, ctx.readFile ? (p) => ctx.readFile?.(p) : undefined);
    return isRefusal(fix) ? { fixes: [], fixNote: refusalNote(fix) } : { fixes: [fix], fixNote: '' };
  } catch (err) {
    return { fixes: [], fixNote: refusalNote({ reason: `the rewrite failed (${err instanceof Error ? err.message : String(err)})` }) };
  }
}

/** Reports at the auth option itself (what a fix changes); one finding per option even when shared by two clients. */
function reportFor(ctx: RuleContext, lib: Library, className: string, config: ts.ObjectLiteralExpression, done: Set<number>): boolean {
  const auth = lib.auth(config);
  if (!auth) return false;
  const host = staticHost(config);
  const start = auth.at.getStart();
  if ((ctx.facts.test && looksFake(host, auth)) || done.has(start)) return true;
  done.add(start);
  const { fixes, fixNote } = migrate(ctx, lib, config, auth.at);
  ctx.report({
    range: { start, end: auth.at.end },
    messageId: auth.kind === 'pat' ? 'personalAccessToken' : 'basicAuth',
    data: { library: lib.pkg, className, credential: auth.credential, fix: lib.fix, fixNote },
    fixes,
    endpoint: { ...(host ? { host } : {}), authKind: 'client-library' },
  });
  return true;
}

/** The text names one of the client libraries: only then are constructors matched against them. */
const LIBRARY_NAMED = /['"](?:jira\.js|confluence\.js|jira-client|jira-connector)(?:\/[^'"]*)?['"]/;

export default defineRule({
  id: 'no-api-token-client',
  kinds: ['code'],
  // The libraries by name; or a relative import, through which a project wrapper may be given a token.
  prefilter: /['"](?:jira\.js|confluence\.js|jira-client|jira-connector)(?:\/[^'"]*)?['"]|(?:from|require\()\s*['"]\.\.?\/|authentication/,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not configure Atlassian client libraries with API-token or password auth.',
    messages: {
      basicAuth: '{{library}} `{{className}}` configured with an API token (Basic auth).',
      wrapperClient: '`{{className}}` sends an API token with Basic auth.',
      personalAccessToken: '{{library}} `{{className}}` configured with a personal access token.',
    },
    details: {
      basicAuth: `It is given {{credential}}. ${API_TOKEN_POLICY} Fix: authenticate with OAuth 2.0 (3LO), {{fix}}, or move the calls to Forge.{{fixNote}}`,
      wrapperClient: `It is given an Atlassian API token ({{credential}}) and sends it with Basic auth ({{site}}). ${API_TOKEN_POLICY} Fix: give it an OAuth 2.0 (3LO) access token for api.atlassian.com/ex/… instead, or move the calls to Forge.`,
      personalAccessToken: `It is given {{credential}}: PATs are the user tokens the policy bans, and Atlassian Cloud does not accept them. ${API_TOKEN_POLICY} Fix: authenticate with OAuth 2.0 (3LO), {{fix}}, or move the calls to Forge.{{fixNote}}`,
    },
    fixable: true,
  },
  create(ctx) {
    const used = new Set<ts.ObjectLiteralExpression>();
    const done = new Set<number>();
    const typed: { lib: Library; config: ts.ObjectLiteralExpression }[] = [];
    const wrappers = /(?:from|require\()\s*['"]\.\.?\//.test(ctx.text);
    const libraries = LIBRARY_NAMED.test(ctx.text);
    const jiraJsStyle = /\bauthentication\b/.test(ctx.text);
    let imported: Set<string> | undefined;
    const wrapper = (node: ts.NewExpression | ts.CallExpression): void => {
      // Only a callee imported from a project module can be a wrapper: a set lookup before any resolution.
      const callee = node.expression;
      if (!ts.isIdentifier(callee) || !(imported ??= projectImportNames(ctx.sourceFile())).has(callee.text)) return;
      const w = wrapperCall(node, ctx.path);
      if (!w || (ctx.facts.test && w.literal)) return;
      ctx.report({
        range: { start: node.getStart(), end: node.expression.getEnd() },
        messageId: 'wrapperClient',
        data: { className: w.callee, credential: w.credential, site: w.site },
        endpoint: { authKind: 'client-library' },
        related: w.related,
      });
    };
    return {
      ...(wrappers ? { [ts.SyntaxKind.CallExpression]: (node: ts.Node) => wrapper(node as ts.CallExpression) } : {}),
      [ts.SyntaxKind.NewExpression]: (node) => {
        const expr = node as ts.NewExpression;
        const lib = libraries ? libraryOf(importedFrom(expr.expression)) : undefined;
        const arg = expr.arguments?.[0];
        if (!lib && wrappers) wrapper(expr);
        // Any other constructor only when the file writes jira.js-style options at all.
        if (!arg || (!lib && !jiraJsStyle)) return;
        const className = expr.expression.getText().replace(/\s+/g, '');
        for (const config of objectCandidates(arg)) {
          used.add(config);
          if (reportFor(ctx, lib ?? JIRA_JS_STYLE, className, config, done)) return;
        }
      },
      ...(libraries
        ? {
            [ts.SyntaxKind.VariableDeclaration]: (node: ts.Node) => {
              const decl = node as ts.VariableDeclaration;
              const init = decl.initializer && ts.isObjectLiteralExpression(decl.initializer) ? decl.initializer : undefined;
              const lib = init ? configTypeLibrary(decl.type) : undefined;
              if (lib && init) typed.push({ lib, config: init });
            },
          }
        : {}),
      // A typed options object exported to another file is reported where it is written.
      onEnd: () => {
        for (const t of typed) {
          if (used.has(t.config)) continue;
          reportFor(ctx, t.lib, 'Config', t.config, done);
        }
      },
    };
  },
});
