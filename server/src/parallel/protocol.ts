import type { AuditSetup, DiscoveredFile, FileOutcome } from '../core/workspace';

/** What a worker needs before its first batch: the main thread's audit setup (config, roots, manifests). */
export type WorkerSetup = AuditSetup;

/** Main → worker, first: the setup, sent once discovery is done (the worker was started before it). */
export interface SetupMessage {
  readonly setup: WorkerSetup;
}

/** Main → worker: analyse these files. */
export interface BatchRequest {
  readonly batch: number;
  readonly files: readonly DiscoveredFile[];
}

/** Worker → main: the outcomes of one batch, in the order asked, or the error that stopped it. */
export type BatchReply =
  | { readonly batch: number; readonly outcomes: readonly FileOutcome[] }
  | { readonly batch: number; readonly error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isWorkerSetup(v: unknown): v is WorkerSetup {
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((r) => typeof r === 'string');
  return (
    isRecord(v) &&
    typeof v['base'] === 'string' &&
    isRecord(v['config']) &&
    strings(v['forgeRoots']) &&
    strings(v['resourceRoots']) &&
    isRecord(v['manifests']) &&
    Object.values(v['manifests']).every((t) => typeof t === 'string')
  );
}

export function isSetupMessage(v: unknown): v is SetupMessage {
  return isRecord(v) && isWorkerSetup(v['setup']);
}

export function isBatchRequest(v: unknown): v is BatchRequest {
  return (
    isRecord(v) &&
    typeof v['batch'] === 'number' &&
    Array.isArray(v['files']) &&
    v['files'].every((f) => isRecord(f) && typeof f['path'] === 'string' && typeof f['absolute'] === 'string')
  );
}

export function isBatchReply(v: unknown): v is BatchReply {
  return isRecord(v) && typeof v['batch'] === 'number' && (Array.isArray(v['outcomes']) || typeof v['error'] === 'string');
}
