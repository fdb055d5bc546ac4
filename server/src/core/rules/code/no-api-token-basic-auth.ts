import { defineRule } from '../../rule';

/** Stub: being implemented (issue 2). */
export default defineRule({
  id: 'no-api-token-basic-auth',
  kinds: ['code'],
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not send Atlassian API tokens with HTTP Basic (or Bearer) auth; use OAuth 2.0 (3LO) or Forge.',
    messages: {},
    fixable: false,
  },
});
