import rule from '../../../server/src/core/rules/manifest/runs-on-atlassian';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'no remotes, no egress, no tokens', file: 'manifest.yml', code: 'app:\n  id: x\npermissions:\n  scopes:\n    - read:jira-work\n' },
  ],
  invalid: [
    {
      name: 'remotes and egress',
      file: 'manifest.yml',
      code: 'app:\n  id: x\nremotes:\n  - key: backend\n    baseUrl: https://api.example.com\npermissions:\n  external:\n    fetch:\n      backend:\n        - api.example.com\n',
      errors: [{ messageId: 'notEligible', line: 1, data: { reasons: 'remotes (backend); external egress in permissions.external (fetch.backend)' } }],
    },
  ],
});
