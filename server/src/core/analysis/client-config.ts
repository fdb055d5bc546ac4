import * as ts from 'typescript';
import { isPlaceholderHost, isPlaceholderValue } from '../knowledge/atlassian';
import { getProperty, nameOf, objectEntries, resolveExpression, unwrap } from './scope';
import { isApiTokenName } from './names';

/**
 * How an Atlassian client library's options object authenticates. Used by `no-api-token-client`;
 * option shapes come from the libraries' READMEs: jira.js / confluence.js
 * (`authentication: { basic | oauth2 | personalAccessToken }`), jira-client (`username`, `password`,
 * `bearer`), jira-connector (`basic_auth: { email, api_token } | { username, password } | { base64 }`).
 */

export type AuthFinding = {
  readonly kind: 'basic' | 'pat';
  /** What the credential is, for the message ("an email and API token"). */
  readonly credential: string;
  /** Literal values of the credential, to keep obviously fake test fixtures quiet. */
  readonly literals: readonly string[];
  /** The option's key (`basic`, `password`, `basic_auth`…): what has to change, so findings go there. */
  readonly at: ts.Node;
};

/** The key of the property whose value is `value` (the value itself for shorthand properties). */
function keyOf(value: ts.Expression): ts.Node {
  return ts.isPropertyAssignment(value.parent) ? value.parent.name : value;
}

/** The object literals an expression can evaluate to (both arms of `?:`, `||`, `??`). */
export function objectCandidates(expr: ts.Expression, depth = 0): ts.ObjectLiteralExpression[] {
  const e = resolveExpression(expr);
  if (ts.isObjectLiteralExpression(e)) return [e];
  if (depth > 4) return [];
  if (ts.isConditionalExpression(e)) return [...objectCandidates(e.whenTrue, depth + 1), ...objectCandidates(e.whenFalse, depth + 1)];
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return [...objectCandidates(e.left, depth + 1), ...objectCandidates(e.right, depth + 1)];
  }
  return [];
}

function isAbsent(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
}

function literalsOf(values: Iterable<ts.Expression>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const e = resolveExpression(v);
    if (ts.isStringLiteralLike(e)) out.push(e.text);
  }
  return out;
}

function describeBasic(value: ts.Expression): AuthFinding {
  const objects = objectCandidates(value);
  const entries = objects.length > 0 ? objectEntries(objects[0] as ts.ObjectLiteralExpression) : new Map<string, ts.Expression>();
  const keys = [...entries.keys()];
  const credential = keys.some((k) => /api_?token/i.test(k))
    ? 'an email and API token'
    : keys.includes('password')
      ? 'a username and password'
      : keys.includes('base64')
        ? 'pre-encoded Basic credentials'
        : 'Basic credentials';
  return { kind: 'basic', credential, literals: literalsOf(entries.values()), at: keyOf(value) };
}

/** jira.js and confluence.js: `{ authentication: { basic } }` or `{ authentication: { personalAccessToken } }`. */
export function jiraJsAuth(config: ts.ObjectLiteralExpression): AuthFinding | undefined {
  const auth = getProperty(config, 'authentication');
  if (!auth) return undefined;
  for (const obj of objectCandidates(auth)) {
    const basic = getProperty(obj, 'basic');
    if (basic && !isAbsent(basic)) return describeBasic(basic);
    const pat = getProperty(obj, 'personalAccessToken');
    if (pat && !isAbsent(pat)) return { kind: 'pat', credential: 'authentication.personalAccessToken', literals: literalsOf([pat]), at: keyOf(pat) };
  }
  return undefined;
}

/** jira-client: `{ username, password }` is Basic auth; `bearer` named like an API token/PAT is a PAT. */
export function jiraClientAuth(config: ts.ObjectLiteralExpression): AuthFinding | undefined {
  const password = getProperty(config, 'password');
  if (password && !isAbsent(password)) {
    const name = nameOf(password) ?? '';
    const credential = /token/i.test(name) ? 'a username and API token (`password`)' : 'a username and password';
    return { kind: 'basic', credential, literals: literalsOf([password]), at: keyOf(password) };
  }
  const bearer = getProperty(config, 'bearer');
  const name = bearer ? nameOf(bearer) : undefined;
  if (bearer && name && (isApiTokenName(name, false) || /pat\b|personal/i.test(name)) && !/access_?token|oauth/i.test(name)) {
    return { kind: 'pat', credential: `\`bearer: ${name}\``, literals: literalsOf([bearer]), at: keyOf(bearer) };
  }
  return undefined;
}

/** jira-connector: any `basic_auth` (email + api_token, username + password, or base64). */
export function jiraConnectorAuth(config: ts.ObjectLiteralExpression): AuthFinding | undefined {
  const basic = getProperty(config, 'basic_auth');
  return basic && !isAbsent(basic) ? describeBasic(basic) : undefined;
}

/** The static host of a client config (`host: 'https://acme.atlassian.net'` → `acme.atlassian.net`). */
export function staticHost(config: ts.ObjectLiteralExpression): string | undefined {
  const value = getProperty(config, 'host');
  if (!value) return undefined;
  const e = resolveExpression(value);
  if (!ts.isStringLiteralLike(e)) return undefined;
  const m = /^(?:[a-z][\w+.-]*:\/\/)?([^/:?#\s]+)/i.exec(e.text.trim());
  return m?.[1]?.toLowerCase();
}

/** Test fixtures with a placeholder host or placeholder credentials are not the product's auth. */
export function looksFake(host: string | undefined, auth: AuthFinding): boolean {
  return (host !== undefined && isPlaceholderHost(host)) || auth.literals.some((v) => isPlaceholderValue(v));
}
