import React, { useState } from 'react';

/**
 * The "OAuth" settings page added in 2.4 to replace the API-token form: each customer types in the
 * credentials of an OAuth app they registered themselves, and the back end keeps them per site.
 */
export function JiraOAuthSettings(): JSX.Element {
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    await fetch('/api/settings/jira-oauth', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId, secret }),
    });
    setSaved(true);
  }

  return (
    <form onSubmit={onSubmit} className="settings-form">
      <label htmlFor="jiraClientId">Client ID</label>
      <input id="jiraClientId" name="jiraClientId" value={clientId} onChange={(e) => setClientId(e.target.value)} />

      <label htmlFor="jiraClientSecret">Client secret</label>
      <input
        id="jiraClientSecret"
        name="jiraClientSecret"
        type="password"
        placeholder="Secret of your Jira OAuth 2.0 app"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />

      <button type="submit">Save</button>
      {saved && <span role="status">Saved.</span>}
    </form>
  );
}
