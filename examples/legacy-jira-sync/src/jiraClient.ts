import 'dotenv/config';

/** Jira Cloud REST v3 access for the sync job. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary: string;
    status: { name: string };
    assignee?: { displayName: string } | null;
    updated: string;
  };
}

interface SearchResponse {
  issues: JiraIssue[];
  nextPageToken?: string;
}

const baseUrl = process.env.JIRA_BASE_URL ?? 'https://acme.atlassian.net';
const email = process.env.JIRA_EMAIL ?? '';
const apiToken = process.env.JIRA_API_TOKEN ?? '';

function authHeaders(): Record<string, string> {
  return {
    Authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
}

async function check<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) {
    throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function searchIssues(jql: string, pageToken?: string): Promise<SearchResponse> {
  const params = new URLSearchParams({ jql, maxResults: '50', fields: 'summary,status,assignee,updated' });
  if (pageToken) params.set('nextPageToken', pageToken);
  const res = await fetch(`${baseUrl}/rest/api/3/search/jql?${params}`, { headers: authHeaders() });
  return check<SearchResponse>(res, 'search');
}

export async function createIssue(projectKey: string, summary: string, description: string): Promise<{ key: string }> {
  const body = {
    fields: {
      project: { key: projectKey },
      issuetype: { name: 'Task' },
      summary,
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: description }] }],
      },
    },
  };
  const res = await fetch(`${baseUrl}/rest/api/3/issue`, {
    method: 'POST',
    headers: authHeaders(),
    body: JSON.stringify(body),
  });
  return check<{ key: string }>(res, 'create issue');
}

export async function updateIssue(issueKey: string, fields: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/rest/api/3/issue/${encodeURIComponent(issueKey)}`, {
    method: 'PUT',
    headers: authHeaders(),
    body: JSON.stringify({ fields }),
  });
  await check<void>(res, `update ${issueKey}`);
}
