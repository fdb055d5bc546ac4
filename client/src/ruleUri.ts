/**
 * `<scheme>://marketplace-guard.marketplace-guard/rule/<rule-id>`: a link that opens a rule's page
 * (bundled, rendered, offline) in the editor that has the extension, from anywhere that can open a
 * URI (a terminal, a browser, another tool's output). Pure, so it is tested without VS Code.
 */

/** The path of a rule link; rule ids are kebab-case, so nothing else reaches a file path. */
const RULE_PATH = /^\/rule\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

/** The rule id a link names, or undefined when its path is not `/rule/<rule-id>`. */
export function ruleIdFromUriPath(uriPath: string): string | undefined {
  return RULE_PATH.exec(uriPath)?.[1];
}

/**
 * The link to a rule's page for this editor: `scheme` is `vscode.env.uriScheme` (`vscode`,
 * `vscode-insiders`, `code-oss`…), `extensionId` is `publisher.name`.
 */
export function ruleUri(scheme: string, extensionId: string, ruleId: string): string {
  return `${scheme}://${extensionId.toLowerCase()}/rule/${encodeURIComponent(ruleId)}`;
}
