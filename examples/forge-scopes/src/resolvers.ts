import api, { route, type Route } from '@forge/api';
import Resolver from '@forge/resolver';

interface IssueContext {
  issue?: { key?: string };
}

/** Every Jira read of the panel goes through here: the route is the caller's. */
async function jiraGet<T>(path: Route): Promise<T> {
  const res = await api.asUser().requestJira(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`Jira returned ${res.status}`);
  return (await res.json()) as T;
}

/** Edits or deletes an issue: the panel decides which, so the method is a variable. */
async function changeIssue(key: string, method: 'PUT' | 'DELETE', fields?: Record<string, unknown>): Promise<number> {
  const res = await api.asUser().requestJira(route`/rest/api/3/issue/${key}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(fields ? { body: JSON.stringify({ fields }) } : {}),
  });
  return res.status;
}

const resolver = new Resolver();

resolver.define('getIssue', async ({ context }) => {
  const key = (context.extension as IssueContext).issue?.key ?? '';
  const issue = await jiraGet<{ fields: { project: { key: string } } }>(route`/rest/api/3/issue/${key}?fields=summary,project`);
  const project = await jiraGet<{ name: string }>(route`/rest/api/3/project/${issue.fields.project.key}`);
  return { issue, project: project.name };
});

resolver.define('triage', async ({ payload }) => {
  const { key, action } = payload as { key: string; action: 'PUT' | 'DELETE' };
  return changeIssue(key, action, action === 'PUT' ? { labels: ['triaged'] } : undefined);
});

resolver.define('comment', async ({ payload }) => {
  const { key, text } = payload as { key: string; text: string };
  const res = await api.asUser().requestJira(route`/rest/api/3/issue/${key}/comment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } }),
  });
  return res.status;
});

resolver.define('publishDigest', async ({ payload }) => {
  const { spaceId, title, html } = payload as { spaceId: string; title: string; html: string };
  const res = await api.asApp().requestConfluence(route`/wiki/api/v2/pages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ spaceId, status: 'current', title, body: { representation: 'storage', value: html } }),
  });
  return res.status;
});

export const handler = resolver.getDefinitions();
