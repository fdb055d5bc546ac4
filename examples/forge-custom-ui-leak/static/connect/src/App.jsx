import React, { useEffect, useState } from 'react';
import { invoke, router } from '@forge/bridge';
import { authorizeUrl, exchangeCode } from './github';

export default function App() {
  const [pulls, setPulls] = useState(null);

  useEffect(() => {
    invoke('linkedPulls', {}).then(setPulls);
  }, []);

  async function connect() {
    const code = window.prompt('Paste the code GitHub showed you');
    if (!code) return router.open(authorizeUrl(crypto.randomUUID()));
    const tokens = await exchangeCode(code);
    await invoke('saveTokens', { tokens });
    setPulls(await invoke('linkedPulls', {}));
  }

  if (!pulls) return <p>Loading…</p>;
  if (!pulls.connected) return <button onClick={connect}>Connect GitHub</button>;
  return (
    <ul>
      {pulls.pulls.map((p) => (
        <li key={p.id}>{p.title}</li>
      ))}
    </ul>
  );
}
