import api from '@forge/api';
import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';

const resolver = new Resolver();

/** Keeps the GitHub tokens the panel obtained, per Atlassian account. */
resolver.define('saveTokens', async ({ payload, context }) => {
  const tokens = payload.tokens;
  console.log('storing GitHub tokens for', context.accountId, tokens.access_token);
  await kvs.set(`oauth-tokens:${context.accountId}`, tokens);
  return { ok: true };
});

resolver.define('linkedPulls', async ({ payload, context }) => {
  const tokens = await kvs.get(`oauth-tokens:${context.accountId}`);
  if (!tokens) return { connected: false };
  const res = await api.fetch(`https://api.github.com/search/issues?q=${encodeURIComponent(payload.issueKey)}+type:pr`, {
    headers: { Authorization: `Bearer ${tokens.access_token}`, Accept: 'application/vnd.github+json' },
  });
  return { connected: true, pulls: (await res.json()).items };
});

export const handler = resolver.getDefinitions();
