/**
 * client-methods.json: jira.js method → REST endpoint, read from the TypeScript sources jira.js ships
 * (`node_modules/jira.js/src`, a devDependency) with the compiler API; nothing of jira.js is executed.
 * The sources are read rather than the compiled `out/` because each method's request config there is
 * a plain object literal (`url: \`/rest/api/3/issue/${parameters.issueIdOrKey}\``, `method: 'GET'`)
 * whose parameter names survive, so the templates read like the OpenAPI ones.
 *
 * Shape: client class → group property (`issues = new Issues(this)`) → method → [HTTP method, path].
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export type ClientProduct = 'jira' | 'confluence';

interface ClientSource {
  /** The exported class name users write in `new Version3Client(…)`. */
  readonly name: string;
  /** Folder under jira.js/src holding the client and its group classes. */
  readonly dir: string;
  readonly file: string;
  readonly product: ClientProduct;
}

/** Jira Software (agile) and Jira Service Management live under the `jira` product of the endpoint table. */
const CLIENTS: readonly ClientSource[] = [
  { name: 'Version2Client', dir: 'version2', file: 'client/version2Client.ts', product: 'jira' },
  { name: 'Version3Client', dir: 'version3', file: 'client/version3Client.ts', product: 'jira' },
  { name: 'AgileClient', dir: 'agile', file: 'client/agileClient.ts', product: 'jira' },
  { name: 'ServiceDeskClient', dir: 'serviceDesk', file: 'client/serviceDeskClient.ts', product: 'jira' },
];

/** [HTTP method, path template with `{name}` parameters]. */
export type Endpoint = readonly [string, string];

export interface ClientTable {
  readonly product: ClientProduct;
  readonly groups: Readonly<Record<string, Readonly<Record<string, Endpoint>>>>;
}

export interface ClientMethods {
  readonly files: Readonly<Record<string, string>>;
  /** One line per client: counts of methods read and skipped. */
  readonly summary: string;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function classNamed(sf: ts.SourceFile, name: string): ts.ClassDeclaration | undefined {
  return sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
}

/** The file a relative import of `sf` names (`'../issues'` → `…/issues.ts` or `…/issues/index.ts`). */
function importedFile(sf: ts.SourceFile, local: string): string | undefined {
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const nb = st.importClause?.namedBindings;
    if (!nb || !ts.isNamedImports(nb) || !nb.elements.some((e) => e.name.text === local)) continue;
    const base = path.resolve(path.dirname(sf.fileName), st.moduleSpecifier.text);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
  }
  return undefined;
}

/** `parameters.issueIdOrKey`, `parameters?.id`, `id`, `encodeURIComponent(parameters.key)` → the name. */
function parameterName(e: ts.Expression): string | undefined {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return parameterName(e.expression);
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && /^(?:encodeURIComponent|encodeURI|String)$/.test(e.expression.text) && e.arguments.length === 1) {
    const arg = e.arguments[0];
    return arg ? parameterName(arg) : undefined;
  }
  return undefined;
}

/** A `url:` value as a path template, or undefined when it is not a literal or a simple template. */
function pathTemplate(e: ts.Expression): string | undefined {
  let text: string | undefined;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) text = e.text;
  else if (ts.isTemplateExpression(e)) {
    text = e.head.text;
    for (const span of e.templateSpans) {
      const name = parameterName(span.expression);
      if (!name) return undefined;
      text += `{${name}}${span.literal.text}`;
    }
  }
  if (text === undefined) return undefined;
  const clean = text.split(/[?#]/)[0] ?? '';
  return clean.startsWith('/') ? clean : undefined;
}

function propertyValue(o: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

/** The one request config (`{ url, method }` object literal) a method body builds, when it is readable. */
function endpointOf(method: ts.MethodDeclaration): Endpoint | undefined {
  const found = new Set<string>();
  let unreadable = false;
  const visit = (n: ts.Node): void => {
    if (ts.isObjectLiteralExpression(n)) {
      const url = propertyValue(n, 'url');
      const verb = propertyValue(n, 'method');
      if (url && verb) {
        const p = pathTemplate(url);
        const m = ts.isStringLiteralLike(verb) ? verb.text.toUpperCase() : undefined;
        if (p && m) found.add(`${m} ${p}`);
        else unreadable = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  if (method.body) visit(method.body);
  if (unreadable || found.size !== 1) return undefined;
  const [only] = [...found];
  const space = (only ?? '').indexOf(' ');
  return [(only ?? '').slice(0, space), (only ?? '').slice(space + 1)];
}

function sorted<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function clientTable(src: string, client: ClientSource): { table: ClientTable; methods: number; skipped: string[] } {
  const sf = parse(path.join(src, client.dir, client.file));
  const cls = classNamed(sf, client.name);
  if (!cls) throw new Error(`jira.js: no class ${client.name} in ${client.dir}/${client.file}`);
  const groups: [string, Record<string, Endpoint>][] = [];
  const skipped: string[] = [];
  let methods = 0;
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name) || !member.initializer) continue;
    const init = member.initializer;
    if (!ts.isNewExpression(init) || !ts.isIdentifier(init.expression)) continue;
    const groupName = member.name.text;
    const file = importedFile(sf, init.expression.text);
    const groupClass = file ? classNamed(parse(file), init.expression.text) : undefined;
    if (!groupClass) throw new Error(`jira.js: cannot find the class of ${client.name}.${groupName}`);
    const rows: [string, Endpoint][] = [];
    for (const m of groupClass.members) {
      if (!ts.isMethodDeclaration(m) || !m.body || !ts.isIdentifier(m.name)) continue;
      // Private helpers (`_convertToFile`) are no part of the API users call.
      if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) continue;
      const endpoint = endpointOf(m);
      if (endpoint) rows.push([m.name.text, endpoint]);
      else skipped.push(`${groupName}.${m.name.text}`);
    }
    methods += rows.length;
    groups.push([groupName, sorted(rows)]);
  }
  return { table: { product: client.product, groups: sorted(groups) }, methods, skipped };
}

/** Reads node_modules/jira.js/src; throws when the package or one of its clients is not there. */
export function generateClientMethods(root: string): ClientMethods {
  const pkgDir = path.join(root, 'node_modules', 'jira.js');
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  const clients: Record<string, ClientTable> = {};
  const counts: string[] = [];
  for (const client of CLIENTS) {
    const { table, methods, skipped } = clientTable(path.join(pkgDir, 'src'), client);
    clients[client.name] = table;
    counts.push(`${client.dir} ${methods} methods${skipped.length ? `, skipped ${skipped.length} (${skipped.join(', ')})` : ''}`);
  }
  const data = {
    about: `jira.js ${version} method → [HTTP method, path template], read from its TypeScript sources (node_modules/jira.js/src) by scripts/gen-client-methods.ts; do not edit. Methods whose url or method is not a literal are left out.`,
    source: { package: 'jira.js', version },
    clients,
  };
  return { files: { 'client-methods.json': `${JSON.stringify(data)}\n` }, summary: `jira.js ${version}: ${counts.join('; ')}` };
}
