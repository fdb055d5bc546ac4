import * as ts from 'typescript';
import { fieldAskVisitors, nodeAt, USER_TEXT_KINDS } from '../../analysis/field-visitors';
import { actionInputs, isActionFile } from '../../analysis/action-inputs';
import { nearAtlassian, nearbyStrings } from '../../analysis/atlassian-place';
import { otherService } from '../../analysis/credential-values';
import { asksForApiToken, type DeclaredInput } from '../../analysis/declared-inputs';
import { htmlFields, type FieldAsk } from '../../analysis/fields';
import { atlassianFileOf, describesApiToken, isApiTokenName, quoteLabel, type AtlassianFile } from '../../analysis/names';
import { packageInputs } from '../../analysis/package-settings';
import { API_TOKEN_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * Asking a person for an Atlassian API token. Atlassian's notice to Marketplace partners: "Apps and
 * integrations should not instruct customers to generate/share any API tokens belonging to Atlassian
 * accounts"; the "Personal access tokens" policy says apps must not collect them. A field, prompt,
 * setting or CLI option labelled as one, or a link to the page where tokens are created, is that ask.
 */

/** The API-token page, current and legacy path (`/manage/api-tokens` still redirects there). */
const TOKEN_PAGE = /(?:https?:\/\/)?id\.atlassian\.com\/manage(?:-profile\/security)?\/api-tokens\b/gi;
/** A sentence about revoking old tokens points at the page for the opposite reason. */
const REVOKE_ONLY = /revok|delete|remove|rotate/i;
const ASKS = /creat|generat|paste|enter|copy|get |obtain|new token/i;

function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  const nl = text.indexOf('\n', offset);
  return text.slice(start, nl < 0 ? text.length : nl);
}

function checkLinks(ctx: RuleContext): void {
  const { text } = ctx;
  if (!/id\.atlassian\.com\/manage/i.test(text)) return;
  for (const m of text.matchAll(TOKEN_PAGE)) {
    const start = m.index ?? 0;
    const line = lineAround(text, start);
    if (REVOKE_ONLY.test(line) && !ASKS.test(line)) continue;
    // In code, only strings and JSX text reach users; a developer's comment does not.
    if (ctx.kind === 'code' && !USER_TEXT_KINDS.has(nodeAt(ctx.sourceFile(), start).kind)) continue;
    ctx.report({ range: { start, end: start + m[0].length }, messageId: 'link', data: { url: m[0].replace(/^https?:\/\//i, '') } });
  }
}

/** VS Code settings and Raycast preferences in `package.json`, GitHub Action inputs in `action.yml`. */
function checkDeclaredInputs(ctx: RuleContext): void {
  let inputs: DeclaredInput[] = [];
  if (ctx.kind === 'json' && /(?:^|\/)package\.json$/i.test(ctx.path)) inputs = packageInputs(ctx.path, ctx.text);
  else if (ctx.kind === 'yaml') inputs = actionInputs(ctx.yaml());
  for (const input of inputs) {
    const label = asksForApiToken(input);
    if (label !== undefined) ctx.report({ range: input.range, messageId: 'field', data: { what: input.kind, label: quoteLabel(label) } });
  }
}

export default defineRule({
  id: 'no-api-token-collection',
  kinds: ['code', 'markdown', 'json', 'yaml'],
  prefilter:
    /^(?=[\s\S]*?(?:atlassian|jira|confluence|bitbucket|atl|jsm|\/rest\/|\/wiki\/))(?=[\s\S]*?(?:token|api[\s_-]?key|pat|password|passwd))|id\.atlassian\.com\/manage/i,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not ask users for an Atlassian API token.',
    messages: {
      field: 'The {{what}} {{label}} asks for an Atlassian API token.',
      link: 'Link to the Atlassian API-token page ({{url}}).',
    },
    details: {
      field: `The {{what}}: {{label}}. ${API_TOKEN_POLICY} Fix: remove it and let the user authorize the app with OAuth 2.0 (3LO), or build the feature on Forge, where calls run \`asUser()\`/\`asApp()\` without a token.`,
      link: `It links to {{url}}: apps must not instruct customers to create or share Atlassian API tokens. ${API_TOKEN_POLICY} Fix: replace the token setup with an OAuth 2.0 (3LO) authorization step, or a Forge app that needs no token.`,
    },
    fixable: false,
  },
  check(ctx) {
    // Tests and fixtures do not ask anyone for anything; the product code they test is reported.
    if (ctx.facts.test) return;
    // YAML: only an action's metadata reaches the people who fill its inputs in.
    if (ctx.kind === 'yaml' && !isActionFile(ctx.path)) return;
    checkLinks(ctx);
    if (ctx.kind === 'json' || ctx.kind === 'yaml') checkDeclaredInputs(ctx);
  },
  create(ctx) {
    if (ctx.facts.test) return {};
    const atlassianFile = atlassianFileOf(ctx.text);
    const sf = ctx.sourceFile();
    const fields = new Set<ts.Node | string>();
    const labels: FieldAsk[] = [];
    const lines = new Set<number>();
    /**
     * "API token" alone is Atlassian's in an Atlassian file, or where the component, class or the text
     * next to the field says so, unless that text names another service ("Your Todoist API token").
     */
    const contextOf = (node: ts.Node): AtlassianFile => () =>
      atlassianFile() || (nearAtlassian(node) && !nearbyStrings(node).some(otherService));
    const matches = (role: 'text' | 'name', value: string, at: ts.Node): boolean =>
      role === 'text' ? describesApiToken(value, contextOf(at)) : isApiTokenName(value, contextOf(at));
    const report = (start: number, end: number, what: string, value: string): void => {
      const line = sf.getLineAndCharacterOfPosition(start).line;
      if (lines.has(line)) return; // a <label> and its <input> on one line are one finding
      lines.add(line);
      ctx.report({ range: { start, end }, messageId: 'field', data: { what, label: quoteLabel(value) } });
    };
    const consider = (ask: FieldAsk | undefined, labelsNow = false): void => {
      if (!ask || fields.has(ask.key)) return;
      // A label waits: the input it labels is the better place for the finding.
      if (ask.isLabel && !labelsNow) return void labels.push(ask);
      const hit = ask.parts.find((p) => matches(p.role, p.value, p.node));
      if (!hit) return;
      fields.add(ask.key);
      const at = ask.anchor ?? hit.node;
      report(at.getStart(sf), at.end, ask.kind, hit.value);
    };
    const html = (node: ts.Node): void => {
      const start = node.getStart(sf);
      for (const f of htmlFields(ctx.text.slice(start, node.end), start)) {
        if (matches(f.role, f.value, node)) report(f.offset, f.end, 'form field', f.value);
      }
    };
    return { ...fieldAskVisitors(ctx.text, (a) => consider(a), html), onEnd: () => labels.forEach((l) => consider(l, true)) };
  },
});
