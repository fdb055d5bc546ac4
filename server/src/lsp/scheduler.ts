import { CancellationTokenSource, type CancellationToken } from 'vscode-languageserver';

/** Typing pauses shorter than this coalesce into one analysis (SPEC §5: debounced). */
export const TYPING_DEBOUNCE_MS = 150;

interface Slot {
  timer?: NodeJS.Timeout;
  source?: CancellationTokenSource;
}

/**
 * Per-document debounce with cancellation: scheduling a document again drops its pending timer and
 * cancels its running analysis, so only the newest request publishes.
 */
export class Scheduler {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly run: (uri: string, token: CancellationToken) => Promise<void>,
    private readonly onError: (uri: string, err: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    const slot = this.cancelSlot(uri);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      const source = new CancellationTokenSource();
      slot.source = source;
      this.run(uri, source.token)
        .catch((err: unknown) => this.onError(uri, err))
        .finally(() => {
          if (slot.source === source) slot.source = undefined;
          source.dispose();
          if (!slot.timer && !slot.source && this.slots.get(uri) === slot) this.slots.delete(uri);
        });
    }, delayMs);
    this.slots.set(uri, slot);
  }

  /** Drops pending and running work for a document (closed, or superseded). */
  cancel(uri: string): void {
    this.cancelSlot(uri);
    const slot = this.slots.get(uri);
    if (slot && !slot.source) this.slots.delete(uri);
  }

  get pending(): number {
    return this.slots.size;
  }

  dispose(): void {
    for (const uri of [...this.slots.keys()]) this.cancel(uri);
  }

  private cancelSlot(uri: string): Slot {
    const slot = this.slots.get(uri) ?? {};
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.source?.cancel();
    return slot;
  }
}
