import { parentPort, workerData } from 'worker_threads';
import { analyseDiscovered, AuditContext } from '../core/workspace';
import { isBatchRequest, isWorkerSetup, type BatchReply } from './protocol';

/**
 * Entry of dist/audit-worker.js: analyses the batches of files the CLI sends and replies with
 * serialisable outcomes. It only reads files; it never writes, spawns or loads workspace code.
 */
const port = parentPort;
if (!port || !isWorkerSetup(workerData)) throw new Error('audit-worker must be started by the Marketplace Guard CLI');
const ctx = new AuditContext(workerData);

port.on('message', (message: unknown) => {
  if (!isBatchRequest(message)) return;
  let reply: BatchReply;
  try {
    reply = { batch: message.batch, outcomes: message.files.map((f) => analyseDiscovered(f, ctx)) };
  } catch (err) {
    reply = { batch: message.batch, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
