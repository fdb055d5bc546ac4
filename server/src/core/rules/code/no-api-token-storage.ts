import * as ts from 'typescript';
import { ATLASSIAN_WORD } from '../../knowledge/atlassian';
import { nearAtlassian } from '../../analysis/atlassian-place';
import { credentialInString, isGenericCredentialName, typedCredential, type Place } from '../../analysis/credential-values';
import { calleeName, staticText } from '../../analysis/fields';
import { atlassianFileOf, isApiTokenName } from '../../analysis/names';
import { nameOf, propertyNameText } from '../../analysis/scope';
import { isEmptyValue, tokenField, tokenWrite, type TokenWrite } from '../../analysis/storage';
import { API_TOKEN_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * Persisting an Atlassian API token. Atlassian's notice to Marketplace partners: "apps must not store
 * Atlassian user credentials"; the "Personal access tokens" policy: apps must not "collect, transmit,
 * or store" them. Encrypted stores (`kvs.setSecret`, VS Code `secrets`, the OS keychain) are still
 * storage. OAuth access/refresh tokens are another rule's business (`no-plaintext-secret-storage`).
 */

/** Calls that persist a settings object or a record the function has just changed. */
const SAVE = /^(?:save|saveSettings|saveData|saveConfig|saveConfiguration|saveOptions|saveState|savePluginData|persist|persistSettings|writeConfig|writeSettings)$/;
const WEB_STORAGE = /^(?:localStorage|sessionStorage)$/;
const SETTINGS_TYPE = /settings|config|options|prefs|preferences|state|data|store/i;

/** The function around a node, or the module for top-level code (ESM top-level await). */
function enclosingFunction(node: ts.Node): ts.Node {
  return ts.findAncestor(node.parent, ts.isFunctionLike) ?? node.getSourceFile();
}

function memberName(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) return staticText(e.argumentExpression);
  return undefined;
}

export default defineRule({
  id: 'no-api-token-storage',
  kinds: ['code'],
  // Or: a write of a value whose type another module of the project declares.
  prefilter:
    /^(?=[\s\S]*?(?:atlassian|jira|confluence|bitbucket|atl|jsm|\/rest\/|\/wiki\/))(?=[\s\S]*?(?:token|api[\s_-]?key|pat|passw))|^(?=[\s\S]*?(?:from|require\()\s*['"]\.\.?\/)(?=[\s\S]*?(?:write(?:File|Json|JSON)|output(?:File|Json)|saveData|\.update\(|\.set\(|setItem|setSecret|\.store\(|\.cookie\())/i,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not persist Atlassian API tokens, encrypted or not.',
    messages: {
      stored: 'API token ({{name}}) stored with `{{api}}`.',
      storedEncrypted: 'API token ({{name}}) stored, encrypted, with `{{api}}`.',
    },
    details: {
      stored: `${API_TOKEN_POLICY} Fix: stop storing it, delete the copies already stored, and authenticate with OAuth 2.0 (3LO) or Forge \`asUser()\`/\`asApp()\` instead.`,
      storedEncrypted: `Encrypted storage does not make it compliant: the policy forbids storing API tokens at all. ${API_TOKEN_POLICY} Fix: stop storing it, delete the copies already stored, and authenticate with OAuth 2.0 (3LO) or Forge \`asUser()\`/\`asApp()\` instead.`,
    },
    fixable: false,
  },
  create(ctx) {
    // Test fixtures seed fake tokens; the product code that stores real ones is reported.
    if (ctx.facts.test) return {};
    const atl = atlassianFileOf(ctx.text);
    /** Whether the code around a node says Atlassian (then `password`, `token` are Atlassian's). */
    const placeOf = (node: ts.Node): Place => {
      let v: boolean | undefined;
      return () => (v ??= atl() || nearAtlassian(node, true));
    };
    const report = (node: ts.Node, end: number, w: TokenWrite): void =>
      ctx.report({ range: { start: node.getStart(), end }, messageId: w.encrypted ? 'storedEncrypted' : 'stored', data: { name: w.name, api: w.api } });
    /** Functions that call a save method, with that call's text. */
    const saves = new Map<ts.Node, string>();
    const assigned: { node: ts.Expression; name: string; fn: ts.Node }[] = [];
    /** Token fields of settings types and defaults; generic ones (`token`) count where the plugin says Atlassian. */
    const settingsFields: string[] = [];
    const genericFields: string[] = [];
    const saveData: ts.CallExpression[] = [];
    const settingsField = (name: string, owner: string, siblings: readonly string[]): void => {
      if (isApiTokenName(name, atl)) settingsFields.push(name);
      else if (isGenericCredentialName(name)) ([owner, ...siblings].some((x) => ATLASSIAN_WORD.test(x)) ? settingsFields : genericFields).push(name);
    };
    /** `document.cookie = 'jiraToken=' + token`, `localStorage.jira = btoa(email + ':' + token)`. */
    const assignedValue = (left: ts.Expression, name: string, right: ts.Expression, api: string): void => {
      const hit = isApiTokenName(name, atl) ? name : credentialInString(right, atl, () => ATLASSIAN_WORD.test(name) || placeOf(left)());
      if (hit !== undefined) report(left, left.end, { name: hit, api, encrypted: false });
    };
    return {
      [ts.SyntaxKind.CallExpression]: (n) => {
        const call = n as ts.CallExpression;
        const w = tokenWrite(call, { atl, place: placeOf(call), ...(ctx.readFile ? { read: ctx.readFile } : {}) });
        if (w) return report(call, call.expression.end, w);
        const name = calleeName(call) ?? '';
        if (!SAVE.test(name)) return;
        saves.set(enclosingFunction(call), `${call.expression.getText().replace(/\s+/g, '')}()`);
        if (name === 'saveData' && call.arguments.length > 0) saveData.push(call);
      },
      [ts.SyntaxKind.BinaryExpression]: (n) => {
        const b = n as ts.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || isEmptyValue(b.right)) return;
        const left = b.left;
        const prop = memberName(left);
        if (prop === undefined || !(ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left))) return;
        const owner = nameOf(left.expression) ?? '';
        if (WEB_STORAGE.test(owner)) return assignedValue(left, prop, b.right, `${owner}.${prop} =`);
        if (prop === 'cookie' && owner === 'document') {
          const cookie = /^\s*([\w.-]+)=/.exec(staticText(b.right) ?? '')?.[1];
          return assignedValue(left, cookie ?? '', b.right, 'document.cookie');
        }
        // this.plugin.settings.jiraApiToken = value; … await this.plugin.saveSettings()
        if (isApiTokenName(prop, atl)) assigned.push({ node: left, name: prop, fn: enclosingFunction(b) });
      },
      // interface MyPluginSettings { jiraApiToken: string }
      [ts.SyntaxKind.PropertySignature]: (n) => {
        const p = n as ts.PropertySignature;
        const decl = ts.isInterfaceDeclaration(p.parent) ? p.parent : ts.isTypeLiteralNode(p.parent) && ts.isTypeAliasDeclaration(p.parent.parent) ? p.parent.parent : undefined;
        const owner = decl?.name.text ?? '';
        const name = propertyNameText(p.name);
        if (name === undefined || !decl || !SETTINGS_TYPE.test(owner)) return;
        const members: readonly ts.Node[] = ts.isInterfaceDeclaration(decl) ? decl.members : p.parent.kind === ts.SyntaxKind.TypeLiteral ? (p.parent as ts.TypeLiteralNode).members : [];
        settingsField(name, owner, members.flatMap((m) => (ts.isPropertySignature(m) ? [propertyNameText(m.name) ?? ''] : [])));
      },
      // const DEFAULT_SETTINGS = { jiraApiToken: '' }
      [ts.SyntaxKind.VariableDeclaration]: (n) => {
        const d = n as ts.VariableDeclaration;
        if (!ts.isIdentifier(d.name) || !/settings|defaults/i.test(d.name.text) || !d.initializer || !ts.isObjectLiteralExpression(d.initializer)) return;
        const keys = d.initializer.properties.flatMap((p) => (p.name ? [propertyNameText(p.name) ?? ''] : []));
        for (const name of keys) settingsField(name, d.name.text, keys);
        const field = tokenField(d.initializer, atl);
        if (field) settingsFields.push(field);
      },
      onEnd: () => {
        let reported = 0;
        for (const a of assigned) {
          const api = saves.get(a.fn);
          if (api === undefined) continue;
          report(a.node, a.node.end, { name: a.name, api, encrypted: false });
          reported++;
        }
        if (reported > 0) return;
        // The settings object holds a token field and is saved here; the assignment lives elsewhere.
        for (const call of saveData) {
          const arg = call.arguments[0] as ts.Expression;
          const place = placeOf(call);
          const field = settingsFields[0] ?? typedCredential(arg, atl, place, ctx.readFile) ?? (genericFields[0] !== undefined && place() ? genericFields[0] : undefined);
          if (field !== undefined) report(call, call.expression.end, { name: field, api: `${call.expression.getText().replace(/\s+/g, '')}()`, encrypted: false });
        }
      },
    };
  },
});
