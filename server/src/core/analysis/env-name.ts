/**
 * Picks an environment variable name for a value being moved out of the source, from the name the
 * code binds it to (`const jiraToken = '…'` → `JIRA_TOKEN`, `JIRA_API_TOKEN=…` → `JIRA_API_TOKEN`).
 */
export function envNameFor(textBefore: string, fallback = 'ATLASSIAN_API_TOKEN'): string {
  const m = /([A-Za-z_$][\w$]*)["']?\s*[:=]\s*["'`]?$/.exec(textBefore.slice(-200));
  const name = m?.[1];
  if (!name || /^(?:const|let|var|value|token|key|secret)$/i.test(name)) return fallback;
  return toEnvName(name);
}

/** `jiraApiToken` → `JIRA_API_TOKEN`; `client-secret` → `CLIENT_SECRET`. */
export function toEnvName(name: string): string {
  return name
    .replace(/^[$_]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
