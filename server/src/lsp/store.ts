import type { Range } from 'vscode-languageserver';
import type { Finding } from '../core/model';
import { countBySeverity, type FindingItem, type RelatedItem, type SeverityCounts } from '../protocol';
import { uriKey } from './folders';

/** The current findings of one file, as last published. */
export interface FileFindings {
  readonly uri: string;
  readonly folderUri: string | undefined;
  readonly relPath: string;
  readonly findings: readonly Finding[];
  /** LSP ranges of `findings`, same order. */
  readonly ranges: readonly Range[];
  /** Related locations of `findings` with editor URIs, same order (as in the diagnostics). */
  readonly related?: readonly (readonly RelatedItem[] | undefined)[];
  /** Whether a workspace audit produced it (kept after the document closes). */
  readonly audited: boolean;
  /** Findings the baseline holds (no diagnostics), and their LSP ranges, same order. */
  readonly baselined?: readonly Finding[];
  readonly baselineRanges?: readonly Range[];
  /** The document version the findings' offsets belong to (null: the text on disk). */
  readonly version?: number | null;
  /** The info note published beside the findings when some rules could not finish on the file. */
  readonly failure?: string;
}


/** One finding as the tree receives it; `baseline` marks a finding the folder's baseline holds. */
function itemOf(e: FileFindings, f: Finding, range: Range | undefined, related: readonly RelatedItem[] | undefined, baseline: boolean): FindingItem {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    uri: e.uri,
    file: e.relPath,
    ...(e.folderUri ? { folderUri: e.folderUri } : {}),
    range: range ?? { start: { line: f.start.line - 1, character: f.start.column - 1 }, end: { line: f.end.line - 1, character: f.end.column - 1 } },
    message: f.message,
    ...(f.detail ? { detail: f.detail } : {}),
    policy: f.policy,
    fixable: f.fixes.length > 0,
    ...(f.endpoint ? { endpoint: f.endpoint } : {}),
    ...relatedOf(related),
    ...(baseline ? { baseline: true } : {}),
  };
}

function relatedOf(related: readonly RelatedItem[] | undefined): { related?: readonly RelatedItem[] } {
  return related && related.length > 0 ? { related } : {};
}

/**
 * Findings by file for the tree, the reports and the status bar; tells the client when they change
 * (coalesced, so an audit of 5,000 files sends a handful of notifications, not 5,000).
 */
export class FindingsStore {
  private readonly files = new Map<string, FileFindings>();
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly notify: (uris: string[], counts: SeverityCounts) => void,
    private readonly coalesceMs = 50,
  ) {}

  get(uri: string): FileFindings | undefined {
    return this.files.get(uriKey(uri));
  }

  set(entry: FileFindings): void {
    const key = uriKey(entry.uri);
    const before = this.files.get(key);
    const none = (e: FileFindings): boolean => e.findings.length === 0 && (e.baselined ?? []).length === 0;
    if (before && none(before) && none(entry) && before.audited === entry.audited && before.failure === entry.failure) return;
    this.files.set(key, entry);
    this.touch(entry.uri);
  }

  delete(uri: string): void {
    if (this.files.delete(uriKey(uri))) this.touch(uri);
  }

  all(): FileFindings[] {
    return [...this.files.values()];
  }

  items(filterUri?: string): FindingItem[] {
    const entries = filterUri === undefined ? this.all() : [this.get(filterUri)].filter((e): e is FileFindings => e !== undefined);
    const out: FindingItem[] = [];
    for (const e of entries) {
      e.findings.forEach((f, i) => out.push(itemOf(e, f, e.ranges[i], e.related?.[i], false)));
      (e.baselined ?? []).forEach((f, i) => out.push(itemOf(e, f, e.baselineRanges?.[i], undefined, true)));
      // VS Code shows this note with the findings: the tree lists it too, so its counts match Problems.
      if (e.failure !== undefined) {
        const origin = { line: 0, character: 0 };
        out.push({
          ruleId: 'analysis-incomplete',
          category: 'meta',
          severity: 'info',
          uri: e.uri,
          file: e.relPath,
          ...(e.folderUri ? { folderUri: e.folderUri } : {}),
          range: { start: origin, end: origin },
          message: e.failure,
          policy: '',
          fixable: false,
          failure: true,
        });
      }
    }
    return out;
  }

  /** By severity, over what VS Code shows: the findings and the notes of rules that could not finish. */
  counts(): SeverityCounts {
    const all = this.all();
    const notes = all.filter((e) => e.failure !== undefined).map(() => ({ severity: 'info' }));
    return countBySeverity([...all.flatMap((e) => e.findings), ...notes]);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private touch(uri: string): void {
    this.changed.add(uri);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const uris = [...this.changed];
      this.changed.clear();
      this.notify(uris, this.counts());
    }, this.coalesceMs);
  }
}
