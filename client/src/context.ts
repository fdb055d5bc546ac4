import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ComplianceTree } from './complianceTree';

/** What every command needs: one object built in `activate`, so commands stay small and testable. */
export interface GuardContext {
  readonly client: LanguageClient;
  readonly tree: ComplianceTree;
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.OutputChannel;
}
