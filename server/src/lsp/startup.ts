import { performance } from 'perf_hooks';

/** Milliseconds as the output channel shows them: whole numbers. */
const ms = (n: number): string => `${Math.round(n)} ms`;

/**
 * What the server does at start, one line per phase in the editor's output channel (SPEC §7: a user
 * who waits for the first squiggle can see where the time went):
 *
 *   Marketplace Guard 0.1.0: server started in 420 ms (code loaded in 380 ms)
 *   Marketplace Guard: analysed legacy-jira-sync/src/jiraClient.ts in 95 ms; first diagnostics 610 ms after start
 *   Marketplace Guard: project facts for 11 files of legacy-jira-sync in 40 ms (cross-file checks refined)
 *
 * Times since the server process started (`performance.now()` counts from it).
 */
export class StartupLog {
  private firstPublished = false;
  private readonly factsLogged = new Set<string>();
  private readonly disabledLogged = new Set<string>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The client's `initialize` arrived; `loadedMs` is when the bundle finished loading. */
  started(version: string, loadedMs: number): void {
    this.log(`Marketplace Guard ${version}: server started in ${ms(this.now())} (code loaded in ${ms(loadedMs)})`);
  }

  /** Once: the first file whose diagnostics were published. */
  analysed(name: string, analyseMs: number): void {
    if (this.firstPublished) return;
    this.firstPublished = true;
    this.log(`Marketplace Guard: analysed ${name} in ${ms(analyseMs)}; first diagnostics ${ms(this.now())} after start`);
  }

  /** Once per folder, instead of its project facts: `marketplaceGuard.enable` is off there. */
  disabled(folder: string): void {
    if (this.disabledLogged.has(folder)) return;
    this.disabledLogged.add(folder);
    this.log(`Marketplace Guard: checks are off for ${folder} (marketplaceGuard.enable): no project facts loaded`);
  }

  /** Once per folder: the workspace scan and the facts other files give (manifests, app usage) are known. */
  projectFacts(folder: string, files: number, factsMs: number): void {
    if (this.factsLogged.has(folder)) return;
    this.factsLogged.add(folder);
    this.log(`Marketplace Guard: project facts for ${files} file${files === 1 ? '' : 's'} of ${folder} in ${ms(factsMs)} (cross-file checks refined)`);
  }
}
