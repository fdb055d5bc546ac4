import * as ts from 'typescript';
import { bindingName } from './secret-literals';
import { evaluate, render, type SymbolicString } from './values';
import { PREVIEW_URL_VARS } from '../knowledge/redirect-hosts';
import type { RuleContext, Visitors } from '../rule';
import { connectRedirects } from './connect-urls';
import { docRedirects } from './doc-redirects';
import { makeRedirectUri, queryParams, type RedirectUri } from './redirect-uri';

export type { RedirectUri } from './redirect-uri';

/**
 * Redirect and callback URIs in code and config, for the redirect rules (SPEC 11–12): values bound to
 * `redirect_uri`, `redirectUri`, `callbackURL`, `callback_url`, … (variables, properties, passport
 * options, `URLSearchParams`, `.env`/JSON/YAML keys) and the `redirect_uri` query parameter of an
 * authorize URL; Atlassian Connect URLs that receive callbacks (descriptor and atlassian-connect-express
 * config); redirect keys set in documentation and other text files. Atlassian policy, "Redirect URI
 * security".
 */

const REDIRECT_NAME = /redirect[_-]?ur[il]s?$|callback[_-]?ur[il]s?$|^(?:oauth[_-]?)?callback$|redirect[_-]?to$|^redirect$/i;

export function isRedirectName(name: string): boolean {
  const last = name.split(/[.:/[\]]+/).filter((p) => p.length > 0).pop() ?? name;
  return REDIRECT_NAME.test(last) && !/(?:path|route|param|name|label|key|env|var)s?$/i.test(last);
}

function previewVarOf(value: SymbolicString): string | undefined {
  for (const p of value) {
    if (p.kind !== 'hole') continue;
    const hit = [p.key, ...p.aliases].find((n) => PREVIEW_URL_VARS.test(n));
    if (hit) return hit;
  }
  return undefined;
}

/** Redirect URIs a string literal or template builds (by the name it is bound to, or a query parameter). */
export function codeRedirects(node: ts.StringLiteralLike | ts.TemplateExpression): RedirectUri[] {
  // A plain string can only be a redirect URI with a scheme, or hold a `redirect_uri=` parameter.
  if (!ts.isTemplateExpression(node) && !node.text.includes('://') && !/redirect_uri=/i.test(node.text)) return [];
  const sf = node.getSourceFile();
  const out: RedirectUri[] = [];
  const name = bindingName(node);
  const pieces: ts.Node[] = ts.isTemplateExpression(node) ? [node.head, ...node.templateSpans.map((s) => s.literal)] : [node];
  if (name && isRedirectName(name)) {
    const value = evaluate(node);
    const display = render(value);
    const head = pieces[0] as ts.Node;
    const raw = sf.text.slice(head.getStart() + 1, head.getEnd());
    const http = /^\s*http:/i.exec(raw);
    const httpAt = http ? { offset: head.getStart() + 1 + raw.indexOf('http'), text: raw.slice(raw.indexOf('http'), raw.indexOf('http') + 5) } : undefined;
    out.push(makeRedirectUri(name, display, node.getStart(), node.getEnd(), previewVarOf(value), httpAt));
    return out;
  }
  for (const p of pieces) {
    const start = p.getStart() + 1;
    out.push(...queryParams(sf.text.slice(start, p.getEnd() - 1), start));
  }
  return out;
}

// A value ends on a non-blank character, or on a blank before its closing quote: trailing blanks are
// then read once, not again from every point inside them (issue 14: `x` + 10,000 spaces + `y`).
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(["']?)((?:[^\r\n]*?(?:[^ \t\r\n]|[ \t](?=["'])))??)\2[ \t]*(?:#[^\r\n]*)?$/dgm;
// A key opens at a quote that no backslash escapes: a line of `\"` then costs one pass, not one per quote.
const JSON_PAIR = /(?<!\\)"((?:[^"\\\r\n]|\\.)+)"\s*:\s*(")((?:[^"\\\r\n]|\\.)*)"/dg;
const YAML_PAIR = /^[ \t]*(?:-[ \t]+)?([\w.-]+)[ \t]*:[ \t]+(["']?)([^\s'"#](?:[^\r\n'"#]*?(?:[^ \t\r\n'"#]|[ \t](?=["'])))??)\2[ \t]*(?:#[^\r\n]*)?$/dgm;

/** Redirect URIs in `.env`, JSON and YAML values (by key, or a `redirect_uri` query parameter). */
export function configRedirects(text: string, kind: 'env' | 'json' | 'yaml'): RedirectUri[] {
  const out: RedirectUri[] = [];
  const pattern = kind === 'env' ? ENV_LINE : kind === 'json' ? JSON_PAIR : YAML_PAIR;
  for (const m of text.matchAll(pattern)) {
    const name = m[1] ?? '';
    const value = m[3] ?? '';
    const start = m.indices?.[3]?.[0] ?? 0;
    if (isRedirectName(name) && /^[a-z][\w+.-]*:\/\//i.test(value)) {
      const vars = /\$\{?([A-Z_][A-Z0-9_]*)\}?/g;
      const preview = [...value.matchAll(vars)].map((v) => v[1] ?? '').find((v) => PREVIEW_URL_VARS.test(v));
      const httpAt = /^http:/i.test(value) ? { offset: start, text: value.slice(0, 5) } : undefined;
      out.push(makeRedirectUri(name, value, start, start + value.length, preview, httpAt));
    } else {
      out.push(...queryParams(value, start));
    }
  }
  return out;
}

/** The URIs a non-code file sets: config keys, Connect URLs (JSON), keys in docs and text files. */
export function textRedirects(path: string, text: string, kind: 'env' | 'json' | 'yaml' | 'markdown' | 'text'): RedirectUri[] {
  if (kind === 'markdown' || kind === 'text') return docRedirects(text);
  const found = configRedirects(text, kind);
  if (kind !== 'json') return found;
  const seen = new Set(found.map((u) => u.start));
  return [...found, ...connectRedirects(path, text).filter((u) => !seen.has(u.start))];
}

/** The file kinds the redirect rules read. */
export const REDIRECT_KINDS = ['code', 'env', 'json', 'yaml', 'markdown', 'text'] as const;

/**
 * The two hooks every redirect-URI rule shares: config, Connect and documentation files are read as
 * text in `check`, code is walked in `create` (string literals and templates); each URI goes to `onUri`.
 */
export function redirectHooks(onUri: (ctx: RuleContext, uri: RedirectUri) => void): { check(ctx: RuleContext): void; create(ctx: RuleContext): Visitors } {
  return {
    check(ctx) {
      if (ctx.kind === 'code' || ctx.kind === 'manifest') return;
      for (const uri of textRedirects(ctx.path, ctx.text, ctx.kind)) onUri(ctx, uri);
    },
    create(ctx) {
      if (ctx.kind !== 'code') return {};
      const visit = (n: ts.Node): void => {
        for (const uri of codeRedirects(n as ts.StringLiteralLike | ts.TemplateExpression)) onUri(ctx, uri);
      };
      return {
        [ts.SyntaxKind.StringLiteral]: visit,
        [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: visit,
        [ts.SyntaxKind.TemplateExpression]: visit,
      };
    },
  };
}
