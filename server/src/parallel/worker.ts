import { parentPort } from 'worker_threads';
import { analyseDiscovered, AuditContext } from '../core/workspace';
import { heapGuard } from './memory';
import { isBatchRequest, isSetupMessage, type BatchReply } from './protocol';

/**
 * Entry of dist/audit-worker.js: analyses the batches of files the CLI or the language server sends
 * and replies with serialisable outcomes. It only reads files; it never writes, spawns or loads workspace code.
 * The CLI starts it before it has found the files (loading TypeScript overlaps discovery), so
 * the audit's setup comes as the first message.
 */
const port = parentPort;
if (!port) throw new Error('audit-worker must be started by the Marketplace Guard CLI or language server');
let ctx: AuditContext | undefined;
const guard = heapGuard();

port.on('message', (message: unknown) => {
  if (isSetupMessage(message)) {
    ctx = new AuditContext(message.setup);
    return;
  }
  if (!isBatchRequest(message)) return;
  let reply: BatchReply;
  try {
    if (!ctx) throw new Error('a batch came before the audit setup');
    const context = ctx;
    reply = {
      batch: message.batch,
      outcomes: message.files.map((f) => {
        const outcome = analyseDiscovered(f, context);
        guard();
        return outcome;
      }),
    };
  } catch (err) {
    reply = { batch: message.batch, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
