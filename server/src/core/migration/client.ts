import * as ts from 'typescript';
import { propertyNameText } from '../analysis/scope';
import type { Fix, TextEdit } from '../model';
import { makeAsync } from './async';
import { awaitLegal, dedupe, importEdits, usesEsm, type Refusal } from './edits';
import { aliasedNames, helperAliases, multiTenant, renameCalls } from './tenancy';
import { helperFor } from './helper';
import { pruneUnused } from './prune';
import type { Product } from './scopes';

/**
 * SPEC §4.2, client form: jira.js / confluence.js take `authentication: { oauth2: { accessToken } }`
 * and the gateway host `https://api.atlassian.com/ex/{product}/{cloudId}` (their READMEs: "OAuth 2.0").
 * The token is awaited where the client is built, so a synchronous factory becomes async.
 */
export function clientFix(
  path: string,
  sf: ts.SourceFile,
  config: ts.ObjectLiteralExpression,
  at: ts.Node,
  product: Product,
  pkg: string,
  readFile?: (path: string) => string | undefined,
): Fix | Refusal {
  const prop = ts.isPropertyAssignment(at.parent) && at.parent.name === at ? at.parent : ts.isShorthandPropertyAssignment(at.parent) ? at.parent : undefined;
  if (!prop) return { reason: 'the credential option is not written as a property the fix can replace' };
  if (!(prop.pos >= config.pos && prop.end <= config.end)) return { reason: 'the authentication options are built apart from the client config' };
  const host = config.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(p.name) === 'host');
  if (!host) return { reason: `the ${pkg} config has no \`host\` option to point at api.atlassian.com` };
  const site = ts.isPropertyAssignment(host) ? host.initializer.getText() : 'host';
  const tenants = multiTenant(prop, ts.isPropertyAssignment(host) ? [host.initializer] : [host]);
  if (tenants !== undefined) return { reason: tenants };
  const edits: TextEdit[] = [
    { range: { start: prop.getStart(), end: prop.getEnd() }, newText: 'oauth2: { accessToken: await getAccessToken() }' },
    { range: { start: host.getStart(), end: host.getEnd() }, newText: `host: \`https://api.atlassian.com/ex/${product}/\${await getCloudId(${site})}\`` },
  ];
  const title = `Migrate ${pkg} to OAuth 2.0 (3LO)`;
  let detail = `authentication.oauth2 and host api.atlassian.com/ex/${product}/{cloudId}`;
  if (!awaitLegal(config)) {
    const made = makeAsync(config, sf, `the ${pkg} client`);
    if ('reason' in made) return made;
    // Callers in other files would get a Promise where they expect a client.
    if (made.exported) return { reason: `${made.name}() would become async, and it is exported: callers in other files would receive a Promise. Make it async and await it at each caller, then apply the fix` };
    edits.push(...made.edits);
    detail += `; ${made.name}() becomes async`;
  }
  edits.push(...pruneUnused(sf, edits));
  const helper = helperFor(path, sf, readFile);
  const names = ['getAccessToken', 'getCloudId'];
  const aliases = helperAliases(sf, helper.specifier, names);
  const renamed = renameCalls(edits, aliases);
  edits.length = 0;
  edits.push(...renamed, ...importEdits(sf, aliasedNames(names, aliases, usesEsm(sf)), helper.specifier, { removed: renamed }));
  return {
    title,
    detail: `${detail}.`,
    safe: false,
    edits: dedupe(edits),
    createFiles: { [helper.path]: helper.source },
    note:
      `Register one OAuth 2.0 (3LO) app, yours, once in the developer console (customers only consent to it), set ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET on your server, complete the authorization-code flow (exchangeCode checks the state against CSRF) ` +
      `(${helper.path}) and request the scopes of the ${pkg} calls plus offline_access. A client built once holds one access token: build it per job ` +
      '(tokens expire after an hour). Then revoke the API token.',
  };
}
