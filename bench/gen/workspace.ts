import * as fs from 'fs';
import * as path from 'path';
import { generateCode, type CodeLang, type Planted } from './code';
import { Rng } from './rng';

/**
 * Generates an N-file monorepo-like workspace: packages of Node/TS services and web front ends,
 * a few Forge apps (manifest.yml + functions + Custom UI), docs, CI/config YAML, JSON, `.env`
 * files. About 3% of the code holds a planted API-token violation so the rules do real work.
 */

/** Bump when the generator changes: a cached workspace of an older version is regenerated. */
export const GENERATOR_VERSION = 4;

export interface WorkspaceStats {
  files: number;
  lines: number;
  bytes: number;
  byKind: Record<string, number>;
  /** Planted violations by the rule expected to report them (a rough check, not a test). */
  planted: Record<string, number>;
}

type Kind = CodeLang | 'mjs' | 'json' | 'yaml' | 'md' | 'env' | 'manifest';

const PACKAGES = ['sync-service', 'webhooks', 'billing', 'reporting', 'admin-ui', 'importer', 'notifier', 'gateway',
  'scheduler', 'insights', 'exporter', 'portal'] as const;
const FOLDERS = ['src', 'src/api', 'src/lib', 'src/jobs', 'src/models', 'src/routes', 'web/components', 'web/pages', 'scripts'] as const;

function lineCount(rng: Rng, lo: number, hi: number): number {
  // Skewed toward the low end: most files are small, a few are long (mean ≈ lo + (hi - lo) / 3).
  const r = rng.next();
  return lo + Math.floor((hi - lo) * r * r);
}

function jsonFile(rng: Rng, lines: number): string {
  const entries: string[] = [];
  const rows = Math.max(1, Math.floor(lines / 7));
  for (let i = 0; i < rows; i++) {
    entries.push(`    {\n      "id": "${rng.chars(8, 'abcdef0123456789')}",\n      "name": "item-${i}",\n      "enabled": ${rng.chance(0.5)},\n      "weight": ${rng.int(0, 1000)},\n      "tags": ["${rng.pick(PACKAGES)}", "${rng.pick(FOLDERS)}"]\n    }`);
  }
  return `{\n  "version": ${rng.int(1, 9)},\n  "items": [\n${entries.join(',\n')}\n  ]\n}\n`;
}

function yamlFile(rng: Rng, lines: number): string {
  const out = ['name: ci', 'on:', '  push:', '    branches: [main]', '  pull_request: {}', 'jobs:'];
  for (let j = 0; out.length < lines; j++) {
    out.push(`  job-${j}:`, '    runs-on: ubuntu-latest', `    timeout-minutes: ${rng.int(5, 60)}`, '    steps:',
      '      - uses: actions/checkout@v4', '      - uses: actions/setup-node@v4', '        with:', `          node-version: ${rng.pick([18, 20, 22])}`,
      `      - run: npm ci && npm run ${rng.pick(['test', 'lint', 'build', 'bench'])}`, '        env:',
      `          LOG_LEVEL: ${rng.pick(['debug', 'info', 'warn'])}`, '          JIRA_API_TOKEN: ${{ secrets.JIRA_API_TOKEN }}');
  }
  return `${out.join('\n')}\n`;
}

function markdownFile(rng: Rng, lines: number, linkTokenPage: boolean): string {
  const out = [`# ${rng.pick(PACKAGES)}`, ''];
  for (let s = 0; out.length < lines; s++) {
    out.push(`## Section ${s}`, '', `This part of the service ${rng.pick(['syncs', 'exports', 'reports', 'schedules'])} ${rng.pick(PACKAGES)} data.`,
      'Configuration lives in `config/` and is read at start-up; restart after changing it.', '',
      `- step ${s}.1: run \`npm run ${rng.pick(['build', 'start', 'test'])}\``, `- step ${s}.2: check the logs`, '',
      '```ts', `const client = createClient({ baseUrl: process.env.BASE_URL, retries: ${rng.int(0, 5)} });`, '```', '');
  }
  if (linkTokenPage) out.push('To connect Jira, create an API token at https://id.atlassian.com/manage-profile/security/api-tokens.', '');
  return `${out.join('\n')}\n`;
}

function manifestFile(rng: Rng, index: number): string {
  const id = `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`;
  return `modules:
  jira:issuePanel:
    - key: panel-${index}
      resource: main
      resolver:
        function: resolver
      title: Panel ${index}
  trigger:
    - key: on-issue-${index}
      function: onIssue
      events:
        - avi:jira:created:issue
        - avi:jira:updated:issue
  function:
    - key: resolver
      handler: index.handler
    - key: onIssue
      handler: events.onIssue
resources:
  - key: main
    path: static/panel/build
permissions:
  scopes:
    - read:jira-work
    - write:jira-work${rng.chance(0.3) ? '\n    - storage:app' : ''}
app:
  runtime:
    name: nodejs22.x
  id: ari:cloud:ecosystem::app/${id}
`;
}

function envFile(rng: Rng, plantToken: boolean): string {
  // A generated token-shaped value (never a real one): the literal rule should flag it.
  const token = plantToken ? `${'ATATT3'}${rng.chars(186, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}=${rng.chars(8, '0123456789ABCDEF')}` : '';
  return `NODE_ENV=development\nPORT=${rng.int(3000, 9000)}\nLOG_LEVEL=info\nJIRA_BASE_URL=https://your-domain.atlassian.net\nJIRA_EMAIL=\nJIRA_API_TOKEN=${token}\nSLACK_WEBHOOK_URL=\n`;
}

const EXT: Record<Kind, string> = { ts: 'ts', tsx: 'tsx', js: 'js', jsx: 'jsx', mjs: 'mjs', json: 'json', yaml: 'yml', md: 'md', env: 'env', manifest: 'yml' };

/** Writes the workspace into `dir` (emptied first) and returns what it holds. */
export function generateWorkspace(dir: string, files: number, seed: number): WorkspaceStats {
  fs.rmSync(dir, { recursive: true, force: true });
  const rng = new Rng(seed);
  const stats: WorkspaceStats = { files: 0, lines: 0, bytes: 0, byKind: {}, planted: {} };
  const write = (rel: string, text: string, kind: Kind): void => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    stats.files++;
    stats.lines += text.split('\n').length - 1;
    stats.bytes += Buffer.byteLength(text);
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  };
  const count = (p: Planted | 'no-api-token-literal'): void => {
    stats.planted[p] = (stats.planted[p] ?? 0) + 1;
  };

  // Groups of ~25 files; every tenth group is a Forge app (a few manifest.yml in all).
  for (let group = 0; stats.files < files; group++) {
    const forge = group % 10 === 3;
    const base = forge ? `apps/forge-app-${group}` : `packages/${PACKAGES[group % PACKAGES.length] ?? 'pkg'}-${group}`;
    if (forge) write(`${base}/manifest.yml`, manifestFile(rng, group), 'manifest');
    if (stats.files < files) write(`${base}/package.json`, `{\n  "name": "${path.basename(base)}",\n  "version": "1.${group}.0",\n  "private": true\n}\n`, 'json');
    if (stats.files < files && rng.chance(0.3)) {
      const plantToken = rng.chance(0.1);
      if (plantToken) count('no-api-token-literal');
      write(`${base}/.env.example`, envFile(rng, plantToken), 'env');
    }
    for (let i = 0; i < 22 && stats.files < files; i++) {
      const kind = rng.weighted<Exclude<Kind, 'env' | 'manifest'>>([['ts', 44], ['tsx', 12], ['js', 12], ['mjs', 2], ['json', 10], ['yaml', 5], ['md', 10]]);
      const folder = forge ? rng.pick(['src', 'src/resolvers', 'static/panel/src'] as const) : rng.pick(FOLDERS);
      const rel = `${base}/${folder}/file-${i}.${EXT[kind]}`;
      if (kind === 'json') write(rel, jsonFile(rng, lineCount(rng, 40, 300)), kind);
      else if (kind === 'yaml') write(rel, yamlFile(rng, lineCount(rng, 40, 160)), kind);
      else if (kind === 'md') {
        const link = rng.chance(0.05);
        if (link) count('no-api-token-collection');
        write(rel, markdownFile(rng, lineCount(rng, 30, 200), link), kind);
      } else {
        const lang: CodeLang = kind === 'mjs' ? 'js' : kind;
        const jsx = lang === 'tsx' || lang === 'jsx';
        const forgeCode = forge && folder !== 'static/panel/src';
        const forgeMode = !forge ? false : forgeCode ? 'function' : 'frontend';
        const plant: Planted[] = [];
        if (rng.chance(0.03)) {
          plant.push(forgeCode ? 'no-direct-product-fetch' : rng.pick(['no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-storage'] as const));
        }
        if (jsx && rng.chance(0.03)) plant.push('no-api-token-collection');
        plant.forEach(count);
        // ~240 lines a code file on average: 5,000 files make ~1 M lines (issue 7).
        write(rel, generateCode(rng, { lines: lineCount(rng, 130, 460), lang, forge: forgeMode, plant }), kind);
      }
    }
  }
  return stats;
}
