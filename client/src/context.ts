import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ComplianceTree } from './complianceTree';
import type { GuardStatusBar } from './statusBar';

/** What every command needs: one object built in `activate`, so commands stay small and testable. */
export interface GuardContext {
  readonly client: LanguageClient;
  readonly tree: ComplianceTree;
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.OutputChannel;
  /** The extension's global storage: reports are saved there unless the user picks a folder. */
  readonly storageUri: vscode.Uri;
  /** Remembers the folder the user last saved a report to. */
  readonly state: vscode.Memento;
  readonly status: GuardStatusBar;
}
