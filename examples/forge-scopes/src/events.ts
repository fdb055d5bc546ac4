import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';

interface IssueCreatedEvent {
  issue: { key: string; fields: { summary: string } };
}

/** Product trigger `avi:jira:created:issue`: labels the new issue and tells the team on Slack. */
export async function onIssueCreated(event: IssueCreatedEvent): Promise<void> {
  const { key, fields } = event.issue;
  await api.asApp().requestJira(route`/rest/api/3/issue/${key}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ update: { labels: [{ add: 'needs-triage' }] } }),
  });
  const webhook = process.env.SLACK_WEBHOOK_PATH ?? '';
  await api.fetch(`https://hooks.slack.com/services/${webhook}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: `New issue ${key}: ${fields.summary}` }),
  });
  await kvs.set(`created:${key}`, Date.now());
}
