import * as ts from 'typescript';
import { fieldAskVisitors, nodeAt, USER_TEXT_KINDS } from '../../analysis/field-visitors';
import { actionInputs, isActionFile } from '../../analysis/action-inputs';
import { nearAtlassian, nearbyStrings } from '../../analysis/atlassian-place';
import { consoleMentions, CONSOLE_HINT, docInstructions, tellsToCreateOAuthApp, type ConsoleMention } from '../../analysis/console-instructions';
import type { DeclaredInput } from '../../analysis/declared-inputs';
import { htmlFields, type FieldAsk } from '../../analysis/fields';
import { atlassianFileOf, quoteLabel } from '../../analysis/names';
import { declaredOAuthAsk, isAtlassianOAuthFile, namesAtlassian, oauthPartOfName, oauthPartOfText, otherProvider, type OAuthPart } from '../../analysis/oauth-app-asks';
import { packageInputs } from '../../analysis/package-settings';
import { API_TOKEN_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * Making each customer create their own OAuth 2.0 (3LO) app. Atlassian's guidance for third-party apps
 * (linked from the API-token notice, repeated on every "Basic auth for REST APIs" page): "Apps that
 * collect API tokens or instruct customers to create individual 3LO apps don't comply". The compliant
 * form is one distributable 3LO app the partner owns, or Forge. Found: fields, prompts, settings and
 * action inputs that ask for a client id and secret, and steps that send customers to the console.
 */

/** Prose documents; other text kinds (scripts, markup) are not read by this rule. */
const DOC_PATH = /\.(?:md|mdx|markdown|txt|text|rst|adoc|asciidoc|org)$/i;
/** A message about the server's own environment: read by whoever deploys it, the partner for a hosted app. */
const ENV_CONFIG = /process\.env|\.env\b|\b[A-Z][A-Z0-9_]{0,40}CLIENT_(?:ID|SECRET)\b/;
function reportLink(ctx: RuleContext, m: ConsoleMention): void {
  ctx.report({ range: { start: m.start, end: m.end }, messageId: 'console', data: { where: m.what } });
}

/** VS Code settings and Raycast preferences in `package.json`, GitHub Action inputs in `action.yml`: both halves asked. */
function checkDeclaredInputs(ctx: RuleContext): void {
  let inputs: DeclaredInput[] = [];
  if (ctx.kind === 'json' && /(?:^|\/)package\.json$/i.test(ctx.path)) inputs = packageInputs(ctx.path, ctx.text);
  else if (ctx.kind === 'yaml' && isActionFile(ctx.path)) inputs = actionInputs(ctx.yaml());
  const asks = inputs.flatMap((i) => declaredOAuthAsk(i) ?? []);
  const hasId = asks.some((a) => a.part === 'id');
  for (const a of asks) {
    if (a.part === 'secret' && (hasId || a.ownAtlassian)) {
      ctx.report({ range: a.input.range, messageId: 'field', data: { what: a.input.kind, label: quoteLabel(a.label) } });
    }
  }
}

interface CodeAsk {
  readonly part: OAuthPart;
  readonly start: number;
  readonly end: number;
  readonly what: string;
  readonly label: string;
  readonly ownAtlassian: boolean;
}


const GUIDANCE = `Atlassian's guidance: "Apps that collect API tokens or instruct customers to create individual 3LO apps don't comply". ${API_TOKEN_POLICY} Fix: register one distributable OAuth 2.0 (3LO) app that you own and let each customer authorize it, or build on Forge.`;

export default defineRule({
  id: 'no-customer-oauth-app',
  kinds: ['code', 'markdown', 'text', 'json', 'yaml'],
  prefilter: /client[\s_-]?(?:id|secret)|oauth[\s_-]?(?:client[\s_-]?)?(?:id|secret)|3lo|developer\.atlassian\.com\/console|developers?\sconsole/i,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not make customers create their own Atlassian OAuth app.',
    messages: {
      field: 'The {{what}} {{label}} asks for the client secret of a customer-made OAuth app.',
      console: 'Sends the customer to the developer console ({{where}}) to create an OAuth app.',
    },
    details: {
      field: `The {{what}}: {{label}}. ${GUIDANCE}`,
      console: `It links to {{where}}. ${GUIDANCE}`,
    },
    fixable: false,
  },
  check(ctx) {
    // Tests and fixtures ask nobody for anything; the product code they test is reported.
    if (ctx.facts.test) return;
    if (ctx.kind === 'markdown' || (ctx.kind === 'text' && DOC_PATH.test(ctx.path))) docInstructions(ctx.path, ctx.text).forEach((m) => reportLink(ctx, m));
    if (ctx.kind === 'json' || ctx.kind === 'yaml') checkDeclaredInputs(ctx);
  },
  create(ctx) {
    if (ctx.facts.test) return {};
    const sf = ctx.sourceFile();
    const atlassianFile = atlassianFileOf(ctx.text);
    let oauthFile: boolean | undefined;
    const inAtlassianPlace = (node: ts.Node): boolean =>
      ((oauthFile ??= isAtlassianOAuthFile(ctx.text)) || atlassianFile() || nearAtlassian(node)) && !nearbyStrings(node).some(otherProvider);
    const seen = new Set<ts.Node | string>();
    const labels: FieldAsk[] = [];
    const asks: CodeAsk[] = [];
    const consider = (ask: FieldAsk | undefined, labelsNow = false): void => {
      if (!ask || seen.has(ask.key)) return;
      if (ask.isLabel && !labelsNow) return void labels.push(ask);
      const parts = ask.parts.map((p) => ({ p, part: p.role === 'text' ? oauthPartOfText(p.value) : oauthPartOfName(p.value) }));
      const hit = parts.find((x) => x.part === 'secret') ?? parts.find((x) => x.part === 'id');
      if (!hit?.part || ask.parts.some((p) => otherProvider(p.value))) return;
      const ownAtlassian = ask.parts.some((p) => namesAtlassian(p.value, p.role));
      if (!ownAtlassian && !inAtlassianPlace(hit.p.node)) return;
      seen.add(ask.key);
      const at = ask.anchor ?? hit.p.node;
      asks.push({ part: hit.part, start: at.getStart(sf), end: at.end, what: ask.kind, label: hit.p.value, ownAtlassian });
    };
    const html = (node: ts.Node): void => {
      const start = node.getStart(sf);
      const fields = htmlFields(ctx.text.slice(start, node.end), start);
      for (const f of fields) {
        const part = f.role === 'text' ? oauthPartOfText(f.value) : oauthPartOfName(f.value);
        if (!part || otherProvider(f.value)) continue;
        const ownAtlassian = namesAtlassian(f.value, f.role);
        if (ownAtlassian || inAtlassianPlace(node)) asks.push({ part, start: f.offset, end: f.end, what: 'form field', label: f.value, ownAtlassian });
      }
    };
    const finish = (): void => {
      labels.forEach((l) => consider(l, true));
      const hasId = asks.some((a) => a.part === 'id');
      const lines = new Set<number>();
      for (const a of asks) {
        if (a.part !== 'secret' || !(hasId || a.ownAtlassian)) continue;
        const line = sf.getLineAndCharacterOfPosition(a.start).line;
        if (lines.has(line)) continue; // a <label> and its <input> on one line are one finding
        lines.add(line);
        ctx.report({ range: { start: a.start, end: a.end }, messageId: 'field', data: { what: a.what, label: quoteLabel(a.label) } });
      }
      if (!CONSOLE_HINT.test(ctx.text)) return;
      for (const m of consoleMentions(ctx.text)) {
        // In code, only strings and JSX text reach people; a developer's comment does not.
        const node = nodeAt(sf, m.start);
        if (!USER_TEXT_KINDS.has(node.kind)) continue;
        const own = ts.isJsxText(node) || ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) ? node.text : '';
        if (ENV_CONFIG.test(own)) continue;
        if (asks.length > 0 || tellsToCreateOAuthApp([own, ...nearbyStrings(node)].join('\n'))) reportLink(ctx, m);
      }
    };
    return { ...fieldAskVisitors(ctx.text, (a) => consider(a), html), onEnd: finish };
  },
});
