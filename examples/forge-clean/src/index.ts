import api, { route } from '@forge/api';
import Resolver from '@forge/resolver';

/** The issue fields the panel shows. */
interface IssueSummary {
  key: string;
  summary: string;
  status: string;
  commentCount: number;
}

interface IssueResponse {
  key: string;
  fields: {
    summary: string;
    status: { name: string };
    comment?: { total: number };
  };
}

/**
 * Reads the issue as the viewing user: Forge signs the request, the manifest's granular read
 * scopes cover it, and Jira applies the user's own permissions. No token ever touches the app.
 */
async function getIssueSummary(issueKey: string): Promise<IssueSummary> {
  const res = await api
    .asUser()
    .requestJira(route`/rest/api/3/issue/${issueKey}?fields=summary,status,comment`, {
      headers: { Accept: 'application/json' },
    });
  if (!res.ok) {
    throw new Error(`Jira returned ${res.status} for ${issueKey}`);
  }
  const issue = (await res.json()) as IssueResponse;
  return {
    key: issue.key,
    summary: issue.fields.summary,
    status: issue.fields.status.name,
    commentCount: issue.fields.comment?.total ?? 0,
  };
}

const resolver = new Resolver();

resolver.define('getIssueSummary', async ({ context }) => {
  const issueKey = (context.extension as { issue?: { key?: string } }).issue?.key;
  if (!issueKey) {
    return { error: 'This panel only works on an issue.' };
  }
  return getIssueSummary(issueKey);
});

export const handler = resolver.getDefinitions();
