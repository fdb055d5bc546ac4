import rule from '../../../server/src/core/rules/manifest/no-insecure-egress';
import { runRuleTests } from '../../support/rule-tester';

runRuleTests(rule, {
  valid: [
    { name: 'https everywhere', file: 'manifest.yml', code: 'remotes:\n  - key: be\n    baseUrl: https://api.example.com\npermissions:\n  external:\n    fetch:\n      backend:\n        - https://api.example.com\n' },
    { name: 'http in a module title is not egress', file: 'manifest.yml', code: 'modules:\n  jira:issuePanel:\n    - key: p\n      title: see http://example.com\n' },
  ],
  invalid: [
    {
      name: 'http egress entry',
      file: 'manifest.yml',
      code: "permissions:\n  external:\n    fetch:\n      backend:\n        - 'http://metrics.example.com'\n",
      errors: [{ messageId: 'insecure', line: 5, data: { url: 'http://metrics.example.com' } }],
      output: "permissions:\n  external:\n    fetch:\n      backend:\n        - 'https://metrics.example.com'\n",
    },
    {
      name: 'http remote baseUrl per environment, and an http provider URL',
      file: 'manifest.yml',
      code: 'remotes:\n  - key: be\n    baseUrl:\n      default: http://api.example.com\nproviders:\n  auth:\n    - key: idp\n      bindings:\n        authentication:\n          authorization: http://idp.example.com/authorize\n',
      errors: [
        { messageId: 'insecure', line: 4, data: { where: 'remote be' } },
        { messageId: 'insecure', line: 10, data: { where: 'auth provider idp' } },
      ],
      fixes: [
        { error: 0, output: 'remotes:\n  - key: be\n    baseUrl:\n      default: https://api.example.com\nproviders:\n  auth:\n    - key: idp\n      bindings:\n        authentication:\n          authorization: http://idp.example.com/authorize\n' },
        { error: 1, output: 'remotes:\n  - key: be\n    baseUrl:\n      default: http://api.example.com\nproviders:\n  auth:\n    - key: idp\n      bindings:\n        authentication:\n          authorization: https://idp.example.com/authorize\n' },
      ],
    },
  ],
});
