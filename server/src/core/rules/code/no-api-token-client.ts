import { defineRule } from '../../rule';

/** Stub: being implemented (issue 2). */
export default defineRule({
  id: 'no-api-token-client',
  kinds: ['code'],
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not configure Atlassian client libraries with API-token or password auth.',
    messages: {},
    fixable: false,
  },
});
