import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../model';

/**
 * The security-relevant parts of a Forge `manifest.yml` (permissions, remotes, providers, resources,
 * modules), each with the exact range of its YAML node, so findings sit on the line that declares
 * the thing and fixes edit just that node. Structural problems are collected, never thrown.
 */

/** A string value with where it is. */
export interface Located {
  readonly value: string;
  /** The scalar's range (quotes included). */
  readonly range: Range;
  /** The sequence item's range, for removal: the whole line in block style. */
  readonly item: Range;
  /** Set for items of flow sequences (`[a, b]`), whose removal also takes a comma. */
  readonly flow?: boolean;
}

/** A YAML sequence (or map of scopes) and where a new item goes. */
export interface ListSite {
  /** The key (`scopes:`) range. */
  readonly key: Range;
  readonly items: readonly Located[];
  /** Indentation of items (block style), or undefined for flow/empty lists. */
  readonly indent?: string;
  /** End of the value node (where a flow list's `]` is). */
  readonly valueRange?: Range;
  readonly flow: boolean;
}

export type EgressKind = string; // `fetch.backend`, `fetch.client`, `images`, `scripts`, …

export interface EgressEntry extends Located {
  readonly kind: EgressKind;
}

export interface Remote {
  readonly key?: Located;
  readonly range: Range;
  readonly baseUrls: readonly Located[];
}

export interface Provider {
  readonly key?: Located;
  readonly range: Range;
  readonly scopes?: ListSite;
  /** Every URL string under the provider (authorization, exchange, profile…). */
  readonly urls: readonly Located[];
}

export interface Resource {
  readonly key?: Located;
  readonly path?: Located;
}

export interface Module {
  /** `jira:issuePanel`, `trigger`, `function`, … */
  readonly type: string;
  readonly key?: string;
  readonly range: Range;
  /** Trigger events (`avi:jira:created:issue`). */
  readonly events: readonly Located[];
}

export interface Problem {
  readonly range: Range;
  readonly message: string;
}

export interface Manifest {
  readonly text: string;
  readonly app?: Range;
  readonly permissions?: Range;
  readonly scopes?: ListSite;
  readonly egress: readonly EgressEntry[];
  readonly remotes: readonly Remote[];
  readonly providers: readonly Provider[];
  readonly resources: readonly Resource[];
  readonly modules: readonly Module[];
  /** YAML syntax errors. */
  readonly syntax: readonly Problem[];
  /** Structural errors in permissions, remotes, providers, resources. */
  readonly structure: readonly Problem[];
}

function rangeOf(node: Node | Pair | null | undefined, fallback: Range): Range {
  const r = node && !isPair(node) ? node.range : undefined;
  return r ? { start: r[0], end: r[1] } : fallback;
}

function keyRange(pair: Pair): Range {
  return rangeOf(pair.key as Node | null, { start: 0, end: 0 });
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function get(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => keyText(p) === key);
}

const EMPTY: Range = { start: 0, end: 0 };

/** `key:` with no value: YAML's null, which Forge reads as absent. */
function isEmpty(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === ''));
}

/** The item's removal range: its whole line(s) in block style. */
function blockItemRange(text: string, node: Range): Range {
  let start = text.lastIndexOf('\n', node.start - 1) + 1;
  const before = text.slice(start, node.start);
  if (!/^\s*-\s*$/.test(before)) start = node.start;
  let end = text.indexOf('\n', node.end);
  end = end < 0 ? text.length : end + 1;
  return { start, end };
}

function flowItemRange(text: string, node: Range): Range {
  const after = /^\s*,\s*/.exec(text.slice(node.end));
  if (after) return { start: node.start, end: node.end + after[0].length };
  const before = /,\s*$/.exec(text.slice(0, node.start));
  return before ? { start: node.start - before[0].length, end: node.end } : node;
}

class Reader {
  readonly structure: Problem[] = [];

  constructor(private readonly text: string) {}

  problem(node: Node | Pair | null | undefined, fallback: Range, message: string): void {
    this.structure.push({ range: rangeOf(node, fallback), message });
  }

  /** A sequence of strings (or, for scopes, a map keyed by scope) under `pair`. */
  list(pair: Pair, what: string, allowMap = false, egress = false): ListSite {
    const key = keyRange(pair);
    const value = pair.value as Node | null;
    const items: Located[] = [];
    if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) return { key, items, flow: false };
    if (isSeq(value)) {
      let indent: string | undefined;
      for (const item of value.items) {
        const node = item as Node;
        if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
          const r = rangeOf(node, key);
          if (!value.flow && indent === undefined) {
            const ls = this.text.lastIndexOf('\n', r.start - 1) + 1;
            indent = /^\s*/.exec(this.text.slice(ls, r.start))?.[0] ?? '';
          }
          items.push({ value: String(node.value), range: r, item: value.flow ? flowItemRange(this.text, r) : blockItemRange(this.text, r), ...(value.flow ? { flow: true } : {}) });
        } else if (isMap(node) && egress) {
          const addr = get(node, 'address');
          if (addr && isScalar(addr.value) && typeof addr.value.value === 'string') {
            const r = rangeOf(addr.value as Node, key);
            items.push({ value: addr.value.value, range: r, item: value.flow ? flowItemRange(this.text, rangeOf(node, r)) : blockItemRange(this.text, rangeOf(node, r)) });
          } else this.problem(node, key, `an entry of ${what} needs an "address" string`);
        } else this.problem(node, key, `every entry of ${what} must be a string`);
      }
      return { key, items, ...(indent !== undefined ? { indent } : {}), valueRange: rangeOf(value, key), flow: value.flow === true };
    }
    if (allowMap && isMap(value)) {
      for (const p of value.items) {
        const k = keyText(p);
        if (k === undefined) continue;
        const r = keyRange(p);
        items.push({ value: k, range: r, item: blockItemRange(this.text, r) });
      }
      return { key, items, valueRange: rangeOf(value, key), flow: false };
    }
    this.problem(value, key, `${what} must be a list`);
    return { key, items, flow: false };
  }

  strings(node: Node | null | undefined, out: Located[], depth = 0): void {
    if (!node || depth > 8) return;
    if (isScalar(node) && typeof node.value === 'string') {
      const r = rangeOf(node, EMPTY);
      out.push({ value: node.value, range: r, item: r });
    } else if (isMap(node)) {
      for (const p of node.items) this.strings(p.value as Node | null, out, depth + 1);
    } else if (isSeq(node)) {
      for (const i of node.items) this.strings(i as Node, out, depth + 1);
    }
  }
}

const memo = new WeakMap<Document.Parsed, Manifest>();

/** Reads a parsed manifest document (the engine's shared parse). */
export function readManifest(doc: Document.Parsed, text: string): Manifest {
  const known = memo.get(doc);
  if (known) return known;
  const r = new Reader(text);
  const clamp = (n: number): number => Math.max(0, Math.min(n, text.length));
  const syntax: Problem[] = doc.errors.map((e) => {
    const start = clamp(e.pos[0]);
    return { range: { start, end: Math.max(start, clamp(Math.max(e.pos[1], e.pos[0] + 1))) }, message: e.message.split('\n')[0] ?? e.message };
  });
  const root = doc.contents;
  let app: Range | undefined;
  let permissions: Range | undefined;
  let scopes: ListSite | undefined;
  const egress: EgressEntry[] = [];
  const remotes: Remote[] = [];
  const providers: Provider[] = [];
  const resources: Resource[] = [];
  const modules: Module[] = [];
  const located = (n: unknown): Located | undefined => {
    if (!isScalar(n) || typeof n.value !== 'string') return undefined;
    const range = rangeOf(n, EMPTY);
    return { value: n.value, range, item: range };
  };
  if (root && isMap(root)) {
    const seen = new Set<string>();
    for (const p of root.items) {
      const k = keyText(p);
      if (k && seen.has(k) && ['permissions', 'remotes', 'providers', 'resources'].includes(k)) r.problem(p.key as Node, EMPTY, `"${k}" is declared twice; Forge reads only one`);
      if (k) seen.add(k);
    }
    const appPair = get(root, 'app');
    if (appPair) app = keyRange(appPair);
    const perm = get(root, 'permissions');
    if (perm) {
      permissions = keyRange(perm);
      const v = perm.value as Node | null;
      if (v && isMap(v)) {
        const sc = get(v, 'scopes');
        if (sc) scopes = r.list(sc, 'permissions.scopes', true);
        const ext = get(v, 'external');
        if (ext) {
          const ev = ext.value as Node | null;
          if (ev && isMap(ev)) {
            for (const kind of ev.items) {
              const kname = keyText(kind);
              if (!kname) continue;
              const kv = kind.value as Node | null;
              if (kname === 'fetch' && kv && isMap(kv)) {
                for (const sub of kv.items) {
                  const sname = keyText(sub);
                  if (sname) for (const it of r.list(sub, `permissions.external.fetch.${sname}`, false, true).items) egress.push({ ...it, kind: `fetch.${sname}` });
                }
              } else if (kname === 'fetch' && !isEmpty(kv)) r.problem(kv, keyRange(kind), 'permissions.external.fetch must be a map with "backend" and/or "client" lists');
              else for (const it of r.list(kind, `permissions.external.${kname}`, false, true).items) egress.push({ ...it, kind: kname });
            }
          } else if (!isEmpty(ev)) r.problem(ev, keyRange(ext), 'permissions.external must be a map (fetch, images, scripts, …)');
        }
      } else if (!isEmpty(v)) r.problem(v, keyRange(perm), 'permissions must be a map (scopes, external, content)');
    }
    const rem = get(root, 'remotes');
    if (rem) {
      const v = rem.value as Node | null;
      if (v && isSeq(v)) {
        for (const item of v.items) {
          const n = item as Node;
          if (!isMap(n)) {
            r.problem(n, keyRange(rem), 'every remote must be a map with "key" and "baseUrl"');
            continue;
          }
          const key = located(get(n, 'key')?.value);
          if (!key) r.problem(n, keyRange(rem), 'a remote needs a "key" string');
          const base = get(n, 'baseUrl');
          const baseUrls: Located[] = [];
          if (base) r.strings(base.value as Node | null, baseUrls);
          else r.problem(n, keyRange(rem), 'a remote needs a "baseUrl"');
          remotes.push({ ...(key ? { key } : {}), range: rangeOf(n, EMPTY), baseUrls });
        }
      } else if (!isEmpty(v)) r.problem(v, keyRange(rem), 'remotes must be a list');
    }
    const prov = get(root, 'providers');
    if (prov) {
      const v = prov.value as Node | null;
      const auth = v && isMap(v) ? get(v, 'auth') : undefined;
      if (!isEmpty(v) && !isMap(v)) r.problem(v, keyRange(prov), 'providers must be a map with an "auth" list');
      const av = auth?.value as Node | null | undefined;
      if (auth && av && isSeq(av)) {
        for (const item of av.items) {
          const n = item as Node;
          if (!isMap(n)) {
            r.problem(n, keyRange(auth), 'every auth provider must be a map');
            continue;
          }
          const key = located(get(n, 'key')?.value);
          if (!key) r.problem(n, keyRange(auth), 'an auth provider needs a "key" string');
          const sc = get(n, 'scopes');
          const urls: Located[] = [];
          r.strings(n, urls);
          providers.push({ ...(key ? { key } : {}), range: rangeOf(n, EMPTY), ...(sc ? { scopes: r.list(sc, 'provider scopes') } : {}), urls: urls.filter((u) => /^[a-z][\w+.-]*:\/\//i.test(u.value)) });
        }
      } else if (auth && !isEmpty(av)) r.problem(av ?? null, keyRange(auth), 'providers.auth must be a list');
    }
    const res = get(root, 'resources');
    if (res) {
      const v = res.value as Node | null;
      if (v && isSeq(v)) {
        for (const item of v.items) {
          const n = item as Node;
          if (!isMap(n)) {
            r.problem(n, keyRange(res), 'every resource must be a map with "key" and "path"');
            continue;
          }
          const key = located(get(n, 'key')?.value);
          const path = located(get(n, 'path')?.value);
          if (!key || !path) r.problem(n, keyRange(res), 'a resource needs "key" and "path" strings');
          resources.push({ ...(key ? { key } : {}), ...(path ? { path } : {}) });
        }
      } else if (!isEmpty(v)) r.problem(v, keyRange(res), 'resources must be a list');
    }
    const mods = get(root, 'modules');
    const mv = mods?.value as Node | null | undefined;
    if (mv && isMap(mv)) {
      for (const p of mv.items) {
        const type = keyText(p);
        const list = p.value as Node | null;
        if (!type || !list || !isSeq(list)) continue;
        for (const item of list.items) {
          const n = item as Node;
          if (!isMap(n)) continue;
          const key = located(get(n, 'key')?.value)?.value;
          const events: Located[] = [];
          const ev = get(n, 'events');
          if (ev) r.strings(ev.value as Node | null, events);
          modules.push({ type, ...(key ? { key } : {}), range: rangeOf(n, EMPTY), events });
        }
      }
    }
  } else if (root && !isScalar(root)) {
    r.problem(root, EMPTY, 'a manifest must be a YAML map (app, modules, permissions, …)');
  }
  const m: Manifest = { text, ...(app ? { app } : {}), ...(permissions ? { permissions } : {}), ...(scopes ? { scopes } : {}), egress, remotes, providers, resources, modules, syntax, structure: r.structure };
  memo.set(doc, m);
  return m;
}

export function parseManifestDocument(text: string): Document.Parsed {
  return parseDocument(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false });
}

let last: { text: string; manifest: Manifest } | undefined;

/** Parses a manifest's text (the last one is remembered: code files of one app ask for the same text). */
export function parseManifest(text: string): Manifest {
  if (last?.text === text) return last.manifest;
  const manifest = readManifest(parseManifestDocument(text), text);
  last = { text, manifest };
  return manifest;
}

/** The declared scope names. */
export function declaredScopes(m: Manifest): string[] {
  return (m.scopes?.items ?? []).map((s) => s.value);
}
