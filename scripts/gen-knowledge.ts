/**
 * Generates the committed knowledge data of the scope rules (SPEC §6):
 * - server/src/core/knowledge/scopes.json: the scope names Forge accepts, from `@forge/manifest`'s
 *   scope lists (names only: its schema is not redistributed), plus the 3LO-only `offline_access`;
 * - server/src/core/knowledge/endpoints.json: method + path template → classic and granular scopes,
 *   reduced from Atlassian's OpenAPI specs in ../shared/atlassian-openapi (see its SOURCES.md);
 * - server/src/core/knowledge/client-methods.json: jira.js method → endpoint, read from the jira.js
 *   sources in node_modules (see gen-client-methods.ts).
 * `--check` regenerates in memory and exits 1 when the committed files differ.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateClientMethods } from './gen-client-methods';

const ROOT = path.join(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'server', 'src', 'core', 'knowledge');
const OPENAPI_DIR = process.env['MG_OPENAPI_DIR'] ?? path.join(ROOT, '..', 'shared', 'atlassian-openapi');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

type Product = 'jira' | 'confluence' | 'bitbucket';

interface Source {
  readonly file: string;
  readonly product: Product;
  readonly title: string;
  /** Prepended to every path: the spec's server path that requestX routes include. */
  readonly prefix: string;
  /** From SOURCES.md: where the copy came from and when. */
  readonly origin: string;
  readonly date: string;
  /** Jira Software has no classic scopes: infer them from `x-atlassian-connect-scope`. */
  readonly inferClassic?: boolean;
}

const SOURCES: readonly Source[] = [
  { file: 'jira-platform-v3.json', product: 'jira', title: 'Jira platform REST v3', prefix: '', origin: 'dac-static.atlassian.com/cloud/jira/platform/swagger-v3.v3.json via NeoHsu/atla@ee4e1c3', date: '2026-07-21' },
  { file: 'jira-software.json', product: 'jira', title: 'Jira Software REST', prefix: '', origin: 'dac-static.atlassian.com/cloud/jira/software/swagger.v3.json via SemanS/digital-spiral@a4180b9', date: '2025-09-17', inferClassic: true },
  { file: 'jira-service-management.json', product: 'jira', title: 'Jira Service Management REST', prefix: '', origin: 'dac-static.atlassian.com/cloud/jira/service-desk/swagger.v3.json via SemanS/digital-spiral@a4180b9', date: '2025-09-17' },
  { file: 'confluence-v1.json', product: 'confluence', title: 'Confluence REST v1', prefix: '', origin: 'dac-static.atlassian.com/cloud/confluence/swagger.v3.json via NeoHsu/atla@ee4e1c3', date: '2026-07-21' },
  { file: 'confluence-v2.json', product: 'confluence', title: 'Confluence REST v2', prefix: '/wiki/api/v2', origin: 'dac-static.atlassian.com/cloud/confluence/openapi-v2.v3.json via NeoHsu/atla@ee4e1c3', date: '2026-07-21' },
  { file: 'bitbucket.json', product: 'bitbucket', title: 'Bitbucket Cloud REST 2.0', prefix: '/2.0', origin: 'dac-static.atlassian.com/cloud/bitbucket/swagger.v3.json via coderabbitai/bitbucket@85b2454', date: '2026-06-22' },
];

/** Jira Software's Connect scope → the classic OAuth scope of the same access (an inference). */
const CONNECT_TO_CLASSIC: Readonly<Record<string, string>> = { READ: 'read:jira-work', WRITE: 'write:jira-work', DELETE: 'write:jira-work' };

/** SOURCES.md: classify by shape, not by `state`. */
function isGranular(scope: string): boolean {
  return scope.split(':').length === 3 && scope !== 'readonly:content.attachment:confluence';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

interface Op {
  readonly method: string;
  readonly path: string;
  readonly classic: string[];
  readonly granular: string[];
  /** `x-atlassian-connect-scope`: the scope an Atlassian Connect app needs (READ … ADMIN, NONE, INACCESSIBLE). */
  readonly connect?: string;
}

function opsOf(source: Source, spec: unknown): { ops: Op[]; total: number } {
  const ops: Op[] = [];
  let total = 0;
  const paths = isRecord(spec) && isRecord(spec['paths']) ? spec['paths'] : {};
  for (const [p, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method) || !isRecord(op)) continue;
      total++;
      const all = new Set<string>();
      for (const entry of Array.isArray(op['x-atlassian-oauth2-scopes']) ? op['x-atlassian-oauth2-scopes'] : []) {
        if (isRecord(entry)) for (const s of strings(entry['scopes'])) all.add(s);
      }
      for (const sec of Array.isArray(op['security']) ? op['security'] : []) {
        if (!isRecord(sec)) continue;
        for (const [k, v] of Object.entries(sec)) if (/oauth/i.test(k)) for (const s of strings(v)) all.add(s);
      }
      const classic = [...all].filter((s) => !isGranular(s)).sort();
      const granular = [...all].filter(isGranular).sort();
      const connect = op['x-atlassian-connect-scope'];
      if (source.inferClassic && classic.length === 0 && typeof connect === 'string') {
        const c = CONNECT_TO_CLASSIC[connect];
        if (c) classic.push(c);
      }
      if (classic.length === 0 && granular.length === 0) continue;
      ops.push({ method: method.toUpperCase(), path: `${source.prefix}${p}`, classic, granular, ...(typeof connect === 'string' ? { connect } : {}) });
    }
  }
  return { ops, total };
}

export interface Generated {
  readonly files: Readonly<Record<string, string>>;
  readonly coverage: string;
}

function forgeScopes(): { version: string; scopes: string[] } {
  // The package's `exports` hide its files: find it the way Node would, then read the data directly.
  const base = path.join(ROOT, 'node_modules', '@forge', 'manifest');
  const dir = path.join(base, 'out', 'scopes');
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8'));
  const version = isRecord(pkg) && typeof pkg['version'] === 'string' ? pkg['version'] : 'unknown';
  const names = new Set<string>();
  for (const f of ['shipyard-scopes.json', 'deprecated-shipyard-scopes.json', 'teamwork-graph-scopes.json']) {
    for (const s of strings(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))) names.add(s);
  }
  return { version, scopes: [...names].sort() };
}

/** scopes.json: from @forge/manifest alone (node_modules), so it can be checked anywhere. */
function scopesFile(forge: { version: string; scopes: string[] }): string {
  const scopes = {
    about: `Scope names Forge accepts, from @forge/manifest ${forge.version} (out/scopes: shipyard, deprecated and teamwork-graph lists; names only). Generated by scripts/gen-knowledge.ts; do not edit.`,
    forge: forge.scopes,
    threeLoOnly: ['offline_access'],
  };
  return `${JSON.stringify(scopes, null, 0)}\n`;
}

/** The files derived from node_modules alone (devDependencies), so `--check` can compare them on any clone. */
function localFiles(forge = forgeScopes()): { files: Record<string, string>; summary: string } {
  const clients = generateClientMethods(ROOT);
  return { files: { 'scopes.json': scopesFile(forge), ...clients.files }, summary: clients.summary };
}

export function generate(): Generated {
  const forge = forgeScopes();
  const scopeTable: string[] = [];
  const index = new Map<string, number>();
  const id = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = scopeTable.length;
      scopeTable.push(s);
      index.set(s, i);
    }
    return i;
  };
  // A row: method, path, classic scope ids, granular scope ids, and the Connect scope when the spec names one.
  const products: Record<Product, ([string, string, number[], number[]] | [string, string, number[], number[], string])[]> = { jira: [], confluence: [], bitbucket: [] };
  const sources: Record<string, string | number>[] = [];
  const coverage: string[] = ['| source | product | operations | with scopes | classic | granular |', '|---|---|---|---|---|---|'];
  const all: { source: Source; ops: Op[] }[] = [];
  for (const source of SOURCES) {
    const spec: unknown = JSON.parse(fs.readFileSync(path.join(OPENAPI_DIR, source.file), 'utf8'));
    const info = isRecord(spec) && isRecord(spec['info']) ? spec['info'] : {};
    const { ops, total } = opsOf(source, spec);
    all.push({ source, ops });
    const classic = ops.filter((o) => o.classic.length > 0).length;
    const granular = ops.filter((o) => o.granular.length > 0).length;
    sources.push({ file: source.file, title: source.title, product: source.product, version: String(info['version'] ?? ''), origin: source.origin, date: source.date, operations: total, withScopes: ops.length, classic, granular });
    coverage.push(`| ${source.title} | ${source.product} | ${total} | ${ops.length} | ${classic} | ${granular} |`);
  }
  // Sort scopes so the table is stable and diffs stay small.
  const allScopes = new Set<string>();
  for (const { ops } of all) for (const o of ops) for (const s of [...o.classic, ...o.granular]) allScopes.add(s);
  for (const s of [...allScopes].sort()) id(s);
  for (const { source, ops } of all) {
    for (const o of ops) {
      products[source.product].push(o.connect ? [o.method, o.path, o.classic.map(id), o.granular.map(id), o.connect] : [o.method, o.path, o.classic.map(id), o.granular.map(id)]);
    }
  }
  for (const p of Object.values(products)) p.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const v3 = products.jira.filter((o) => o[1].startsWith('/rest/api/3/')).length;
  coverage.push(`| Jira platform REST v2 (derived at run time from v3) | jira | ${v3} | ${v3} | | |`);

  const endpoints = {
    about: 'Generated by scripts/gen-knowledge.ts from Atlassian\'s OpenAPI specs; do not edit. Scopes per operation = x-atlassian-oauth2-scopes ∪ OAuth security entries; classic vs granular by the shape of the name (granular: three `:` parts).',
    sources,
    notes: [
      'Jira platform REST v2 (/rest/api/2/) has no fresh spec: lookups of /rest/api/2/ paths use the /rest/api/3/ operation of the same path (derived, an assumption).',
      'Jira Software has no classic scopes in its spec: classic scopes there are inferred from x-atlassian-connect-scope (READ → read:jira-work, WRITE/DELETE → write:jira-work).',
      'The fifth entry of a row, when present, is the operation\'s x-atlassian-connect-scope: the scope an Atlassian Connect app needs (READ, WRITE, DELETE, PROJECT_ADMIN, SPACE_ADMIN, ADMIN, ACT_AS_USER, ACCESS_EMAIL_ADDRESSES; NONE: no scope; INACCESSIBLE: not callable by Connect apps).',
    ],
    derived: [{ prefix: '/rest/api/2/', from: '/rest/api/3/' }],
    scopes: scopeTable,
    products,
  };
  const local = localFiles(forge);
  const files: Record<string, string> = { 'endpoints.json': `${JSON.stringify(endpoints)}\n`, ...local.files };
  return { files, coverage: `${coverage.join('\n')}\n\n${local.summary}` };
}

/** Writes `files`, or with `check` reports each committed file that differs; true when one is stale. */
function writeOrCheck(files: Readonly<Record<string, string>>, check: boolean): boolean {
  let stale = false;
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(OUT_DIR, name);
    if (check) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (current !== text) {
        process.stderr.write(`${path.relative(ROOT, file)} is out of date: run \`npm run gen:knowledge\`.\n`);
        stale = true;
      }
    } else {
      fs.writeFileSync(file, text);
    }
  }
  return stale;
}

function main(): number {
  const check = process.argv.includes('--check');
  if (!fs.existsSync(OPENAPI_DIR)) {
    // A clone without the OpenAPI copies beside it (they are Atlassian's, not redistributed here):
    // the files derived from node_modules are still re-derived and compared; the endpoint table is
    // only said to be skipped.
    if (!check) {
      process.stderr.write(`gen:knowledge: Atlassian's OpenAPI specs are not at ${OPENAPI_DIR} (set MG_OPENAPI_DIR).\n`);
      return 2;
    }
    const local = localFiles();
    process.stdout.write(`gen:knowledge --check: endpoints.json not re-derived (no OpenAPI specs at ${path.relative(ROOT, OPENAPI_DIR)}; set MG_OPENAPI_DIR); ${Object.keys(local.files).join(', ')} checked.\n`);
    if (writeOrCheck(local.files, true)) return 1;
    const endpoints: unknown = JSON.parse(fs.readFileSync(path.join(OUT_DIR, 'endpoints.json'), 'utf8'));
    if (!isRecord(endpoints)) {
      process.stderr.write('endpoints.json is not a JSON object.\n');
      return 1;
    }
    return 0;
  }
  const gen = generate();
  const stale = writeOrCheck(gen.files, check);
  process.stdout.write(`${check ? gen.coverage.split('\n').at(-1) ?? '' : gen.coverage}\n`);
  return stale ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
