import { dirname, isUnderForgeRoot } from '../core/facts';
import type { FileKind } from '../core/model';
import { isConnectDescriptorPath } from '../core/analysis/connect-descriptor';

/** A file as the dependency providers see it. */
export interface FileRef {
  readonly uri: string;
  /** The workspace folder's URI; files in different folders never depend on each other. */
  readonly folderUri: string | undefined;
  /** Folder-relative, forward slashes. */
  readonly relPath: string;
  readonly kind: FileKind | undefined;
}

/** Given a changed file and the open ones, says which open files must be analysed again. */
export type DependencyProvider = (changed: FileRef, open: readonly FileRef[]) => Iterable<FileRef>;

/**
 * A manifest and the code of its Forge app depend on each other (scopes declared vs. scopes used,
 * egress vs. fetches): an edit to either re-checks the other. Scope rules add nothing here; they
 * just read both files.
 */
export const forgeAppScope: DependencyProvider = function* (changed, open) {
  for (const other of open) {
    if (other.uri === changed.uri || other.folderUri !== changed.folderUri) continue;
    if (changed.kind === 'manifest' && other.kind !== 'manifest') {
      if (isUnderForgeRoot(other.relPath, new Set([dirname(changed.relPath)]))) yield other;
    } else if (changed.kind !== 'manifest' && other.kind === 'manifest') {
      if (isUnderForgeRoot(changed.relPath, new Set([dirname(other.relPath)]))) yield other;
    }
  }
};

/**
 * An Atlassian Connect descriptor (`atlassian-connect.json`) judges its scopes by the calls of the code
 * and page templates in its folder: an edit to one of them re-checks the open descriptor.
 */
export const connectAppScope: DependencyProvider = function* (changed, open) {
  if (isConnectDescriptorPath(changed.relPath)) return;
  for (const other of open) {
    if (other.uri === changed.uri || other.folderUri !== changed.folderUri || !isConnectDescriptorPath(other.relPath)) continue;
    if (isUnderForgeRoot(changed.relPath, new Set([dirname(other.relPath)]))) yield other;
  }
};

/** The registry of cross-file invalidation providers. */
export class Dependencies {
  private readonly providers: DependencyProvider[] = [forgeAppScope, connectAppScope];

  /** Adds a provider (a later rule with other cross-file facts); returns a function removing it. */
  register(provider: DependencyProvider): () => void {
    this.providers.push(provider);
    return () => {
      const i = this.providers.indexOf(provider);
      if (i >= 0) this.providers.splice(i, 1);
    };
  }

  /** Open files to re-validate after `changed` changed (never `changed` itself). */
  affected(changed: FileRef, open: readonly FileRef[]): FileRef[] {
    const out = new Map<string, FileRef>();
    for (const provider of this.providers) {
      for (const ref of provider(changed, open)) if (ref.uri !== changed.uri) out.set(ref.uri, ref);
    }
    return [...out.values()];
  }
}
