import React, { useEffect, useState } from 'react';
import { invoke } from '@forge/bridge';

export default function App() {
  const [issue, setIssue] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    invoke('getIssueSummary')
      .then((data) => (data && data.error ? setError(data.error) : setIssue(data)))
      .catch((err) => setError(String(err)));
  }, []);

  if (error) return <p role="alert">{error}</p>;
  if (!issue) return <p>Loading…</p>;
  return (
    <dl>
      <dt>Issue</dt>
      <dd>{issue.key}: {issue.summary}</dd>
      <dt>Status</dt>
      <dd>{issue.status}</dd>
      <dt>Comments</dt>
      <dd>{issue.commentCount}</dd>
    </dl>
  );
}
