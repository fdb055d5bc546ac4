import * as vscode from 'vscode';

/**
 * Resolves with `probe()`'s first defined value, checked now and after every `event`. The timeout
 * only turns a hang into a failure with a name; tests never sleep a fixed time.
 */
export function waitFor<T>(
  what: string,
  events: readonly vscode.Event<unknown>[],
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const s of subs) s.dispose();
      fn();
    };
    const check = async (): Promise<void> => {
      try {
        const value = await probe();
        if (value !== undefined) finish(() => resolve(value));
      } catch (err) {
        finish(() => reject(err));
      }
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    for (const e of events) subs.push(e(() => void check()));
    void check();
  });
}

export function diagnosticsChanged(uri: vscode.Uri): vscode.Event<unknown> {
  return (listener) =>
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) listener(e);
    });
}

/** Retries a command that the built-in TypeScript server may cancel while it warms up (HARNESS.md). */
export async function retryCanceled<T>(run: () => Thenable<T>, attempts = 10, retryOn: vscode.Event<unknown>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      const canceled = err instanceof Error && (err.name === 'Canceled' || err.message === 'Canceled');
      if (!canceled || i >= attempts) throw err;
      console.log(`  (attempt ${i} was Canceled while the language servers warm up; retrying)`);
      // Wait for the next diagnostics event (the language servers settled) before trying again.
      await new Promise<void>((resolve) => {
        const sub = retryOn(() => {
          sub.dispose();
          resolve();
        });
        setTimeout(() => {
          sub.dispose();
          resolve();
        }, 2_000);
      });
    }
  }
}
