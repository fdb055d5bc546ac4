import * as ts from 'typescript';
import type { Fix, TextEdit } from '../model';
import { toEnvName } from './env-name';
import { projectFrontEndReason } from './project-kind';
import { clientSecretRotation, keyRotation } from './rotation';

/**
 * SPEC §4.1 "Move a secret" fixes. Forge code gets two actions: a Forge encrypted variable
 * (`process.env.NAME`; `forge variables set --encrypt NAME`) and Forge secret storage
 * (`await kvs.getSecret('name')`, only where `await` is legal). Other code reads `process.env.NAME`
 * and `NAME=` is declared in `.env.example` (appended when the file does not declare it yet, see
 * `core/env-declarations.ts`). The literal always leaves the file.
 * Forge docs: "Environment variables" (`--encrypt`) and "Secret storage" (`@forge/kvs` `getSecret`).
 *
 * A fix is offered only where the rewrite compiles and keeps behaviour (SPEC §1 job 2): a secret
 * written as a type, a property name, an enum member, in an ambient declaration, or in code that
 * ships to users gets no fix, and the finding says why ({@link SecretOffer.fixNote}). Different
 * secrets in one file get different variable names.
 */

/** A literal holding a secret: a string, a no-substitution template, or one part of a template. */
export type SecretLiteral = ts.StringLiteralLike | ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;

export interface SecretSite {
  readonly path: string;
  readonly text: string;
  readonly forge: boolean;
  /** The literal holding the secret. */
  readonly literal: SecretLiteral;
  /** The secret's offsets in the file (the whole literal's content, or a part of it). */
  readonly start: number;
  readonly end: number;
  /** The name the value is bound to (`clientSecret`, `client_secret`); picks the variable name. */
  readonly name: string | undefined;
  /** Why the file runs in the browser or ships to users (SPEC rule 8), when it does. */
  readonly frontEnd?: string | undefined;
  /** A JavaScript file type-checked by its project (`// @ts-check`, `checkJs`): reads get the TypeScript guard. */
  readonly checkedJs?: boolean;
}

/** The fixes for one secret, or none and the reason, which the rule appends to its message. */
export interface SecretOffer {
  readonly fixes: Fix[];
  /** '' when fixes are offered; otherwise " No automatic fix: <reason>." */
  readonly fixNote: string;
}

/** Whether an `await` is legal at `node`: inside an async function (not across a nested non-async one). */
export function awaitAllowed(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    // A class field initializer, a static block, a decorator or a computed member name is its own
    // scope: `await` is not legal there even inside an async function.
    if (ts.isPropertyDeclaration(p) && p.initializer === n) return false;
    if (ts.isClassStaticBlockDeclaration(p) || ts.isDecorator(p) || (ts.isComputedPropertyName(p) && ts.isClassElement(p.parent))) return false;
    if (ts.isFunctionLike(p)) {
      // Parameter defaults cannot await, even in an async function.
      if (ts.isParameter(n)) return false;
      return (ts.getCombinedModifierFlags(p as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
    }
  }
  // Top level: legal only in ES modules with a recent module target, which one file cannot tell.
  return false;
}

function isTs(path: string): boolean {
  return /\.[cm]?tsx?$/i.test(path);
}

/** Positions where an expression can replace `node` without parentheses. */
function needsParens(node: ts.Node): boolean {
  const p = node.parent;
  return !(
    ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p) || ts.isCallExpression(p) || ts.isNewExpression(p) ||
    ts.isArrayLiteralExpression(p) || ts.isReturnStatement(p) || ts.isParameter(p) || ts.isBindingElement(p) ||
    ts.isTemplateSpan(p) || ts.isPropertyDeclaration(p) || ts.isJsxExpression(p) || ts.isExportAssignment(p) ||
    ts.isParenthesizedExpression(p) || ts.isCaseClause(p)
  );
}

/**
 * Whether an `await …` put in `node`'s place needs parentheses: only where its parent binds tighter
 * than a unary expression (member access, a call or `new` of it, a tag, `!`, the left of `**`).
 * `const s = await kvs.getSecret('x')` needs none; `(await kvs.getSecret('x')).trim()` does.
 */
function awaitNeedsParens(node: ts.Node): boolean {
  const p = node.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) return true;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === node) return true;
  if (ts.isTaggedTemplateExpression(p) && p.tag === node) return true;
  if (ts.isNonNullExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken;
}

function escapeTemplate(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function isConstAssertion(n: ts.Node): n is ts.AsExpression | ts.TypeAssertion {
  return (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) && ts.isConstTypeReference(n.type);
}

/**
 * The node an expression replaces: the literal, or `'…' as const` / `<const>'…'` around it (a
 * const assertion only applies to literals, TS1355, and the value is no longer one).
 */
function replacedNode(lit: ts.Node): ts.Node {
  let n = lit;
  while (ts.isParenthesizedExpression(n.parent) || isConstAssertion(n.parent)) {
    if (ts.isParenthesizedExpression(n.parent) && !isConstAssertion(n.parent.parent)) break;
    n = n.parent;
  }
  return n;
}

/** The edit that puts `expr` where the secret is: the whole literal, or a `${}` in a template. */
function replaceSecret(site: SecretSite, expr: string, guard: string): TextEdit {
  const lit = site.literal;
  const litStart = lit.getStart();
  const value = guard ? `${expr}${guard}` : expr;
  const contentStart = litStart + 1;
  const contentEnd = lit.getEnd() - (ts.isTemplateHead(lit) || ts.isTemplateMiddle(lit) ? 2 : 1);
  const whole = site.start <= contentStart && site.end >= contentEnd;
  if (ts.isTemplateHead(lit) || ts.isTemplateMiddle(lit) || ts.isTemplateTail(lit) || (ts.isNoSubstitutionTemplateLiteral(lit) && !whole)) {
    // Inside a template the raw text stays as written: the secret becomes a substitution.
    return { range: { start: site.start, end: site.end }, newText: `\${${value}}` };
  }
  if (whole) {
    const target = replacedNode(lit);
    const start = target.getStart();
    // `clientSecret="…"` in JSX takes an expression only in braces.
    if (ts.isJsxAttribute(target.parent)) return { range: { start, end: target.getEnd() }, newText: `{${value}}` };
    const parens = guard ? needsParens(target) : expr.startsWith('await ') && awaitNeedsParens(target);
    return { range: { start, end: target.getEnd() }, newText: parens ? `(${value})` : value };
  }
  // A secret inside a longer string (a query string, a form body): the string becomes a template.
  const raw = site.text.slice(contentStart, contentEnd);
  const before = raw.slice(0, site.start - contentStart);
  const after = raw.slice(site.end - contentStart);
  const plain = (s: string): string => escapeTemplate(s.replace(/\\(['"])/g, '$1'));
  const template = `\`${plain(before)}\${${value}}${plain(after)}\``;
  return { range: { start: litStart, end: lit.getEnd() }, newText: ts.isJsxAttribute(lit.parent) ? `{${template}}` : template };
}

/** Whether a type annotation admits only literal values (`'a'`, `'a' | 'b'`): `string` does not fit it. */
function literalOnlyType(t: ts.TypeNode | undefined): boolean {
  if (!t) return false;
  if (ts.isParenthesizedTypeNode(t)) return literalOnlyType(t.type);
  if (ts.isLiteralTypeNode(t) || ts.isTemplateLiteralTypeNode(t)) return true;
  return ts.isUnionTypeNode(t) && t.types.every((x) => literalOnlyType(x) || x.kind === ts.SyntaxKind.UndefinedKeyword);
}

/** Why no expression can take the literal's place (it is a type, a name, a constant), or undefined. */
export function positionRefusal(lit: SecretLiteral): string | undefined {
  const ambient = lit.getSourceFile().isDeclarationFile || ts.findAncestor(lit, (n) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword));
  if (ambient) return 'the secret is in a declaration (`declare`, `.d.ts`), which holds no run-time value; delete the value from it';
  if (ts.findAncestor(lit, (n) => ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n))) {
    return 'the secret is written as a literal type, and a type cannot be read from the environment; type it as `string` and read the value at run time';
  }
  const template = ts.isNoSubstitutionTemplateLiteral(lit) ? lit : ts.isTemplateHead(lit) ? lit.parent : ts.isStringLiteral(lit) ? undefined : lit.parent.parent;
  if (template && ts.isTaggedTemplateExpression(template.parent)) {
    return 'the secret is in a tagged template, and its tag would receive it as a value instead of text; move it by hand';
  }
  const node = replacedNode(lit);
  const p = node.parent;
  if (ts.isEnumMember(p)) {
    return p.name === node
      ? 'the secret is an enum member name, which must be known when the code is compiled; rename the member'
      : 'the secret is an enum member, and enum members must be constants known when the code is compiled; replace the enum with a value read at run time (process.env)';
  }
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isBindingElement(p)) && p.name === node) {
    return 'the secret is a property name, which must be known when the code is written; use a fixed key and move the value';
  }
  if (ts.isBindingElement(p) && p.propertyName === node) return 'the secret is a property name, which must be known when the code is written; use a fixed key and move the value';
  if (ts.isComputedPropertyName(p) || (ts.isElementAccessExpression(p) && p.argumentExpression === node)) {
    return 'the secret is used as a property name, and a value from the environment would change which property is read; use a fixed key and move the value';
  }
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) || ts.isModuleDeclaration(p) || ts.isImportAttribute(p)) {
    return 'the secret is a module name, which must be known when the code is compiled';
  }
  if ((ts.isCallExpression(p) && (p.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(p.expression) && p.expression.text === 'require')))) {
    return 'the secret is a module name, which must be known when the code is compiled';
  }
  if ((ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isParameter(p)) && p.initializer === node && literalOnlyType(p.type)) {
    return 'its declared type is the literal value itself, so a value read at run time does not fit it; declare it as `string` first';
  }
  return undefined;
}

/** An import of `kvs` from `@forge/kvs` (ESM or CommonJS, as the file already imports). */
export function kvsImport(sf: ts.SourceFile): TextEdit | undefined {
  if (/\bkvs\b[^;\n]{0,400}['"]@forge\/kvs['"]/.test(sf.text) || /['"]@forge\/kvs['"][^;\n]{0,400}\bkvs\b/.test(sf.text)) return undefined;
  const imports = sf.statements.filter(ts.isImportDeclaration);
  const last = imports[imports.length - 1];
  const commonJs = /\.cjs$/i.test(sf.fileName) || (!/\.mjs$/i.test(sf.fileName) && /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/.test(sf.text));
  const cjs = !last && !isTs(sf.fileName) && commonJs;
  const line = cjs ? "const { kvs } = require('@forge/kvs');\n" : "import { kvs } from '@forge/kvs';\n";
  if (last) return { range: { start: last.getEnd(), end: last.getEnd() }, newText: `\n${line.trimEnd()}` };
  const first = sf.statements[0];
  const directive = first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first : undefined;
  if (directive) return { range: { start: directive.getEnd(), end: directive.getEnd() }, newText: `\n${line.trimEnd()}` };
  return { range: { start: 0, end: 0 }, newText: line };
}

/** `clientSecret` → `CLIENT_SECRET`; `client_secret` → `CLIENT_SECRET`; nothing → `fallback`. */
export function secretEnvName(name: string | undefined, fallback = 'CLIENT_SECRET'): string {
  if (!name || !/^[A-Za-z_$][\w$.-]*$/.test(name)) return fallback;
  const env = toEnvName(name.split('.').pop() ?? name).replace(/^(?:DUMMY|X)_/, '');
  return /SECRET|KEY|TOKEN/.test(env) ? env : fallback;
}

/**
 * Where the project's `.env.example` lives: beside the `src/` folder the file is in
 * (`svc/src/oauth.ts` → `svc/.env.example`), else at the workspace root.
 */
export function envExamplePath(path: string): string {
  const m = /^(.*?\/)?src\//.exec(path);
  return `${m?.[1] ?? ''}.env.example`;
}

/** `CLIENT_SECRET` → `client-secret` (a Forge secret-storage key). */
function storageKey(env: string): string {
  return env.toLowerCase().replace(/_/g, '-');
}

/** `process.env.X || 'literal'`: the name already read from the environment, when the literal is its fallback. */
function envFallback(site: SecretSite): { name: string; left: ts.Expression } | undefined {
  const p = site.literal.parent;
  if (!ts.isBinaryExpression(p) || p.right !== site.literal) return undefined;
  if (p.operatorToken.kind !== ts.SyntaxKind.BarBarToken && p.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken) return undefined;
  const m = /^process\.env\.([A-Za-z_][\w]*)$/.exec(p.left.getText());
  return m?.[1] ? { name: m[1], left: p.left } : undefined;
}

// ---- Names: one variable per distinct secret in a file ------------------------------------------

interface Registered {
  readonly site: SecretSite;
  readonly fallback: string;
  readonly value: string;
}

interface Registry {
  readonly sites: Map<number, Registered>;
  names?: { size: number; byValue: Map<string, string> };
}

/**
 * Secrets of a file, registered by both secret rules during the engine's one walk and named at its
 * end. Keyed by the parsed file, so it goes with it: nothing to clear.
 */
const registries = new WeakMap<ts.SourceFile, Registry>();

function registryOf(sf: ts.SourceFile): Registry {
  let r = registries.get(sf);
  if (!r) registries.set(sf, (r = { sites: new Map() }));
  return r;
}

/**
 * Records a secret the rule will offer a fix for. Call during the walk; call {@link moveSecret} at
 * the walk's end (`onEnd`), when every secret of the file is known, so two secrets get two names.
 */
export function registerSecret(site: SecretSite, fallback: string): void {
  const reg = registryOf(site.literal.getSourceFile());
  if (!reg.sites.has(site.start)) reg.sites.set(site.start, { site, fallback, value: site.text.slice(site.start, site.end) });
}

/** Qualifier words that say nothing about which secret this is. */
const GENERIC = /^(?:config(?:uration)?|conf|cfg|options|opts|settings|env(?:ironment)?|credentials|creds|secrets?|keys?|defaults?|exports|module|params|body|data|payload|headers|auth|oauth2?|index|app|main|constants|consts|values?|props|init|run|handler|server|src|lib)$/i;

/** Names around a site, nearest first: enclosing object keys, variables, classes, functions. */
function qualifiers(site: SecretSite): string[] {
  const out: string[] = [];
  const add = (name: string | undefined): void => {
    if (name && /^[A-Za-z_$][\w$-]*$/.test(name) && !GENERIC.test(name)) out.push(name);
  };
  let skippedOwn = false;
  for (let n: ts.Node | undefined = site.literal.parent; n && !ts.isSourceFile(n); n = n.parent) {
    let name: string | undefined;
    if (ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n) || ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isClassExpression(n) || ts.isEnumDeclaration(n)) {
      name = n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : undefined;
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left)) {
      name = n.left.name.text;
    }
    if (name === undefined) continue;
    if (!skippedOwn && name === site.name) {
      skippedOwn = true;
      continue;
    }
    add(name);
  }
  return out;
}

/** Environment names the file reads already (`process.env.NAME`, `process.env['NAME']`). */
function namesRead(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])/g)) out.add(m[1] ?? m[2] ?? '');
  return out;
}

/**
 * A variable name for each distinct secret value of a file: its own (`clientSecret` →
 * `CLIENT_SECRET`) when no other secret wants it and the file does not read it already; otherwise
 * qualified by its context (`jira: { clientSecret }` → `JIRA_CLIENT_SECRET`), a number last.
 */
function allocate(reg: Registry, text: string): Map<string, string> {
  if (reg.names && reg.names.size === reg.sites.size) return reg.names.byValue;
  const sites = [...reg.sites.values()].sort((a, b) => a.site.start - b.site.start);
  const byValue = new Map<string, string>();
  const taken = namesRead(text);
  const first = new Map<string, Registered>();
  const base = new Map<string, string>();
  for (const r of sites) {
    const fb = envFallback(r.site);
    if (fb) {
      // Already read from the environment: that name is this secret's.
      byValue.set(r.value, fb.name);
      continue;
    }
    if (!first.has(r.value)) first.set(r.value, r);
    const own = secretEnvName(r.site.name, r.fallback);
    // A value registered twice keeps the more telling name (its own rather than the fallback).
    if (!base.has(r.value) || base.get(r.value) === r.fallback) base.set(r.value, own);
  }
  const pending = [...base.keys()].filter((v) => !byValue.has(v));
  const wanted = new Map<string, number>();
  for (const v of pending) wanted.set(base.get(v) ?? '', (wanted.get(base.get(v) ?? '') ?? 0) + 1);
  const used = new Set<string>(byValue.values());
  const clash = (name: string): boolean => used.has(name) || taken.has(name);
  const contested: string[] = [];
  for (const v of pending) {
    const name = base.get(v) ?? '';
    if ((wanted.get(name) ?? 0) === 1 && !clash(name)) {
      byValue.set(v, name);
      used.add(name);
    } else contested.push(v);
  }
  // Of secrets wanting one name, a single one with nothing around it to tell it apart keeps the
  // name; the others are qualified by their context (object key, variable, class, function), then
  // by the file's name, and numbered only when all of that is taken.
  const context = new Map(contested.map((v) => {
    const r = first.get(v);
    return [v, r ? qualifiers(r.site) : []] as const;
  }));
  for (const v of contested) {
    const name = base.get(v) ?? '';
    const bare = contested.filter((o) => base.get(o) === name && (context.get(o) ?? []).length === 0);
    if (bare[0] === v && !clash(name)) {
      byValue.set(v, name);
      used.add(name);
    }
  }
  const site0 = (v: string): SecretSite | undefined => first.get(v)?.site;
  for (const v of contested) {
    if (byValue.has(v)) continue;
    const name = base.get(v) ?? '';
    let chosen: string | undefined;
    const stem = /([^/]+?)(?:\.[^./]+)?$/.exec(site0(v)?.path ?? '')?.[1];
    for (const q of [...(context.get(v) ?? []), ...(stem && !GENERIC.test(stem) ? [stem] : [])]) {
      const prefix = toEnvName(q);
      if (!prefix || name.includes(prefix)) continue;
      const candidate = `${prefix}_${name}`;
      if (!clash(candidate) && !contested.some((o) => o !== v && !byValue.has(o) && base.get(o) === candidate)) {
        chosen = candidate;
        break;
      }
    }
    for (let i = 2; chosen === undefined; i++) if (!clash(`${name}_${i}`)) chosen = `${name}_${i}`;
    byValue.set(v, chosen);
    used.add(chosen);
  }
  reg.names = { size: reg.sites.size, byValue };
  return byValue;
}

/** Other places of the file holding the same secret that a fix can rewrite (each its own literal). */
function twins(site: SecretSite): SecretSite[] {
  const value = site.text.slice(site.start, site.end);
  const out: SecretSite[] = [];
  for (const r of registryOf(site.literal.getSourceFile()).sites.values()) {
    const s = r.site;
    if (s.literal === site.literal || r.value !== value || envFallback(s) || positionRefusal(s.literal) || inLogCall(s.literal)) continue;
    if (out.some((o) => o.literal === s.literal)) continue;
    out.push(s);
  }
  return out;
}

/** The variable name for a site: allocated among the file's registered secrets. */
function envNameOf(site: SecretSite, fallback: string): string {
  const reg = registryOf(site.literal.getSourceFile());
  registerSecret(site, fallback);
  return allocate(reg, site.text).get(site.text.slice(site.start, site.end)) ?? secretEnvName(site.name, fallback);
}

// ---- The offer ----------------------------------------------------------------------------------

/** Why the file ships to users, by its facts, its project or a React import in a JSX file. */
export function shippedCode(path: string, text: string, frontEnd: string | undefined, read?: (p: string) => string | undefined): string | undefined {
  if (frontEnd) return frontEnd;
  const project = read ? projectFrontEndReason(path, text, read) : undefined;
  if (project) return project;
  const react = /\.[jt]sx$/i.test(path) && /(?:from\s*|require\(\s*)['"]react['"]/.test(text);
  const server = /(?:from\s*|require\(\s*)['"](?:ink|react-dom\/server|next\/server|@react-email\/[\w-]+|server-only)['"]|^[^\S\r\n\u2028\u2029]*['"]use server['"]/m.test(text);
  return react && !server ? 'a React component, which runs in the browser' : undefined;
}

/** Whether the literal is (part of) an argument of `console.*` or a logger call. */
function inLogCall(lit: ts.Node): boolean {
  const call = ts.findAncestor(lit, (n) => ts.isCallExpression(n) || ts.isStatement(n) || ts.isFunctionLike(n));
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const callee = call.expression;
  return /^(?:console|logger|log)$/i.test(callee.expression.getText()) || /^(?:log|info|warn|error|debug|trace|appendLine)$/.test(callee.name.text);
}

/**
 * Whether a JavaScript file is type-checked: `// @ts-check` in it, or `"checkJs": true` in the
 * nearest `jsconfig.json`/`tsconfig.json` above it (read through `read`, when the caller can).
 */
export function checkedJs(path: string, text: string, read?: (p: string) => string | undefined): boolean {
  if (isTs(path)) return false;
  if (/^[^\S\r\n\u2028\u2029]*\/\/\s*@ts-check\b/m.test(text.slice(0, 2000))) return true;
  if (!read) return false;
  const parts = path.split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    const dir = parts.slice(0, i).join('/');
    for (const name of ['jsconfig.json', 'tsconfig.json']) {
      const config = read(dir ? `${dir}/${name}` : name);
      if (config !== undefined) return /"checkJs"\s*:\s*true/.test(config);
    }
  }
  return false;
}

function refused(reason: string): SecretOffer {
  return { fixes: [], fixNote: ` No automatic fix: ${reason}.` };
}

/** The §4.1 actions for a secret in a code file's literal, or the reason there are none. */
export function moveSecret(site: SecretSite, fallbackName = 'CLIENT_SECRET'): SecretOffer {
  // True for the secret at hand: a GitHub secret is not rotated in Atlassian's console, nor a signing key.
  const rotate = fallbackName === 'CLIENT_SECRET'
    ? clientSecretRotation(site.name, site.text.slice(site.start, site.end))
    : keyRotation(fallbackName === 'WEBHOOK_TOKEN' ? 'webhook token' : 'signing key');
  const position = positionRefusal(site.literal);
  if (position) return refused(position);
  if (inLogCall(site.literal)) return refused('the secret is part of a log message, and moving it would still log it; delete it from the message');
  const fallback = envFallback(site);
  // `process.env.X` is `string | undefined` where types are checked; plain JavaScript reads it as is.
  const guard = isTs(site.path) || site.checkedJs ? " ?? ''" : '';
  // Deleting a fallback moves nothing into the bundle: the code already reads that variable.
  if (site.frontEnd && !fallback) {
    const where = site.forge ? 'a Forge resolver' : 'your back end';
    return refused(`this code is ${site.frontEnd.replace(/^(?:a|an)\s/i, (m) => m.toLowerCase())}, and a secret read from the environment there is bundled for users too; move the token exchange to ${where}`);
  }
  if (fallback && (!site.forge || site.frontEnd)) {
    // Already read from the environment: the hardcoded fallback just goes.
    return {
      fixNote: '',
      fixes: [{
        title: 'Remove the hardcoded fallback',
        detail: `${fallback.name} is then read from the environment only.`,
        safe: false,
        note: rotate,
        edits: [{ range: { start: fallback.left.getEnd(), end: site.literal.getEnd() }, newText: guard }],
      }],
    };
  }
  const env = fallback?.name ?? envNameOf(site, fallbackName);
  // The same secret written elsewhere in the file leaves with it, under the same name.
  const all = fallback ? [site] : [site, ...twins(site)];
  const envEdits: TextEdit[] = fallback
    ? [{ range: { start: fallback.left.getEnd(), end: site.literal.getEnd() }, newText: guard }]
    : all.map((s) => replaceSecret(s, `process.env.${env}`, guard));
  if (!site.forge) {
    return {
      fixNote: '',
      fixes: [{
        title: `Read ${env} from the environment`,
        detail: `process.env.${env}, declared in ${envExamplePath(site.path)}.`,
        safe: false,
        note: rotate,
        edits: envEdits,
        envDeclarations: [{ file: envExamplePath(site.path), name: env }],
        createFiles: { [envExamplePath(site.path)]: '' },
      }],
    };
  }
  const fixes: Fix[] = [{
    title: `Move to a Forge encrypted variable (process.env.${env})`,
    safe: false,
    note: `Set it with \`forge variables set --encrypt ${env}\` (enter the value when asked, never in code), then redeploy. ${rotate}`,
    edits: envEdits,
  }];
  if (awaitAllowed(site.literal)) {
    const sf = site.literal.getSourceFile();
    const key = storageKey(env);
    // `await` binds tighter than `??`: `await kvs.getSecret('k') ?? ''` needs no parentheses.
    const read = isTs(site.path) ? `await kvs.getSecret<string>('${key}')` : `await kvs.getSecret('${key}')`;
    const edits = all.filter((s) => awaitAllowed(s.literal)).map((s) => replaceSecret(s, read, guard));
    const imp = kvsImport(sf);
    if (imp) edits.push(imp);
    fixes.push({
      title: `Move to Forge secret storage (kvs.getSecret('${key}'))`,
      safe: false,
      note: `Store the value once with \`kvs.setSecret('${key}', …)\` (from an admin page or a one-off web trigger), never in code. ${rotate}`,
      edits,
    });
  }
  return { fixes, fixNote: '' };
}

/** The §4.1 actions for a secret (no reason when there are none); prefer {@link moveSecret}. */
export function moveSecretFixes(site: SecretSite, fallbackName = 'CLIENT_SECRET'): Fix[] {
  return moveSecret(site, fallbackName).fixes;
}
