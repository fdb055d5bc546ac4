import rule from '../../../server/src/core/rules/manifest/manifest-valid';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a well-formed manifest',
      file: 'manifest.yml',
      code: 'modules:\n  function:\n    - key: main\n      handler: index.run\nremotes:\n  - key: backend\n    baseUrl:\n      default: https://api.example.com\nresources:\n  - key: main\n    path: static/build\npermissions:\n  scopes:\n    - read:jira-work\n  external:\n    fetch:\n      backend:\n        - api.example.com\n        - address: api.other.example\n',
    },
    { name: 'an empty manifest', file: 'manifest.yml', code: '' },
  ],
  invalid: [
    {
      name: 'YAML syntax error',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes: [read:jira-work\n',
      errors: [{ messageId: 'syntax', line: 3 }],
    },
    {
      name: 'scopes as a string, not a list',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes: read:jira-work\n',
      errors: [{ messageId: 'structure', line: 2, data: { problem: 'permissions.scopes must be a list' } }],
    },
    {
      name: 'a remote without baseUrl, a resource without path, permissions declared twice',
      file: 'manifest.yml',
      code: 'remotes:\n  - key: backend\nresources:\n  - key: main\npermissions:\n  scopes: []\npermissions: {}\n',
      errors: [
        { messageId: 'structure', line: 2, data: { problem: 'baseUrl' } },
        { messageId: 'structure', line: 4, data: { problem: '"path"' } },
        { messageId: 'structure', line: 7, data: { problem: 'declared twice' } },
      ],
    },
    {
      name: 'external.fetch as a list',
      file: 'manifest.yml',
      code: 'permissions:\n  external:\n    fetch:\n      - api.example.com\n',
      errors: [{ messageId: 'structure', line: 4, data: { problem: 'backend' } }],
    },
  ],
});
