import * as vscode from 'vscode';
import { showRuleDocumentation } from './commands/showRuleDocumentation';
import type { GuardContext } from './context';
import { ruleIdFromUriPath } from './ruleUri';

/**
 * Handles `vscode://marketplace-guard.marketplace-guard/rule/<rule-id>` (see `ruleUri.ts`): opens the
 * rule's bundled page, as Show Rule Documentation does. Any other path is refused with a message.
 */
export function registerRuleUriHandler(ctx: GuardContext): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri: async (uri) => {
      const ruleId = ruleIdFromUriPath(uri.path);
      if (ruleId === undefined) {
        void vscode.window.showErrorMessage(`Marketplace Guard: this link names no rule (${uri.path}); links look like /rule/<rule-id>.`);
        return;
      }
      await showRuleDocumentation(ctx, ruleId);
    },
  });
}
