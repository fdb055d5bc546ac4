import { searchIssues, createIssue, updateIssue, type JiraIssue } from './jiraClient';
import { transitionToDone } from './jiraJs';
import { linkPullRequests, postToSlack } from './notify';
import { saveCursor } from './store';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { publishSummary, renderSummary } = require('./confluence');

const PROJECT = process.env.SYNC_PROJECT_KEY ?? 'OPS';

async function collect(jql: string): Promise<JiraIssue[]> {
  const all: JiraIssue[] = [];
  let pageToken: string | undefined;
  do {
    const page = await searchIssues(jql, pageToken);
    all.push(...page.issues);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

export async function runSync(since: string): Promise<void> {
  const issues = await collect(`project = ${PROJECT} AND updated >= "${since}" ORDER BY updated DESC`);
  for (const issue of issues) {
    const prs = await linkPullRequests('acme/platform', issue.key);
    if (prs > 0 && issue.fields.status.name === 'In Review') {
      await transitionToDone(issue.key);
    } else if (prs > 0) {
      await updateIssue(issue.key, { labels: ['has-pr'] });
    }
  }
  if (issues.length === 0) {
    await createIssue(PROJECT, 'Sync found no updates', `Nothing changed since ${since}.`);
  }
  const pageId: string = await publishSummary(`Sync ${new Date().toISOString().slice(0, 10)}`, renderSummary(issues));
  await postToSlack('#ops', `Synced ${issues.length} issues, summary page ${pageId}`);
  saveCursor(new Date().toISOString());
}

if (require.main === module) {
  runSync(process.argv[2] ?? '-7d').catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
