import * as ts from 'typescript';
import { kvsImport } from '../../analysis/move-secret';
import { isSecretOrTokenName } from '../../analysis/secrets';
import { propertyNameText, unwrap } from '../../analysis/scope';
import { resolveValue } from '../../analysis/values';
import type { Fix, TextEdit } from '../../model';
import { OAUTH_SECRET_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * OAuth tokens and secrets kept in storage that does not encrypt them. Atlassian's policy ("OAuth
 * implementation"): "Store OAuth client secrets and tokens using encrypted secret stores […] on Forge,
 * use Forge secret storage" — `kvs.setSecret`/`kvs.getSecret` (`@forge/kvs`), not `kvs.set`.
 * API tokens are `no-api-token-storage`'s business (storing them at all is forbidden).
 */

type Store = 'kvs' | 'storage' | 'localStorage' | 'sessionStorage';

interface StoreCall {
  readonly store: Store;
  readonly method: string;
  readonly call: ts.CallExpression;
  readonly callee: ts.PropertyAccessExpression;
}

function storeCall(call: ts.CallExpression): StoreCall | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const owner = unwrap(callee.expression);
  const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) && /^(?:window|globalThis|self)$/.test(owner.expression.getText()) ? owner.name.text : undefined;
  if (name !== 'kvs' && name !== 'storage' && name !== 'localStorage' && name !== 'sessionStorage') return undefined;
  return { store: name, method: callee.name.text, call, callee };
}

/** A key's static text: literal, template with `${…}` as `_`, or a const. */
function keyText(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = resolveValue(expr).expr;
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join('_');
  return expr.getText();
}

const TOKEN_KEY = /access[_-]?token|refresh[_-]?token|oauth|client[_-]?secret|secret|credential|tokens?(?:$|[^a-z])/i;
const API_TOKEN = /api[_-]?token|api[_-]?key|\bpat\b/i;

/** What the write stores, by its key or its value: `{ what, name }`, or undefined. */
function secretWritten(key: ts.Expression | undefined, value: ts.Expression | undefined): { what: string; name: string } | undefined {
  const k = keyText(key);
  // An Atlassian API token is no-api-token-storage's finding (storing it at all is forbidden).
  if (k !== undefined && API_TOKEN.test(k)) return undefined;
  const describe = (name: string): { what: string; name: string } => ({ what: /refresh/i.test(name) ? 'refresh token' : /secret/i.test(name) ? 'secret' : 'access token', name });
  if (k !== undefined && TOKEN_KEY.test(k) && !API_TOKEN.test(k) && !/(?:expir|expires|ttl|state|verifier|nonce)/i.test(k)) return describe(k);
  if (!value) return undefined;
  const r = resolveValue(value);
  const names = [...r.aliases, ts.isIdentifier(unwrap(value)) ? (unwrap(value) as ts.Identifier).text : undefined];
  if (ts.isPropertyAccessExpression(r.expr)) names.push(r.expr.name.text);
  for (const n of names) if (n && isSecretOrTokenName(n) && !API_TOKEN.test(n)) return describe(n);
  if (ts.isObjectLiteralExpression(r.expr)) {
    for (const p of r.expr.properties) {
      const name = ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) ? propertyNameText(p.name) : undefined;
      if (name && isSecretOrTokenName(name) && !API_TOKEN.test(name)) return describe(name);
    }
  }
  return undefined;
}

export default defineRule({
  id: 'no-plaintext-secret-storage',
  kinds: ['code'],
  prefilter: /^(?=[\s\S]*?(?:kvs|storage|Storage))(?=[\s\S]*?(?:token|secret|credential|oauth))/i,
  meta: {
    category: 'client-secrets',
    defaultSeverity: 'warning',
    policy: 'OAuth implementation',
    description: 'Store OAuth tokens and secrets with kvs.setSecret, not plain storage.',
    messages: {
      plaintext: 'OAuth {{what}} ({{name}}) stored unencrypted with `{{api}}`.',
      browser: 'OAuth {{what}} ({{name}}) stored in clear text in {{api}}.',
    },
    details: {
      plaintext: `${OAUTH_SECRET_POLICY} Fix: on Forge, write it with kvs.setSecret and read it with kvs.getSecret (Forge secret storage).`,
      browser: `Any script on the page, and the user, can read it. ${OAUTH_SECRET_POLICY} Fix: keep it on the server (a Forge resolver with kvs.setSecret, or an encrypted back-end store).`,
    },
    fixable: true,
  },
  create(ctx) {
    if (ctx.facts.test) return {};
    const writes: { sc: StoreCall; what: string; name: string; key: string | undefined }[] = [];
    const reads: StoreCall[] = [];
    return {
      [ts.SyntaxKind.CallExpression]: (n) => {
        const sc = storeCall(n as ts.CallExpression);
        if (!sc) return;
        const args = sc.call.arguments;
        if ((sc.store === 'kvs' || sc.store === 'storage') && (sc.method === 'get' || sc.method === 'delete')) reads.push(sc);
        const isWrite = sc.method === 'set' ? sc.store === 'kvs' || sc.store === 'storage' : sc.method === 'setItem' && (sc.store === 'localStorage' || sc.store === 'sessionStorage');
        if (!isWrite) return;
        const found = secretWritten(args[0], args[1]);
        if (found) writes.push({ sc, ...found, key: keyText(args[0]) });
      },
      onEnd: () => {
        const sf = ctx.sourceFile();
        for (const w of writes) {
          const api = `${w.sc.store}.${w.sc.method}`;
          const range = { start: w.sc.call.getStart(), end: w.sc.callee.getEnd() };
          if (w.sc.store === 'localStorage' || w.sc.store === 'sessionStorage') {
            ctx.report({ range, messageId: 'browser', data: { what: w.what, name: w.name, api } });
            continue;
          }
          const edits: TextEdit[] = [rename(w.sc, 'setSecret')];
          for (const r of reads) {
            if (w.key !== undefined && keyText(r.call.arguments[0]) === w.key) edits.push(rename(r, r.method === 'get' ? 'getSecret' : 'deleteSecret'));
          }
          if (edits.some((e) => e.newText.startsWith('kvs.'))) {
            const imp = kvsImport(sf);
            if (imp) edits.push(imp);
          }
          const fix: Fix = {
            title: 'Use kvs.setSecret and kvs.getSecret (Forge secret storage)',
            safe: false,
            note: 'Values already written with set() stay readable only with get(): migrate them once (get → setSecret → delete).',
            edits,
          };
          ctx.report({ range, messageId: 'plaintext', data: { what: w.what, name: w.name, api }, fixes: [fix] });
        }
      },
    };
  },
});

/** `kvs.set` → `kvs.setSecret`; legacy `storage.set` → `kvs.setSecret` (the import is added by the caller). */
function rename(sc: StoreCall, method: string): TextEdit {
  return { range: { start: sc.callee.getStart(), end: sc.callee.getEnd() }, newText: `kvs.${method}` };
}
