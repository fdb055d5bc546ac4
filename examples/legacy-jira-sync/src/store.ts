import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Credentials the settings page posts to the service, kept between restarts. */
export interface StoredCredentials {
  email: string;
  jiraApiToken: string;
}

const credentialsPath = path.join(os.homedir(), '.legacy-jira-sync', 'credentials.json');

export function saveCredentials(email: string, jiraApiToken: string): void {
  fs.mkdirSync(path.dirname(credentialsPath), { recursive: true });
  fs.writeFileSync(credentialsPath, JSON.stringify({ email, jiraApiToken }), { mode: 0o600 });
}

export function loadCredentials(): StoredCredentials {
  if (!fs.existsSync(credentialsPath)) {
    return { email: process.env.JIRA_EMAIL ?? '', jiraApiToken: process.env.JIRA_API_TOKEN ?? '' };
  }
  return JSON.parse(fs.readFileSync(credentialsPath, 'utf8')) as StoredCredentials;
}

/** The last sync time is plain state: storing it is fine. */
export function saveCursor(updatedSince: string): void {
  const file = path.join(path.dirname(credentialsPath), 'cursor.json');
  fs.writeFileSync(file, JSON.stringify({ updatedSince }));
}
