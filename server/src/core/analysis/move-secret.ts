import * as ts from 'typescript';
import type { Fix, TextEdit } from '../model';
import { toEnvName } from './env-name';

/**
 * SPEC §4.1 "Move a secret" fixes. Forge code gets two actions: a Forge encrypted variable
 * (`process.env.NAME`; `forge variables set --encrypt NAME`) and Forge secret storage
 * (`await kvs.getSecret('name')`, only where `await` is legal). Other code reads `process.env.NAME`
 * and `NAME=` is declared in `.env.example` (appended when the file does not declare it yet, see
 * `core/env-declarations.ts`). The literal always leaves the file.
 * Forge docs: "Environment variables" (`--encrypt`) and "Secret storage" (`@forge/kvs` `getSecret`).
 */

export interface SecretSite {
  readonly path: string;
  readonly text: string;
  readonly forge: boolean;
  /** The string literal holding the secret. */
  readonly literal: ts.StringLiteralLike;
  /** The secret's offsets in the file (the whole literal's content, or a part of it). */
  readonly start: number;
  readonly end: number;
  /** The name the value is bound to (`clientSecret`, `client_secret`); picks the variable name. */
  readonly name: string | undefined;
}

const ROTATE = 'Rotate the client secret in the Atlassian developer console: the committed value has been exposed.';

/** Whether an `await` is legal at `node`: inside an async function (not across a nested non-async one). */
export function awaitAllowed(node: ts.Node): boolean {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn) return false;
  const param = ts.findAncestor(node, ts.isParameter);
  if (param && param.parent === fn) return false;
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

function isTs(path: string): boolean {
  return /\.[cm]?tsx?$/i.test(path);
}

/** Positions where an expression can replace a literal without parentheses. */
function needsParens(literal: ts.Node): boolean {
  const p = literal.parent;
  return !(
    ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p) || ts.isCallExpression(p) || ts.isNewExpression(p) ||
    ts.isArrayLiteralExpression(p) || ts.isReturnStatement(p) || ts.isParameter(p) || ts.isBindingElement(p) ||
    ts.isTemplateSpan(p) || ts.isPropertyDeclaration(p) || ts.isJsxExpression(p) || ts.isExportAssignment(p)
  );
}

function escapeTemplate(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** The edit that puts `expr` where the secret is: the whole literal, or a `${}` in a template. */
function replaceSecret(site: SecretSite, expr: string, guard: string): TextEdit {
  const lit = site.literal;
  const litStart = lit.getStart();
  const contentStart = litStart + 1;
  const contentEnd = lit.getEnd() - 1;
  const whole = site.start <= contentStart && site.end >= contentEnd;
  if (whole) {
    const value = guard ? `${expr}${guard}` : expr;
    return { range: { start: litStart, end: lit.getEnd() }, newText: guard && needsParens(lit) ? `(${value})` : value };
  }
  // A secret inside a longer string (a query string, a form body): the string becomes a template.
  const raw = site.text.slice(contentStart, contentEnd);
  const before = raw.slice(0, site.start - contentStart);
  const after = raw.slice(site.end - contentStart);
  const plain = (s: string): string => escapeTemplate(ts.isNoSubstitutionTemplateLiteral(lit) ? s : s.replace(/\\(['"])/g, '$1'));
  return { range: { start: litStart, end: lit.getEnd() }, newText: `\`${plain(before)}\${${expr}}${plain(after)}\`` };
}

/** An import of `kvs` from `@forge/kvs` (ESM or CommonJS, as the file already imports). */
export function kvsImport(sf: ts.SourceFile): TextEdit | undefined {
  if (/\bkvs\b[^;\n]*['"]@forge\/kvs['"]/.test(sf.text) || /['"]@forge\/kvs['"][^;\n]*\bkvs\b/.test(sf.text)) return undefined;
  const imports = sf.statements.filter(ts.isImportDeclaration);
  const last = imports[imports.length - 1];
  const cjs = !last && /\brequire\s*\(/.test(sf.text) && !isTs(sf.fileName);
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

/** The §4.1 actions for a secret in a code file's string literal. */
export function moveSecretFixes(site: SecretSite, fallbackName = 'CLIENT_SECRET'): Fix[] {
  const fallback = envFallback(site);
  const guard = isTs(site.path) ? " ?? ''" : '';
  if (fallback && !site.forge) {
    // Already read from the environment: the hardcoded fallback just goes.
    return [{
      title: `Remove the hardcoded fallback (read ${fallback.name} from the environment only)`,
      safe: false,
      note: ROTATE,
      edits: [{ range: { start: fallback.left.getEnd(), end: site.literal.getEnd() }, newText: guard }],
    }];
  }
  const env = fallback?.name ?? secretEnvName(site.name, fallbackName);
  const envEdit: TextEdit = fallback
    ? { range: { start: fallback.left.getEnd(), end: site.literal.getEnd() }, newText: guard }
    : replaceSecret(site, `process.env.${env}`, guard);
  if (!site.forge) {
    return [{
      title: `Read ${env} from the environment (process.env.${env}, declared in .env.example)`,
      safe: false,
      note: ROTATE,
      edits: [envEdit],
      envDeclarations: [{ file: envExamplePath(site.path), name: env }],
      createFiles: { [envExamplePath(site.path)]: '' },
    }];
  }
  const fixes: Fix[] = [{
    title: `Move to a Forge encrypted variable (process.env.${env})`,
    safe: false,
    note: `Set it with \`forge variables set --encrypt ${env}\` (enter the value when asked, never in code), then redeploy. ${ROTATE}`,
    edits: [envEdit],
  }];
  if (awaitAllowed(site.literal)) {
    const sf = site.literal.getSourceFile();
    const key = storageKey(env);
    const read = isTs(site.path) ? `(await kvs.getSecret<string>('${key}'))` : `(await kvs.getSecret('${key}'))`;
    const edits = [replaceSecret(site, read, guard)];
    const imp = kvsImport(sf);
    if (imp) edits.push(imp);
    fixes.push({
      title: `Move to Forge secret storage (kvs.getSecret('${key}'))`,
      safe: false,
      note: `Store the value once with \`kvs.setSecret('${key}', …)\` (from an admin page or a one-off web trigger), never in code. ${ROTATE}`,
      edits,
    });
  }
  return fixes;
}
