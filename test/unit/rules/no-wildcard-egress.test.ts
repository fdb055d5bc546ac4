import rule from '../../../server/src/core/rules/manifest/no-wildcard-egress';
import { runRuleTests } from '../../support/rule-tester';

const SLACK = { 'src/notify.ts': "import api from '@forge/api';\nexport const post = (t: string) => api.fetch('https://hooks.slack.com/services/x', { method: 'POST', body: t });\n" };

runRuleTests(rule, {
  valid: [
    { name: 'exact hosts', file: 'manifest.yml', code: 'permissions:\n  external:\n    fetch:\n      backend:\n        - hooks.slack.com\n', files: SLACK },
    { name: 'a * in a title is not egress', file: 'manifest.yml', code: 'modules:\n  jira:issuePanel:\n    - key: p\n      title: "*New*"\n' },
  ],
  invalid: [
    {
      name: '*.domain narrowed to the hosts the code fetches',
      file: 'manifest.yml',
      code: "permissions:\n  external:\n    fetch:\n      backend:\n        - '*.slack.com'\n",
      files: SLACK,
      errors: [{ messageId: 'wildcard', line: 5, data: { entry: '*.slack.com', hosts: 'hooks.slack.com' } }],
      output: "permissions:\n  external:\n    fetch:\n      backend:\n        - hooks.slack.com\n",
    },
    {
      name: 'a bare * in images, no fix when the code fetches hosts decided at run time',
      file: 'manifest.yml',
      code: "permissions:\n  external:\n    images:\n      - address: '*'\n",
      files: { 'src/f.ts': "import api from '@forge/api';\nexport const get = (u: string) => api.fetch(u);\n" },
      errors: [{ messageId: 'wildcard', line: 4, data: { kind: 'images', entry: '*' } }],
    },
  ],
});
