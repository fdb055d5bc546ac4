import type { Rng } from './rng';

/**
 * Generates realistic TypeScript/JavaScript: imports, interfaces, classes, async functions calling
 * third-party APIs with fetch/axios, config objects, JSX, some Atlassian calls (compliant OAuth and
 * Forge ones) and, when asked, planted API-token violations. The shapes follow what public
 * integrations look like, so parse and rule costs are representative.
 */

export type CodeLang = 'ts' | 'tsx' | 'js' | 'jsx';

/** A violation the generator planted, by the rule expected to report it. */
export type Planted =
  | 'no-api-token-basic-auth'
  | 'no-api-token-client'
  | 'no-api-token-collection'
  | 'no-api-token-storage'
  | 'no-direct-product-fetch';

export interface CodeOptions {
  readonly lines: number;
  readonly lang: CodeLang;
  /** Forge code: functions call `api.asUser().requestJira`, Custom UI calls `@forge/bridge`. */
  readonly forge: false | 'function' | 'frontend';
  /** Violations to plant somewhere in the file. */
  readonly plant: readonly Planted[];
}

const NOUNS = ['issue', 'project', 'user', 'comment', 'worklog', 'sprint', 'board', 'page', 'space', 'attachment', 'order',
  'invoice', 'customer', 'report', 'metric', 'event', 'webhook', 'session', 'job', 'task', 'release', 'build', 'ticket',
  'account', 'label', 'field', 'filter', 'team', 'member', 'policy'] as const;
const VERBS = ['get', 'fetch', 'load', 'sync', 'update', 'create', 'remove', 'list', 'find', 'build', 'render', 'parse',
  'validate', 'normalize', 'map', 'merge', 'resolve', 'collect', 'publish', 'schedule'] as const;
const VENDORS = ['api.github.com', 'api.stripe.com', 'slack.com/api', 'api.pagerduty.com', 'api.sendgrid.com/v3',
  'gitlab.example.org/api/v4', 'api.hubapi.com', 'api.zendesk.com/api/v2', 'api.openai.com/v1', 'hooks.example.com'] as const;
const MODULES = ['./utils', './config', './logger', './types', './cache', './http', './retry', './metrics', '../shared/dates',
  '../shared/errors'] as const;
const FIELDS: readonly (readonly [string, string])[] = [['id', 'string'], ['name', 'string'], ['createdAt', 'string'],
  ['updatedAt', 'string'], ['count', 'number'], ['enabled', 'boolean'], ['tags', 'string[]'], ['ownerId', 'string | null'],
  ['priority', "'low' | 'medium' | 'high'"], ['metadata', 'Record<string, unknown>'], ['total', 'number'], ['url', 'string']];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

class Writer {
  readonly lines: string[] = [];
  private readonly used = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly typed: boolean,
    readonly jsx: boolean,
  ) {}

  /** A type annotation in TypeScript, nothing in JavaScript. */
  t(annotation: string): string {
    return this.typed ? annotation : '';
  }

  /** A fresh identifier, unique in the file. */
  name(prefix: string): string {
    let n = prefix;
    for (let i = 2; this.used.has(n); i++) n = `${prefix}${i}`;
    this.used.add(n);
    return n;
  }

  push(...lines: string[]): void {
    this.lines.push(...lines);
  }
}

function imports(w: Writer): void {
  const { rng } = w;
  w.push(w.typed ? "import axios, { type AxiosInstance } from 'axios';" : "import axios from 'axios';");
  w.push("import * as path from 'path';");
  w.push("import { logger } from '../shared/logger';");
  if (w.jsx) w.push("import React, { useEffect, useMemo, useState } from 'react';");
  const n = rng.int(3, 7);
  for (let i = 0; i < n; i++) {
    const mod = rng.pick(MODULES);
    const a = w.name(`${rng.pick(VERBS)}${cap(rng.pick(NOUNS))}`);
    const b = w.name(`${rng.pick(VERBS)}${cap(rng.pick(NOUNS))}`);
    w.push(`import { ${a}, ${b} } from '${mod}';`);
  }
  w.push('');
}

function iface(w: Writer): string {
  const name = w.name(`${cap(w.rng.pick(NOUNS))}${w.rng.pick(['Summary', 'Record', 'Payload', 'Options', 'State', 'Row'])}`);
  if (!w.typed) return name;
  w.push(`/** Shape of a ${name} as the upstream API returns it. */`, `export interface ${name} {`);
  const n = w.rng.int(4, 10);
  for (let i = 0; i < n; i++) {
    const [field, type] = w.rng.pick(FIELDS);
    w.push(`  ${field}${i}${w.rng.chance(0.3) ? '?' : ''}: ${type};`);
  }
  w.push('}', '');
  return name;
}

function typeAlias(w: Writer): void {
  if (!w.typed) return;
  const name = w.name(`${cap(w.rng.pick(NOUNS))}Status`);
  const values = Array.from({ length: w.rng.int(3, 6) }, (_, i) => `'${w.rng.pick(VERBS)}${i}'`);
  w.push(`export type ${name} = ${values.join(' | ')};`, '');
}

function config(w: Writer): void {
  const { rng } = w;
  const name = w.name(`${rng.pick(['DEFAULT', 'RETRY', 'CACHE', 'FEATURE', 'ROUTE'])}_${rng.pick(NOUNS).toUpperCase()}_CONFIG`);
  w.push(`export const ${name} = {`);
  const n = rng.int(4, 12);
  for (let i = 0; i < n; i++) {
    switch (rng.int(0, 4)) {
      case 0:
        w.push(`  ${rng.pick(NOUNS)}Limit${i}: ${rng.int(1, 500)},`);
        break;
      case 1:
        w.push(`  ${rng.pick(NOUNS)}Label${i}: '${cap(rng.pick(VERBS))} ${rng.pick(NOUNS)}s',`);
        break;
      case 2:
        w.push(`  ${rng.pick(NOUNS)}Enabled${i}: ${rng.chance(0.5)},`);
        break;
      case 3:
        w.push(`  ${rng.pick(NOUNS)}${i}: {`, `    timeoutMs: ${rng.int(100, 30000)},`, `    retries: ${rng.int(0, 5)},`,
          `    endpoint: '/v${rng.int(1, 3)}/${rng.pick(NOUNS)}s',`, '  },');
        break;
      default:
        w.push(`  ${rng.pick(NOUNS)}Keys${i}: [${Array.from({ length: rng.int(2, 5) }, () => `'${rng.pick(NOUNS)}'`).join(', ')}],`);
    }
  }
  w.push(w.typed && rng.chance(0.5) ? '} as const;' : '};', '');
}

function util(w: Writer): void {
  const { rng } = w;
  const noun = rng.pick(NOUNS);
  const fn = w.name(`${rng.pick(VERBS)}${cap(noun)}s`);
  const item = w.typed ? `{ id: string; ${noun}Count: number; status?: string }` : '';
  w.push(`export function ${fn}(items${w.t(`: ${item}[]`)}, threshold${w.t(': number')} = ${rng.int(1, 100)})${w.t(': Map<string, number>')} {`,
    '  const result = new Map();',
    '  for (const item of items) {',
    `    if (item.${noun}Count < threshold) continue;`,
    "    switch (item.status ?? 'unknown') {",
    `      case '${rng.pick(VERBS)}':`,
    `        result.set(item.id, item.${noun}Count * ${rng.int(2, 9)});`,
    '        break;',
    "      case 'unknown':",
    '        result.set(item.id, 0);',
    '        break;',
    '      default:',
    `        result.set(item.id, Math.round(item.${noun}Count / ${rng.int(2, 9)}));`,
    '    }',
    '  }',
    // Real code logs: most of it harmless, which is what a logging rule must sift through.
    ...(rng.chance(0.3) ? [`  console.debug('${fn}: %d of %d items kept', result.size, items.length);`] : []),
    '  return result;',
    '}', '');
}

function thirdPartyCall(w: Writer, shape: string): void {
  const { rng } = w;
  const noun = rng.pick(NOUNS);
  const vendor = rng.pick(VENDORS);
  const fn = w.name(`${rng.pick(VERBS)}${cap(noun)}FromVendor`);
  const env = `${vendor.split('.')[1]?.toUpperCase() ?? 'VENDOR'}_TOKEN`;
  if (rng.chance(0.5)) {
    w.push(`export async function ${fn}(id${w.t(': string')})${w.t(`: Promise<${shape}>`)} {`,
      `  const res = await fetch(\`https://${vendor}/${noun}s/\${encodeURIComponent(id)}\`, {`,
      `    headers: { Authorization: \`Bearer \${process.env.${env}}\`, Accept: 'application/json' },`,
      '  });',
      `  if (!res.ok) throw new Error(\`${vendor} returned \${res.status}\`);`,
      `  return (await res.json())${w.t(` as ${shape}`)};`,
      '}', '');
  } else {
    w.push(`export async function ${fn}(payload${w.t(': Partial<' + shape + '>')}, attempt = 0)${w.t(': Promise<void>')} {`,
      '  try {',
      `    await axios.post('https://${vendor}/${noun}s', payload, {`,
      `      headers: { 'X-Api-Key': process.env.${env} ?? '' },`,
      `      timeout: ${rng.int(1000, 15000)},`,
      '    });',
      '  } catch (err) {',
      ...(rng.chance(0.6) ? [`    console.warn(\`${vendor} call failed (attempt \${attempt})\`, err);`] : []),
      `    if (attempt < ${rng.int(2, 5)}) return ${fn}(payload, attempt + 1);`,
      '    throw err;',
      '  }',
      '}', '');
  }
}

/** Compliant Atlassian access: OAuth 2.0 (3LO) bearer via the api.atlassian.com gateway, or Forge. */
function atlassianCall(w: Writer, forge: CodeOptions['forge']): void {
  const { rng } = w;
  const noun = rng.pick(['issue', 'project', 'comment', 'worklog'] as const);
  const fn = w.name(`${rng.pick(VERBS)}Jira${cap(noun)}`);
  if (forge === 'frontend') {
    w.push(`export async function ${fn}(key${w.t(': string')}) {`,
      `  const res = await requestJira(\`/rest/api/3/${noun}/\${key}\`, { headers: { Accept: 'application/json' } });`,
      '  return res.json();',
      '}', '');
    return;
  }
  if (forge) {
    w.push(`export async function ${fn}(key${w.t(': string')}) {`,
      `  const res = await api.asUser().requestJira(route\`/rest/api/3/${noun}/\${key}\`, {`,
      "    headers: { Accept: 'application/json' },",
      '  });',
      '  return res.json();',
      '}', '');
    return;
  }
  w.push(`export async function ${fn}(cloudId${w.t(': string')}, key${w.t(': string')}, accessToken${w.t(': string')}) {`,
    `  const res = await fetch(\`https://api.atlassian.com/ex/jira/\${cloudId}/rest/api/3/${noun}/\${key}\`, {`,
    "    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },",
    '  });',
    ...(rng.chance(0.5) ? ["  if (!res.ok) console.error('Jira returned', res.status, 'for', key, '(access token not logged)');"] : []),
    `  if (res.status === 401) throw new Error('OAuth access token expired: refresh it');`,
    '  return res.json();',
    '}', '');
}

function klass(w: Writer, shape: string): void {
  const { rng } = w;
  const noun = rng.pick(NOUNS);
  const name = w.name(`${cap(noun)}${rng.pick(['Service', 'Repository', 'Manager', 'Scheduler'])}`);
  const priv = w.typed ? 'private readonly ' : '';
  w.push(`export class ${name} {`,
    `  ${w.typed ? 'private ' : ''}cache = new Map${w.t(`<string, ${shape}>`)}();`, '',
    `  constructor(${priv}http${w.t(': AxiosInstance')}, ${priv}baseUrl${w.t(': string')}) {`,
    ...(w.typed ? [] : ['    this.http = http;', '    this.baseUrl = baseUrl;']),
    '  }');
  const methods = rng.int(2, 4);
  for (let m = 0; m < methods; m++) {
    const verb = rng.pick(VERBS);
    w.push('', `  async ${verb}${cap(noun)}${m}(id${w.t(': string')})${w.t(`: Promise<${shape} | undefined>`)} {`,
      '    const hit = this.cache.get(id);',
      '    if (hit) return hit;',
      ...(rng.chance(0.4) ? [`    logger.debug('${noun} cache miss', { id });`] : []),
      `    const { data } = await this.http.get(path.posix.join(this.baseUrl, '${noun}s', id));`,
      '    this.cache.set(id, data);',
      '    return data;',
      '  }');
  }
  w.push('}', '');
}

function component(w: Writer, shape: string): void {
  const { rng } = w;
  const noun = rng.pick(NOUNS);
  const name = w.name(`${cap(noun)}${rng.pick(['List', 'Panel', 'Table', 'Card'])}`);
  w.push(`export function ${name}({ items, onSelect }${w.t(`: { items: ${shape}[]; onSelect: (id: string) => void }`)}) {`,
    "  const [query, setQuery] = useState('');",
    '  const visible = useMemo(() => items.filter((i) => JSON.stringify(i).includes(query)), [items, query]);',
    `  useEffect(() => { document.title = \`${cap(noun)}s (\${visible.length})\`; }, [visible.length]);`,
    '  return (',
    `    <section className="${noun}-list">`,
    `      <input name="search" placeholder="Filter ${noun}s" value={query} onChange={(e) => setQuery(e.target.value)} />`,
    '      <ul>',
    '        {visible.map((item, index) => (',
    '          <li key={index} onClick={() => onSelect(String(index))}>',
    `            <strong>{index + 1}.</strong> {JSON.stringify(item).slice(0, ${rng.int(20, 80)})}`,
    '          </li>',
    '        ))}',
    '      </ul>',
    '    </section>',
    '  );',
    '}', '');
}

/** Planted violations, written the way real legacy integrations write them. */
function plant(w: Writer, what: Planted): void {
  const { rng } = w;
  const fn = w.name(`legacy${cap(rng.pick(VERBS))}${cap(rng.pick(NOUNS))}`);
  switch (what) {
    case 'no-api-token-basic-auth':
      w.push(`export async function ${fn}(key${w.t(': string')}) {`,
        "  const auth = Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_API_TOKEN}`).toString('base64');",
        `  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}\`, {`,
        "    headers: { Authorization: `Basic ${auth}`, Accept: 'application/json' },",
        '  });',
        '  return res.json();',
        '}', '');
      break;
    case 'no-api-token-client':
      w.push(`export function ${fn}() {`,
        "  return new Version3Client({ host: 'https://acme.atlassian.net',",
        '    authentication: { basic: { email: process.env.JIRA_EMAIL, apiToken: process.env.JIRA_API_TOKEN } } });',
        '}', '');
      break;
    case 'no-api-token-storage':
      w.push(`export function ${fn}(jiraApiToken${w.t(': string')}) {`,
        "  localStorage.setItem('jiraApiToken', jiraApiToken);",
        '}', '');
      break;
    case 'no-api-token-collection':
      w.push(`export function ${cap(fn)}Field() {`,
        '  return <input name="atlassianApiToken" type="password" placeholder="Your Atlassian API token" />;',
        '}', '');
      break;
    case 'no-direct-product-fetch':
      w.push(`export async function ${fn}(key${w.t(': string')}) {`,
        '  const res = await api.fetch(`https://acme.atlassian.net/rest/api/3/issue/${key}`);',
        '  return res.json();',
        '}', '');
      break;
  }
}

/** One file's text, about `lines` long (it stops after the block that crosses the target). */
export function generateCode(rng: Rng, options: CodeOptions): string {
  const typed = options.lang === 'ts' || options.lang === 'tsx';
  const jsx = options.lang === 'tsx' || options.lang === 'jsx';
  const w = new Writer(rng, typed, jsx);
  imports(w);
  if (options.forge === 'function') w.push("import api, { route } from '@forge/api';", '');
  if (options.forge === 'frontend') w.push("import { invoke, requestJira } from '@forge/bridge';", '');
  if (options.plant.includes('no-api-token-client')) w.push("import { Version3Client } from 'jira.js';", '');
  const shapes = [iface(w), iface(w)];
  const pending = [...options.plant];
  let blocks = 0;
  while (w.lines.length < options.lines) {
    const shape = rng.pick(shapes);
    // Spread planted violations through the file instead of bunching them at the top.
    if (pending.length > 0 && blocks > 2 && rng.chance(0.3)) {
      plant(w, pending.shift() as Planted);
      continue;
    }
    blocks++;
    const kind = rng.weighted<string>([['util', 3], ['config', 2], ['call', 4], ['atlassian', 1], ['class', 2],
      ['iface', 1], ['alias', 1], ['component', jsx ? 3 : 0]]);
    switch (kind) {
      case 'util': util(w); break;
      case 'config': config(w); break;
      case 'call': thirdPartyCall(w, shape); break;
      case 'atlassian': atlassianCall(w, options.forge); break;
      case 'class': klass(w, shape); break;
      case 'iface': shapes.push(iface(w)); break;
      case 'alias': typeAlias(w); break;
      default: component(w, shape);
    }
  }
  for (const p of pending) plant(w, p);
  return `${w.lines.join('\n')}\n`;
}
