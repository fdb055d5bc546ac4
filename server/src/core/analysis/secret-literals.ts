import * as ts from 'typescript';
import { propertyNameText, unwrap } from './scope';
import { ATOA_SECRET, isAtoaSecret, isClientSecretName, isSecretValue } from './secrets';

/**
 * Where a literal secret sits in code and in config text, for `no-hardcoded-client-secret` and the
 * front-end rule: a literal bound to a secret name (variable, property, parameter default,
 * `process.env.X ?? 'literal'` fallback, `params.append('client_secret', …)`), an `ATOA…` value
 * under any name, or `client_secret=…` in a query string or form body.
 */

export interface LiteralSecret {
  readonly kind: 'named' | 'atoa' | 'query';
  /** Offsets of the secret itself. */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** The name the value is bound to, when there is one. */
  readonly name: string | undefined;
}

function nameOfTarget(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  if (ts.isElementAccessExpression(x)) {
    const a = unwrap(x.argumentExpression);
    return ts.isStringLiteralLike(a) ? a.text : undefined;
  }
  return undefined;
}

/** The name a literal is bound to: climbs through `??`, `||`, `?:`, parentheses and assertions. */
export function bindingName(lit: ts.Node): string | undefined {
  let n: ts.Node = lit;
  for (let i = 0; i < 6; i++) {
    const p = n.parent;
    if (!p) return undefined;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p) || ts.isConditionalExpression(p)) {
      n = p;
      continue;
    }
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken && p.right === n) return nameOfTarget(p.left);
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        if (p.right === n) {
          const left = nameOfTarget(p.left);
          if (left) return left;
        }
        n = p;
        continue;
      }
      return undefined;
    }
    if (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isPropertyDeclaration(p)) {
      return ts.isIdentifier(p.name) ? p.name.text : undefined;
    }
    if (ts.isPropertyAssignment(p)) return p.initializer === n ? propertyNameText(p.name) : undefined;
    if (ts.isJsxExpression(p) && ts.isJsxAttribute(p.parent)) return p.parent.name.getText();
    if (ts.isJsxAttribute(p)) return p.name.getText();
    if (ts.isCallExpression(p)) {
      // params.append('client_secret', '…'), form.set('clientSecret', '…')
      const callee = unwrap(p.expression);
      const first = p.arguments[0] ? unwrap(p.arguments[0]) : undefined;
      if (p.arguments[1] === n && ts.isPropertyAccessExpression(callee) && /^(?:append|set|add|field|setItem)$/.test(callee.name.text) && first && ts.isStringLiteralLike(first)) return first.text;
      return undefined;
    }
    return undefined;
  }
  return undefined;
}

const QUERY_SECRET = /(?:^|[?&\s;])(client_secret|clientSecret|client-secret|consumer_secret)=([^&\s'"`#]+)/gi;

/** Secrets in one piece of literal text starting at `offset` (ATOA values and query-string secrets). */
export function secretsInText(text: string, offset: number, inTest: boolean): LiteralSecret[] {
  const out: LiteralSecret[] = [];
  if (/ATOA/.test(text)) {
    for (const m of text.matchAll(ATOA_SECRET)) {
      const start = offset + (m.index ?? 0);
      if (isSecretValue(m[0], inTest)) out.push({ kind: 'atoa', start, end: start + m[0].length, value: m[0], name: undefined });
    }
  }
  if (/secret=/i.test(text)) {
    for (const m of text.matchAll(QUERY_SECRET)) {
      const value = decodeSafe(m[2] ?? '');
      const at = (m.index ?? 0) + m[0].length - (m[2] ?? '').length;
      if (!isSecretValue(value, inTest) || out.some((o) => o.start === offset + at)) continue;
      out.push({ kind: 'query', start: offset + at, end: offset + at + (m[2] ?? '').length, value, name: m[1] });
    }
  }
  return out;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Secrets a string literal holds, by the name it is bound to or by its content. */
export function literalSecrets(lit: ts.StringLiteralLike, inTest: boolean, namedInFile = true): LiteralSecret[] {
  if (lit.text.length < 8) return [];
  const inText = /ATOA|secret=/i.test(lit.text);
  if (!namedInFile && !inText) return [];
  const name = bindingName(lit);
  const start = lit.getStart() + 1;
  if (name && isClientSecretName(name) && isSecretValue(lit.text, inTest) && lit.getEnd() - 1 - start === lit.text.length) {
    return [{ kind: isAtoaSecret(lit.text) ? 'atoa' : 'named', start, end: start + lit.text.length, value: lit.text, name }];
  }
  if (!inText) return [];
  // Escapes make text offsets differ from file offsets: scan the raw source of the literal.
  const raw = lit.getSourceFile().text.slice(start, lit.getEnd() - 1);
  return secretsInText(raw, start, inTest).map((s) => (s.kind === 'atoa' && name ? { ...s, name } : s));
}

/** A config line's secret: `.env` `NAME=value`, JSON `"name": "value"`, YAML `name: value`. */
export interface ConfigSecret extends LiteralSecret {
  /** Offsets of the whole value (with quotes) for fixes that empty it. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(["']?)([^\r\n]*?)\2[ \t]*(?:#[^\r\n]*)?$/dgm;
const JSON_PAIR = /"((?:[^"\\\r\n]|\\.)+)"\s*:\s*(")((?:[^"\\\r\n]|\\.)*)"/dg;
const YAML_PAIR = /^[ \t]*(?:-[ \t]+)?([\w.-]+)[ \t]*:[ \t]+(["']?)([^\s'"#][^\r\n'"#]*?)\2[ \t]*(?:#[^\r\n]*)?$/dgm;

/** Named secrets and ATOA values in `.env`, JSON and YAML text. */
export function configSecrets(text: string, kind: 'env' | 'json' | 'yaml' | 'manifest', inTest: boolean): ConfigSecret[] {
  const out: ConfigSecret[] = [];
  const pattern = kind === 'env' ? ENV_LINE : kind === 'json' ? JSON_PAIR : YAML_PAIR;
  for (const m of text.matchAll(pattern)) {
    const name = m[1] ?? '';
    const value = m[3] ?? '';
    const quote = m[2] ?? '';
    const start = m.indices?.[3]?.[0] ?? 0;
    const valueEnd = start + value.length + quote.length;
    if (isClientSecretName(name) && isSecretValue(value, inTest)) {
      out.push({ kind: isAtoaSecret(value) ? 'atoa' : 'named', start, end: start + value.length, value, name, valueStart: start - quote.length, valueEnd });
    }
  }
  if (/ATOA/.test(text)) {
    for (const m of text.matchAll(ATOA_SECRET)) {
      const start = m.index ?? 0;
      if (out.some((o) => o.start <= start && start < o.end) || !isSecretValue(m[0], inTest)) continue;
      out.push({ kind: 'atoa', start, end: start + m[0].length, value: m[0], name: undefined, valueStart: start, valueEnd: start + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
