import * as ts from 'typescript';
import { importedFrom, isPackage } from '../../analysis/imports';
import { checkedJs, moveSecret, registerSecret, shippedCode, type SecretSite } from '../../analysis/move-secret';
import { bindingName } from '../../analysis/secret-literals';
import { isSecretValue } from '../../analysis/secrets';
import { propertyNameText, unwrap } from '../../analysis/scope';
import { resolveValue } from '../../analysis/values';
import { isKeyValue, isSigningKeyName, namedSigningKeys, SIGNING_KEY_TEXT } from '../../analysis/signing-keys';
import { unparsedReason } from '../../files';
import type { FileKind, Fix } from '../../model';
import { redact } from '../../redact';
import { OAUTH_SECRET_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * A literal key given to a signing, HMAC or cipher API, or sent as a constant webhook token. Anyone
 * who reads the code can forge the app's tokens or webhook calls. Atlassian's policy ("OAuth
 * implementation — client secret protection"): keys and secrets belong in encrypted secret stores
 * (Forge secret storage on Forge), never in source.
 */

const WEBHOOK_HEADER = /^x-automation-webhook-token$/i;

const WHERE: Readonly<Record<FileKind, string>> = {
  code: 'source code',
  manifest: 'a configuration file',
  env: 'a configuration file',
  json: 'a configuration file',
  yaml: 'a configuration file',
  markdown: 'documentation',
  text: 'a text file',
};

/** The argument that is a key, and what the API is, for a call; undefined for other calls. */
function keyArgument(call: ts.CallExpression): { arg: ts.Expression; api: string } | undefined {
  const callee = unwrap(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!method) return undefined;
  const a = call.arguments;
  if (method === 'createHmac' || method === 'createCipheriv' || method === 'createDecipheriv') return a[1] ? { arg: a[1], api: `crypto.${method}` } : undefined;
  if (method === 'jwtVerify') return a[1] ? { arg: a[1], api: 'jose jwtVerify' } : undefined;
  if (method === 'sign' && ts.isPropertyAccessExpression(callee) && /\bSignJWT\b/.test(callee.expression.getText())) return a[0] ? { arg: a[0], api: 'jose SignJWT.sign' } : undefined;
  if (method === 'sign' || method === 'verify') {
    const from = importedFrom(callee);
    const jwt = (from && isPackage(from.module, 'jsonwebtoken')) || (ts.isPropertyAccessExpression(callee) && /^(?:jwt|jsonwebtoken|JWT)$/.test(callee.expression.getText()));
    return jwt && a[1] ? { arg: a[1], api: `jsonwebtoken ${method}` } : undefined;
  }
  return undefined;
}

/** A key expression's string literal: through bindings, `new TextEncoder().encode(x)` and `Buffer.from(x)`. */
function keyLiteral(expr: ts.Expression): ts.StringLiteralLike | undefined {
  let e = resolveValue(expr).expr;
  for (let i = 0; i < 3 && ts.isCallExpression(e); i++) {
    const callee = unwrap(e.expression);
    const inner = e.arguments[0];
    if (!inner || !ts.isPropertyAccessExpression(callee) || !/^(?:encode|from)$/.test(callee.name.text)) break;
    e = resolveValue(inner).expr;
  }
  return ts.isStringLiteralLike(e) ? e : undefined;
}

export default defineRule({
  id: 'no-hardcoded-signing-key',
  kinds: ['code', 'env', 'json', 'yaml', 'markdown', 'text'],
  prefilter: new RegExp(`\\b(?:sign|verify|jwtVerify|createHmac|createCipheriv|createDecipheriv)\\b|webhook-token|${SIGNING_KEY_TEXT.source}`, 'i'),
  meta: {
    category: 'client-secrets',
    defaultSeverity: 'error',
    policy: 'OAuth implementation',
    description: 'Never hardcode signing, HMAC or cipher keys, or webhook tokens.',
    messages: {
      key: 'Hard-coded key ({{value}}) passed to {{api}}.',
      named: 'Hard-coded {{name}} value ({{value}}) in {{where}}.',
      webhookToken: 'Constant webhook token ({{value}}) sent in the {{header}} header.',
    },
    details: {
      key: `Anyone who reads the code can forge what it signs or read what it encrypts. ${OAUTH_SECRET_POLICY} Fix: {{advice}}, and rotate the key.{{fixNote}}`,
      named: `Anyone who reads it can forge what it signs or read what it encrypts. ${OAUTH_SECRET_POLICY} Fix: {{advice}}, and rotate the key.{{fixNote}}`,
      webhookToken: `Anyone who reads the code can call the webhook. ${OAUTH_SECRET_POLICY} Fix: {{advice}}, and rotate the token.{{fixNote}}`,
    },
    fixable: true,
  },
  check(ctx) {
    // Config files, documentation and other text: keys written down by name (`JWT_SECRET=…` in a
    // deployment guide's code block, a table row, `.env`).
    if (ctx.kind === 'code') return;
    const advice = ctx.facts.forge ? 'move it to a Forge encrypted variable or Forge secret storage' : 'set it in the deployment environment or a secret manager';
    for (const k of namedSigningKeys(ctx.text, ctx.facts.test)) {
      const fixes: Fix[] = ctx.kind === 'env'
        ? [{ title: `Remove the key from ${k.name}`, detail: 'Set it in the deployment environment instead.', safe: false, note: 'Rotate the key: the committed value has been exposed.', edits: [{ range: { start: k.start, end: k.end }, newText: '' }] }]
        : [];
      ctx.report({ range: { start: k.start, end: k.end }, messageId: 'named', data: { name: k.name, value: redact(k.value), where: WHERE[ctx.kind], advice, fixNote: '' }, fixes });
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code' || unparsedReason(ctx.text) !== undefined) return {};
    const advice = ctx.facts.forge ? 'move it to a Forge encrypted variable or Forge secret storage' : 'read it from the environment or a secret manager';
    const seen = new Set<ts.Node>();
    const namedKeys = SIGNING_KEY_TEXT.test(ctx.text);
    // Reported at the end, so a key also passed to a signing call is reported once, naming the call,
    // and every secret of the file is known when the fixes name their variables.
    const named: Array<{ lit: ts.StringLiteral; name: string }> = [];
    const pending: Array<{ site: SecretSite; messageId: string; data: Record<string, string>; fallback: string }> = [];
    let frontEnd: string | undefined | null = null;
    let checked = false;
    const siteOf = (lit: ts.StringLiteralLike): SecretSite => {
      if (frontEnd === null) {
        const read = ctx.readFile ? (p: string): string | undefined => ctx.readFile?.(p) : undefined;
        frontEnd = shippedCode(ctx.path, ctx.text, ctx.facts.frontEnd, read);
        checked = checkedJs(ctx.path, ctx.text, read);
      }
      return { path: ctx.path, text: ctx.text, forge: ctx.facts.forge, literal: lit, start: lit.getStart() + 1, end: lit.getEnd() - 1, name: bindingName(lit), frontEnd, checkedJs: checked };
    };
    const reportLiteral = (lit: ts.StringLiteralLike, messageId: string, data: Record<string, string>, fallback: string): void => {
      if (seen.has(lit) || !isSecretValue(lit.text, ctx.facts.test)) return;
      seen.add(lit);
      const site = siteOf(lit);
      registerSecret(site, fallback);
      pending.push({ site, messageId, data: { ...data, value: redact(lit.text), advice }, fallback });
    };
    const namedFallback = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    return {
      [ts.SyntaxKind.CallExpression]: (n) => {
        const found = keyArgument(n as ts.CallExpression);
        const lit = found ? keyLiteral(found.arg) : undefined;
        if (found && lit) reportLiteral(lit, 'key', { api: found.api }, 'SIGNING_KEY');
      },
      [ts.SyntaxKind.StringLiteral]: (n) => {
        // const JWT_SECRET = '…', { webhookSecret: '…' }: a generated key bound to a key name.
        const lit = n as ts.StringLiteral;
        if (!namedKeys || lit.text.length < 16) return;
        const name = bindingName(lit);
        if (name && isSigningKeyName(name) && isKeyValue(lit.text, ctx.facts.test)) {
          named.push({ lit, name });
          if (isSecretValue(lit.text, ctx.facts.test)) registerSecret(siteOf(lit), namedFallback(name));
        }
      },
      [ts.SyntaxKind.PropertyAssignment]: (n) => {
        const p = n as ts.PropertyAssignment;
        const key = propertyNameText(p.name);
        if (key === undefined || !WEBHOOK_HEADER.test(key)) return;
        const lit = keyLiteral(p.initializer);
        if (lit) reportLiteral(lit, 'webhookToken', { header: key }, 'WEBHOOK_TOKEN');
      },
      onEnd: () => {
        for (const { lit, name } of named) reportLiteral(lit, 'named', { name, where: WHERE.code }, namedFallback(name));
        for (const p of pending) {
          const offer = moveSecret(p.site, p.fallback);
          ctx.report({ range: { start: p.site.start, end: p.site.end }, messageId: p.messageId, data: { ...p.data, fixNote: offer.fixNote }, fixes: offer.fixes });
        }
      },
    };
  },
});
