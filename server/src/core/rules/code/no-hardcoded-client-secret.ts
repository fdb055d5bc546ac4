import * as ts from 'typescript';
import { checkedJs, moveSecret, registerSecret, secretEnvName, shippedCode, type SecretLiteral, type SecretSite } from '../../analysis/move-secret';
import { atoaSecrets, configSecrets, literalSecrets, secretsInText, type LiteralSecret } from '../../analysis/secret-literals';
import { CLIENT_SECRET_TEXT } from '../../analysis/secrets';
import { clientSecretRotation } from '../../analysis/rotation';
import { unparsedReason } from '../../files';
import type { FileKind, Fix } from '../../model';
import { redact } from '../../redact';
import { OAUTH_SECRET_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * An OAuth client secret written into source or configuration. Atlassian's Marketplace security
 * policy, "OAuth implementation — client secret protection": "Do not hardcode client_secret values in
 * source code, configuration files, or any client-side artifact"; on Forge "use Forge secret storage".
 * 3LO secrets (`ATOA…`) are caught under any name: `dummyClientSecret` in an Angular config is real.
 */

function advice(forge: boolean): string {
  return forge
    ? 'move it to a Forge encrypted variable or Forge secret storage (kvs.setSecret/getSecret)'
    : 'read it from the environment or a secret manager at run time';
}

const WHERE: Readonly<Record<FileKind, string>> = {
  code: 'source code',
  manifest: 'a configuration file',
  env: 'a configuration file',
  json: 'a configuration file',
  yaml: 'a configuration file',
  markdown: 'documentation',
  text: 'a text file',
};

function report(ctx: RuleContext, s: LiteralSecret, fixes: readonly Fix[], fixNote = ''): void {
  const where = WHERE[ctx.kind];
  ctx.report({
    range: { start: s.start, end: s.end },
    messageId: s.kind !== 'atoa' ? 'hardcoded' : s.name === undefined ? 'atoaText' : 'atoa',
    data: { name: s.name ?? 'a value', value: redact(s.value), where, advice: advice(ctx.facts.forge), fixNote },
    fixes,
  });
}

export default defineRule({
  id: 'no-hardcoded-client-secret',
  kinds: ['code', 'env', 'json', 'yaml', 'manifest', 'markdown', 'text'],
  prefilter: /secret|ATOA/i,
  meta: {
    category: 'client-secrets',
    defaultSeverity: 'error',
    policy: 'OAuth implementation',
    description: 'Never write OAuth client secrets into source code or configuration files.',
    messages: {
      hardcoded: 'Client secret hard-coded in {{name}} ({{value}}).',
      atoa: 'Atlassian 3LO client secret ({{value}}) hard-coded in {{name}}.',
      atoaText: 'Atlassian 3LO client secret ({{value}}) written in {{where}}.',
    },
    detail: `It is written in {{where}}. ${OAUTH_SECRET_POLICY} Fix: {{advice}}, and rotate the secret.{{fixNote}}`,
    fixable: true,
  },
  check(ctx) {
    // Documentation, other text files and code too big or minified to parse (SPEC §2 "Real code"):
    // only the `ATOA` shape, which says 3LO secret whatever surrounds it.
    if (ctx.kind === 'markdown' || ctx.kind === 'text' || (ctx.kind === 'code' && unparsedReason(ctx.text) !== undefined)) {
      for (const s of atoaSecrets(ctx.text, 0, ctx.facts.test)) report(ctx, s, []);
      return;
    }
    if (ctx.kind === 'code') return;
    const kind = ctx.kind === 'env' || ctx.kind === 'json' || ctx.kind === 'manifest' ? ctx.kind : 'yaml';
    for (const s of configSecrets(ctx.text, kind, ctx.facts.test)) {
      const env = secretEnvName(s.name);
      const fixes: Fix[] = kind === 'env' && s.name !== undefined
        ? [{
            title: `Remove the secret from ${s.name ?? env}`,
            detail: 'Set it in the deployment environment instead.',
            safe: false,
            note: clientSecretRotation(s.name, ctx.text.slice(s.valueStart, s.valueEnd)),
            edits: [{ range: { start: s.valueStart, end: s.valueEnd }, newText: '' }],
          }]
        : [];
      report(ctx, s, fixes);
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code' || unparsedReason(ctx.text) !== undefined) return {};
    const inTest = ctx.facts.test;
    const named = CLIENT_SECRET_TEXT.test(ctx.text);
    // Reported at the walk's end, when every secret of the file is known: two secrets, two names.
    const found: Array<{ s: LiteralSecret; site: SecretSite }> = [];
    let frontEnd: string | undefined | null = null;
    let checked = false;
    const site = (lit: SecretLiteral, s: LiteralSecret): SecretSite => {
      if (frontEnd === null) {
        const read = ctx.readFile ? (p: string): string | undefined => ctx.readFile?.(p) : undefined;
        frontEnd = shippedCode(ctx.path, ctx.text, ctx.facts.frontEnd, read);
        checked = checkedJs(ctx.path, ctx.text, read);
      }
      return { path: ctx.path, text: ctx.text, forge: ctx.facts.forge, literal: lit, start: s.start, end: s.end, name: s.name, frontEnd, checkedJs: checked };
    };
    const add = (lit: SecretLiteral, s: LiteralSecret): void => {
      const at = site(lit, s);
      registerSecret(at, 'CLIENT_SECRET');
      found.push({ s, site: at });
    };
    const literal = (n: ts.Node): void => {
      const lit = n as ts.StringLiteralLike;
      for (const s of literalSecrets(lit, inTest, named)) add(lit, s);
    };
    const templatePart = (n: ts.Node): void => {
      const part = n as ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;
      const start = part.getStart() + 1;
      const raw = ctx.text.slice(start, part.getEnd() - (ts.isTemplateTail(part) ? 1 : 2));
      for (const s of secretsInText(raw, start, inTest)) add(part, s);
    };
    return {
      [ts.SyntaxKind.StringLiteral]: literal,
      [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: literal,
      [ts.SyntaxKind.TemplateHead]: templatePart,
      [ts.SyntaxKind.TemplateMiddle]: templatePart,
      [ts.SyntaxKind.TemplateTail]: templatePart,
      onEnd: () => {
        for (const { s, site: at } of found) {
          const offer = moveSecret(at);
          report(ctx, s, offer.fixes, offer.fixNote);
        }
      },
    };
  },
});
