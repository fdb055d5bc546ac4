import * as ts from 'typescript';
import { bindingName } from './secret-literals';
import { evaluate, render, type SymbolicString } from './values';
import { PREVIEW_URL_VARS } from '../knowledge/redirect-hosts';
import type { RuleContext, Visitors } from '../rule';

/**
 * Redirect and callback URIs in code and config, for the redirect rules (SPEC 11–12): values bound to
 * `redirect_uri`, `redirectUri`, `callbackURL`, `callback_url`, … (variables, properties, passport
 * options, `URLSearchParams`, `.env`/JSON/YAML keys) and the `redirect_uri` query parameter of an
 * authorize URL. Atlassian policy, "Redirect URI security".
 */

export interface RedirectUri {
  /** Range reported: the URI's text (or the expression that builds it). */
  readonly start: number;
  readonly end: number;
  /** `redirect_uri`, `callbackURL`, … */
  readonly name: string;
  /** The URI with unknown parts as `{name}`; never holds a secret (it is a URL). */
  readonly display: string;
  readonly scheme: string | undefined;
  /** Lower-case host, possibly with `{name}` parts when built at run time. */
  readonly host: string | undefined;
  /** A preview-deployment variable the URI is built from (`VERCEL_BRANCH_URL`). */
  readonly previewVar: string | undefined;
  /** File offset and text of the insecure scheme (`http:` or `http%3A`), for the https fix. */
  readonly httpAt: { readonly offset: number; readonly text: string } | undefined;
}

const REDIRECT_NAME = /redirect[_-]?ur[il]s?$|callback[_-]?ur[il]s?$|^(?:oauth[_-]?)?callback$|redirect[_-]?to$|^redirect$/i;

export function isRedirectName(name: string): boolean {
  const last = name.split(/[.:/[\]]+/).filter((p) => p.length > 0).pop() ?? name;
  return REDIRECT_NAME.test(last) && !/(?:path|route|param|name|label|key|env|var)s?$/i.test(last);
}

function parse(uri: string): { scheme: string | undefined; host: string | undefined } {
  const m = /^\s*([a-z][\w+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(uri);
  return { scheme: m?.[1]?.toLowerCase(), host: m?.[2]?.toLowerCase() || undefined };
}

function previewVarOf(value: SymbolicString): string | undefined {
  for (const p of value) {
    if (p.kind !== 'hole') continue;
    const hit = [p.key, ...p.aliases].find((n) => PREVIEW_URL_VARS.test(n));
    if (hit) return hit;
  }
  return undefined;
}

function make(name: string, display: string, start: number, end: number, previewVar: string | undefined, httpAt: RedirectUri['httpAt']): RedirectUri {
  const { scheme, host } = parse(display);
  return { start, end, name, display: display.length > 120 ? `${display.slice(0, 117)}...` : display, scheme, host, previewVar, httpAt };
}

const QUERY_PARAM = /[?&]redirect_uri=([^&"'`\s#]+)/gi;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `redirect_uri=…` parameters in one piece of literal source text starting at `offset`. */
function queryParams(raw: string, offset: number): RedirectUri[] {
  if (!/redirect_uri=/i.test(raw)) return [];
  const out: RedirectUri[] = [];
  for (const m of raw.matchAll(QUERY_PARAM)) {
    const value = m[1] ?? '';
    const at = offset + (m.index ?? 0) + m[0].length - value.length;
    const scheme = /^http(?::|%3A)/i.exec(value);
    const insecure = scheme && !/^https/i.test(value) ? { offset: at, text: scheme[0] } : undefined;
    out.push(make('redirect_uri', decode(value), at, at + value.length, undefined, insecure));
  }
  return out;
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
    out.push(make(name, display, node.getStart(), node.getEnd(), previewVarOf(value), httpAt));
    return out;
  }
  for (const p of pieces) {
    const start = p.getStart() + 1;
    out.push(...queryParams(sf.text.slice(start, p.getEnd() - 1), start));
  }
  return out;
}

const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(["']?)([^\r\n]*?)\2[ \t]*(?:#[^\r\n]*)?$/dgm;
const JSON_PAIR = /"((?:[^"\\\r\n]|\\.)+)"\s*:\s*(")((?:[^"\\\r\n]|\\.)*)"/dg;
const YAML_PAIR = /^[ \t]*(?:-[ \t]+)?([\w.-]+)[ \t]*:[ \t]+(["']?)([^\s'"#][^\r\n'"#]*?)\2[ \t]*(?:#[^\r\n]*)?$/dgm;

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
      out.push(make(name, value, start, start + value.length, preview, httpAt));
    } else {
      out.push(...queryParams(value, start));
    }
  }
  return out;
}

/**
 * The two hooks every redirect-URI rule shares: config files (`.env`, JSON, YAML) are read as text in
 * `check`, code is walked in `create` (string literals and templates); each URI goes to `onUri`.
 */
export function redirectHooks(onUri: (ctx: RuleContext, uri: RedirectUri) => void): { check(ctx: RuleContext): void; create(ctx: RuleContext): Visitors } {
  return {
    check(ctx) {
      if (ctx.kind === 'code') return;
      for (const uri of configRedirects(ctx.text, ctx.kind === 'env' ? 'env' : ctx.kind === 'json' ? 'json' : 'yaml')) onUri(ctx, uri);
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
