import api, { route } from '@forge/api';

/** Scheduled trigger: counts untriaged issues and reports the number to the metrics service. */
export async function run(): Promise<void> {
  const jql = 'labels = needs-triage';
  const res = await api.asApp().requestJira(route`/rest/api/3/search/jql?jql=${jql}&maxResults=0`);
  const { total } = (await res.json()) as { total: number };
  await api.fetch('http://metrics.example.com/v1/untriaged', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ total }),
  });
}
