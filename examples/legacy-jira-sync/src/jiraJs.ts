import { Version3Client } from 'jira.js';
import { loadCredentials } from './store';

/** Newer code paths use jira.js instead of hand-written fetch calls. */
function createJiraClient(): Version3Client {
  const { email, jiraApiToken } = loadCredentials();
  return new Version3Client({
    host: process.env.JIRA_BASE_URL ?? 'https://acme.atlassian.net',
    authentication: {
      basic: {
        email,
        apiToken: jiraApiToken,
      },
    },
  });
}

export async function transitionToDone(issueKey: string): Promise<void> {
  const client = createJiraClient();
  const { transitions = [] } = await client.issues.getTransitions({ issueIdOrKey: issueKey });
  const done = transitions.find((t) => t.name === 'Done');
  if (done?.id) {
    await client.issues.doTransition({ issueIdOrKey: issueKey, transition: { id: done.id } });
  }
}
