import React, { useState } from 'react';

/** Settings page of the sync dashboard: where each customer connects their Jira site. */
export function JiraSettings(): JSX.Element {
  const [email, setEmail] = useState(localStorage.getItem('jiraEmail') ?? '');
  const [token, setToken] = useState('');
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    localStorage.setItem('jiraEmail', email);
    localStorage.setItem('jiraApiToken', token);
    await fetch('/api/settings/jira', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, jiraApiToken: token }),
    });
    setSaved(true);
  }

  return (
    <form onSubmit={onSubmit} className="settings-form">
      <label htmlFor="jiraEmail">Atlassian account email</label>
      <input id="jiraEmail" name="jiraEmail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />

      <label htmlFor="jiraApiToken">Jira API token</label>
      <input
        id="jiraApiToken"
        name="jiraApiToken"
        type="password"
        placeholder="Paste your Atlassian API token"
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <p className="hint">
        Create one at{' '}
        <a href="https://id.atlassian.com/manage-profile/security/api-tokens" target="_blank" rel="noreferrer">
          your Atlassian account settings
        </a>
        .
      </p>

      <button type="submit">Save</button>
      {saved && <span role="status">Connected.</span>}
    </form>
  );
}
