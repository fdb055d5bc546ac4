import React, { useEffect, useState } from 'react';
import { invoke } from '@forge/bridge';

export default function App() {
  const [data, setData] = useState(null);
  useEffect(() => {
    invoke('getIssue').then(setData);
  }, []);
  if (!data) return <p>Loading…</p>;
  return (
    <section>
      <h2>{data.project}</h2>
      <button onClick={() => invoke('triage', { key: data.issue.key, action: 'PUT' })}>Mark triaged</button>
    </section>
  );
}
