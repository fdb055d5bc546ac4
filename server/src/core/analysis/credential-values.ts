import * as ts from 'typescript';
import { ATLASSIAN_WORD, OAUTH_TOKEN_WORD } from '../knowledge/atlassian';
import { ATLASSIAN_TEXT } from './atlassian-place';
import { declaredFields } from './declared-types';
import { calleeName } from './fields';
import type { ModuleReader } from './modules';
import { isApiTokenName, OTHER_VENDOR, type AtlassianFile } from './names';
import { propertyNameText, unwrap } from './scope';
import { evaluate, holes, resolveValue } from './values';

/**
 * Credentials in values that are written somewhere, for `no-api-token-storage`. Names that say
 * Atlassian (`jiraApiToken`) are judged by `names.ts`; generic ones (`password`, `token`, `apiToken`)
 * count only where the place says Atlassian (a `jira-login:` key, a `JiraPlugin` class, a command
 * that asked for the "Jira password"). Atlassian Cloud has taken no account password over Basic auth
 * since 2019, so a stored Jira "password" is an API token.
 */

/** Whether the place a value is written says Atlassian (computed on demand). */
export type Place = () => boolean;

/** Generic credential names, as the last segment of a name: `password`, `token`, `userPassword`, `api_token`. */
const GENERIC_CREDENTIAL =
  /^(?:user|account|login|my|new|saved|stored|current)?[_-]?(?:token|api[_-]?token|pat|personal[_-]?access[_-]?token|pass(?:word|wd)?|app[_-]?password)$/i;

function lastSegment(name: string): string {
  const parts = name.split(/[.:/[\]]+/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? name;
}

/** OAuth and session credentials: the compliant way, which other rules judge ("personal access token" is not one). */
const OAUTH_WORD = /(?<!personal[\s_-]?)access[\s_-]?token|refresh[\s_-]?token|oauth|client[\s_-]?(?:id|secret)|\bid[\s_-]?token|jwt|session/i;

/**
 * A name or text about another service's credential or an OAuth one (`github.token`, "Your Todoist
 * API token", `accessToken`). A text that also names Atlassian is about Atlassian.
 */
export function otherService(text: string): boolean {
  return (OTHER_VENDOR.test(text) && !ATLASSIAN_TEXT.test(text)) || OAUTH_WORD.test(text);
}

/** `password`, `token`, `apiToken`: a credential, Atlassian's only where the place says so. */
export function isGenericCredentialName(name: string): boolean {
  return GENERIC_CREDENTIAL.test(lastSegment(name)) && !OAUTH_TOKEN_WORD.test(name) && !otherService(name);
}

/** Tokens that are not credentials a person holds: OAuth tokens, pagination cursors, nonces. */
const NOT_A_CREDENTIAL = /page|cursor|nonce|csrf|xsrf|webhook|state|verifier|challenge|expir/i;

/** A value read from a name that says it is another kind of token: `{ token: tokens.access_token }`, `{ token: nextPageToken }`. */
export function namesOtherToken(value: ts.Expression): boolean {
  return holes(evaluate(value)).some((h) => [h.key, ...h.aliases].some(isOtherToken));
}

function isOtherToken(name: string): boolean {
  const last = lastSegment(name);
  return OAUTH_TOKEN_WORD.test(last) || NOT_A_CREDENTIAL.test(last);
}

/** `showInputBox({ password: true })`, `password({ message })`: a value typed into a masked box. */
function fromPasswordBox(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const fn = calleeName(node) ?? '';
  if (fn === 'password' || fn === 'promptPassword' || fn === 'questionNewPassword') return true;
  const opts = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
  if (!/^(?:showInputBox|prompt|input|text)$/.test(fn) || !opts || !ts.isObjectLiteralExpression(opts)) return false;
  return opts.properties.some((p) => {
    if (!ts.isPropertyAssignment(p)) return false;
    const key = propertyNameText(p.name);
    const v = unwrap(p.initializer);
    return (key === 'password' && v.kind === ts.SyntaxKind.TrueKeyword) || (key === 'type' && ts.isStringLiteralLike(v) && /^(?:password|invisible)$/.test(v.text));
  });
}

/**
 * The credential a written value carries: an object field (see `tokenField` in `storage.ts` for
 * objects), or a string built from one (`${user}${SEP}${password}`, `btoa(email + ':' + token)`),
 * or a value typed into a password box. Returns the name the code gives it.
 */
export function credentialInString(expr: ts.Expression, atl: AtlassianFile, place: Place): string | undefined {
  if (ts.isObjectLiteralExpression(resolveValue(expr).expr)) return undefined;
  for (const h of holes(evaluate(expr)).slice(0, 8)) {
    const names = [...new Set([h.key, ...h.aliases])];
    const named = names.find((n) => isApiTokenName(n, atl));
    if (named !== undefined) return named;
    if (names.some(isOtherToken)) continue;
    const generic = names.find(isGenericCredentialName);
    if (generic !== undefined && place()) return generic;
    if (fromPasswordBox(h.node) && place()) return h.aliases[0] ?? h.key;
  }
  return undefined;
}

/**
 * A credential field of the declared type of a written value (`writeSettings(settings: Settings)`
 * → `jira.token`): named for Atlassian, or generic in a type, field or place that says Atlassian.
 */
export function typedCredential(expr: ts.Expression, atl: AtlassianFile, place: Place, read: ModuleReader | undefined): string | undefined {
  for (const f of declaredFields(expr, read)) {
    const owner = f.owners[f.owners.length - 1] ?? '';
    if (isApiTokenName(f.path, atl) || (owner !== '' && isApiTokenName(`${owner}.${lastSegment(f.path)}`, atl))) return f.path;
    if (!isGenericCredentialName(f.path) || otherService([...f.owners, f.path].join('.'))) continue;
    if ([f.path, ...f.owners, ...f.siblings].some((n) => ATLASSIAN_WORD.test(n)) || place()) return f.path;
  }
  return undefined;
}
