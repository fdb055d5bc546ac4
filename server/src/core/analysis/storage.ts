import * as ts from 'typescript';
import { ATLASSIAN_WORD } from '../knowledge/atlassian';
import { stringsUnder } from './atlassian-place';
import { credentialInString, isGenericCredentialName, namesOtherToken, otherService, typedCredential, type Place } from './credential-values';
import { calleeName, staticText } from './fields';
import type { ModuleReader } from './modules';
import { isApiTokenName, type AtlassianFile } from './names';
import { nameOf, propertyNameText, resolveExpression, unwrap } from './scope';

/**
 * Persistence calls and what they write, for `no-api-token-storage`: Forge storage (`kvs`, legacy
 * `storage`, entity and issue/page properties), Web Storage, cookies, browser-extension and
 * Electron/`conf` stores, VS Code `secrets`/`globalState`/configuration, keytar-style keychains, files
 * written with `fs`/`fs-extra` (also of a typed config object), and database writes (Prisma, Mongoose,
 * Sequelize, Knex, Firestore, DynamoDB).
 */

export interface TokenWrite {
  /** The name that says API token: a key, field, variable or file. */
  readonly name: string;
  /** The API as written, e.g. `kvs.setSecret`. */
  readonly api: string;
  /** Encrypted stores: still storage, and the message says so. */
  readonly encrypted: boolean;
}

/** What a write is judged with. */
export interface WriteContext {
  readonly atl: AtlassianFile;
  /** Whether the code around the call says Atlassian: then `password`, `token` are Atlassian's. */
  readonly place: Place;
  /** Reads relative modules, for types imported from them. */
  readonly read?: ModuleReader;
}

/** A write's key as text: `'jira:apiToken'`, `` `jira:${id}:apiToken` `` → `jira:_:apiToken`, consts followed. */
function keyText(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = resolveExpression(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join('_');
  return staticText(e) ?? nameOf(e);
}

/** A key constant like `JIRA_TOKEN_KEY` names what it stores. */
function keyNamesToken(key: string | undefined, atl: AtlassianFile): boolean {
  if (key === undefined) return false;
  return isApiTokenName(key, atl) || isApiTokenName(key.replace(/[_-]?(?:storage|secret)?[_-]?key$/i, ''), atl);
}

export function isEmptyValue(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (
    e.kind === ts.SyntaxKind.NullKeyword ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(e) && e.text === 'undefined') ||
    (ts.isStringLiteralLike(e) && e.text === '') ||
    ts.isNumericLiteral(e)
  );
}

/**
 * The first field of an object literal (nested up to 3 levels, spreads followed) that names an API
 * token; with a `place` that says Atlassian, also a generic one (`{ username, password }`).
 */
export function tokenField(expr: ts.Expression, atl: AtlassianFile, place?: Place, prefix = '', depth = 0): string | undefined {
  const obj = resolveExpression(expr);
  if (!ts.isObjectLiteralExpression(obj) || depth > 3) return undefined;
  for (const p of obj.properties) {
    if (ts.isSpreadAssignment(p)) {
      const inner = tokenField(p.expression, atl, place, prefix, depth + 1);
      if (inner) return inner;
      continue;
    }
    const key = ts.isPropertyAssignment(p) ? propertyNameText(p.name) : ts.isShorthandPropertyAssignment(p) ? p.name.text : undefined;
    if (key === undefined) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer : (p as ts.ShorthandPropertyAssignment).name;
    const full = prefix ? `${prefix}.${key}` : key;
    const generic = place !== undefined && isGenericCredentialName(full) && !namesOtherToken(value) && (ATLASSIAN_WORD.test(full) || place());
    if ((isApiTokenName(key, atl) || isApiTokenName(full, atl) || generic) && !isEmptyValue(value)) return full;
    const nested = tokenField(value, atl, place, /^(?:data|\$set|item|values?|fields|update|doc)$/i.test(key) ? prefix : full, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** The value inside `JSON.stringify(x)`, `encrypt(x)`, `encode(x)`. */
function written(expr: ts.Expression): ts.Expression {
  const e = resolveExpression(expr);
  return ts.isCallExpression(e) && /^(?:stringify|encrypt|encode)$/.test(calleeName(e) ?? '') && e.arguments[0] ? e.arguments[0] : expr;
}

/** What a written value says: an object with a token field, or a variable named like a token. */
function valueNamesToken(expr: ts.Expression | undefined, atl: AtlassianFile, place?: Place): string | undefined {
  if (!expr || isEmptyValue(expr)) return undefined;
  const e = resolveExpression(written(expr));
  if (ts.isObjectLiteralExpression(e)) return tokenField(e, atl, place);
  const parts: string[] = [];
  if (ts.isTemplateExpression(e)) {
    parts.push(...`${e.head.text} ${e.templateSpans.map((s) => s.literal.text).join(' ')}`.split(/[^\w.-]+/));
    for (const s of e.templateSpans) parts.push(nameOf(s.expression) ?? '');
  } else if (ts.isStringLiteralLike(e)) {
    parts.push(...e.text.split(/[^\w.-]+/));
  } else {
    parts.push(nameOf(expr) ?? '', nameOf(e) ?? '');
  }
  return parts.find((p) => p.length > 0 && isApiTokenName(p, atl));
}

const STORE_RECEIVER =
  /^(?:kvs|storage|\w*Store|\w*Storage|store|conf|config|configstore|settings|prefs|preferences|keyv|redis|db|\w*Db|persist\w*|vault|local|sync|session|globalState|workspaceState|onJira\w*|onConfluence\w*|onCompass\w*|entity|transact|getConfiguration|\w*[Cc]ookies)$/;
/** VS Code mementos and configurations, however the code names them (`wsConfig = workspace.getConfiguration('x')`). */
const SETTINGS_RECEIVER = /^(?:globalState|workspaceState|getConfiguration|\w*[Cc]onfig(?:uration)?|settings)$/;
const SECRET_RECEIVER = /secret/i;
/** fs, fs/promises, fs-extra, jsonfile. */
const FILE_WRITES = new Set(['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'outputFile', 'outputFileSync', 'writeJson', 'writeJsonSync', 'writeJSON', 'writeJSONSync', 'outputJson', 'outputJsonSync']);
/** Record writes whose object argument carries the fields (ORMs, document stores, `set({...})`, Obsidian `saveData`). */
const DB_WRITES = new Set(['create', 'createMany', 'insert', 'insertOne', 'insertMany', 'update', 'updateOne', 'updateMany', 'upsert', 'findOneAndUpdate', 'findByIdAndUpdate', 'put', 'putItem', 'add', 'addDoc', 'setDoc', 'updateDoc', 'set', 'saveData']);
/** Credential files that are Atlassian's by name: `~/.jira-credentials`, `.atlassianrc`, `jira-token.json`. */
const ATLASSIAN_CREDENTIAL_PATH = /(?:jira|atlassian|confluence|bitbucket)[\w.-]*(?:cred|token|auth|secret|rc\b|config)|\.(?:jira|atlassian|confluence)rc\b|(?:cred|token)[\w.-]*(?:jira|atlassian|confluence)/i;

const WRITE_METHODS = new Set([
  'setSecret', 'setItem', 'store', 'setPassword', 'update', 'set', 'cookie',
  ...FILE_WRITES,
  ...DB_WRITES,
]);

function receiverName(callee: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const r = unwrap(callee.expression);
  if (ts.isCallExpression(r)) return calleeName(r);
  if (ts.isNewExpression(r)) return calleeName(r);
  if (ts.isPropertyAccessExpression(r)) return r.name.text;
  return ts.isIdentifier(r) ? r.text : undefined;
}

function apiText(call: ts.CallExpression): string {
  const t = call.expression.getText().replace(/\s+/g, '');
  return t.length > 60 ? `…${t.slice(-59)}` : t;
}

/** A file in the home folder or named for Atlassian: `join(homedir(), '.jira', 'config.json')`, `'~/.jirarc'`. */
function filePlace(path: ts.Expression, place: Place): Place {
  return () => stringsUnder(resolveExpression(path), 20).some((s) => ATLASSIAN_WORD.test(s)) || place();
}

/** Whether this call persists an Atlassian API token, and how. */
export function tokenWrite(call: ts.CallExpression, wc: WriteContext): TokenWrite | undefined {
  const method = calleeName(call);
  // Most calls in a file are none of these: decide on the method name before any other work.
  if (!method || !WRITE_METHODS.has(method) || call.arguments.length === 0) return undefined;
  const { atl } = wc;
  const args = call.arguments;
  const receiver = receiverName(unwrap(call.expression)) ?? '';
  const found = (name: string | undefined, encrypted = false): TokenWrite | undefined => (name ? { name, api: apiText(call), encrypted } : undefined);
  /** The value: a token-named variable or field, a string built from a credential, a typed settings object. */
  const value = (v: ts.Expression | undefined, place: Place): string | undefined =>
    v && !isEmptyValue(v) ? (valueNamesToken(v, atl, place) ?? credentialInString(written(v), atl, place) ?? typedCredential(written(v), atl, place, wc.read)) : undefined;
  const keyed = (encrypted: boolean, prefix = ''): TokenWrite | undefined => {
    const key = keyText(args[0]);
    if (key !== undefined && keyNamesToken(prefix + key, atl) && !(args[1] && isEmptyValue(args[1]))) return found(prefix + key, encrypted);
    // A key for another service's credential or an OAuth token (`githubToken`) says what the value is.
    if (key !== undefined && otherService(key)) return undefined;
    // `globalState.update(`jira-login:${url}`, …)`: a key that says Jira makes `password` Jira's.
    return found(value(args[1], () => ATLASSIAN_WORD.test(prefix + (key ?? '')) || wc.place()), encrypted);
  };
  if (method === 'setSecret') return keyed(true);
  if (method === 'setItem' || (method === 'cookie' && args.length >= 2)) return keyed(false);
  if (method === 'store' && SECRET_RECEIVER.test(receiver)) return keyed(true);
  if (method === 'setPassword') {
    // keytar.setPassword(service, account, secret); new Entry(service, account).setPassword(secret)
    const r = unwrap(call.expression);
    const owner = ts.isPropertyAccessExpression(r) ? unwrap(r.expression) : undefined;
    const labels = [...args.slice(0, -1), ...(owner && ts.isNewExpression(owner) ? owner.arguments ?? [] : [])].map((a) => keyText(a) ?? '');
    if (labels.some((l) => /atlassian|jira|confluence|bitbucket/i.test(l))) return found(labels.join('/'), true);
    return found(valueNamesToken(args[args.length - 1], atl), true);
  }
  if (method === 'update' && SETTINGS_RECEIVER.test(receiver) && args.length >= 2) {
    const inner = unwrap(call.expression);
    const section = ts.isPropertyAccessExpression(inner) && ts.isCallExpression(unwrap(inner.expression)) ? keyText((unwrap(inner.expression) as ts.CallExpression).arguments[0]) : undefined;
    return keyed(false, section ? `${section}.` : '');
  }
  if (method === 'set' && args.length >= 2 && STORE_RECEIVER.test(receiver)) return keyed(false);
  if (FILE_WRITES.has(method) && args[0] && args[1]) {
    const named = valueNamesToken(args[1], atl);
    if (named) return found(named);
    const path = args[0].getText();
    if (ATLASSIAN_CREDENTIAL_PATH.test(path) && /token|password|secret|cred/i.test(args[1].getText())) {
      return found(/['"`]([^'"`]+)['"`]/.exec(path)?.[1] ?? path);
    }
    return found(value(args[1], filePlace(args[0], wc.place)));
  }
  // `map.set(id, data)`, `set.add(x)`: two-argument sets were decided above by their receiver.
  if (DB_WRITES.has(method) && !(method === 'set' && args.length > 1)) {
    for (const a of args) {
      const arg = unwrap(a);
      if (!ts.isObjectLiteralExpression(arg) && !ts.isIdentifier(arg)) continue;
      const field = tokenField(arg, atl);
      if (field) return found(field);
    }
  }
  return undefined;
}
