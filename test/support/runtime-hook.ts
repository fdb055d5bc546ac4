import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A preload script (`node --require HOOK dist/….js`) that records, as JSON lines in
 * `$MG_HOOK_OUT`, every module request, every file Node compiles as a module, every child process
 * started, every `fetch` and every socket connect of the process it is loaded into. The tool's own
 * security tests read it back: no network module, no workspace file executed, no process spawned.
 */
const HOOK_SOURCE = String.raw`
'use strict';
const fs = require('fs');
const Module = require('module');
const cp = require('child_process');
const net = require('net');
const out = process.env.MG_HOOK_OUT;
const record = (kind, value) => fs.appendFileSync(out, JSON.stringify({ kind, value: String(value) }) + '\n');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  record('request', request);
  return load.apply(this, arguments);
};
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  record('compile', filename);
  return compile.apply(this, arguments);
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = cp[name];
  cp[name] = function (...args) {
    record('spawn', name + ' ' + String(args[0]));
    return original.apply(this, args);
  };
}
const fetch = globalThis.fetch;
globalThis.fetch = function (...args) {
  record('fetch', String(args[0]));
  return fetch.apply(this, args);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  record('connect', JSON.stringify(args[0]));
  return connect.apply(this, args);
};
`;

export interface HookRecord {
  readonly kind: 'request' | 'compile' | 'spawn' | 'fetch' | 'connect';
  readonly value: string;
}

/** Writes the hook into a fresh folder; returns its path and where it will record. */
export function makeRuntimeHook(): { hook: string; out: string; read: () => HookRecord[]; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-hook-'));
  const hook = path.join(dir, 'hook.js');
  const out = path.join(dir, 'records.jsonl');
  fs.writeFileSync(hook, HOOK_SOURCE);
  fs.writeFileSync(out, '');
  return {
    hook,
    out,
    read: () =>
      fs
        .readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l): unknown => JSON.parse(l))
        .filter(isHookRecord),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function isHookRecord(v: unknown): v is HookRecord {
  return typeof v === 'object' && v !== null && 'kind' in v && 'value' in v && typeof v.value === 'string';
}

/** Node's network modules, with and without the `node:` prefix. */
export const NETWORK_MODULES: ReadonlySet<string> = new Set(
  ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'dns/promises', 'undici'].flatMap((m) => [m, `node:${m}`]),
);
