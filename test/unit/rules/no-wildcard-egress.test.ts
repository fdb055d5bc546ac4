import rule from '../../../server/src/core/rules/manifest/no-wildcard-egress';
import { runRuleTests } from '../../support/rule-tester';

const SLACK = { 'src/notify.ts': "import api from '@forge/api';\nexport const post = (t: string) => api.fetch('https://hooks.slack.com/services/x', { method: 'POST', body: t });\n" };

runRuleTests(rule, {
  valid: [
    { name: 'exact hosts', file: 'manifest.yml', code: 'permissions:\n  external:\n    fetch:\n      backend:\n        - hooks.slack.com\n', files: SLACK },
    { name: 'a * in a title is not egress', file: 'manifest.yml', code: 'modules:\n  jira:issuePanel:\n    - key: p\n      title: "*New*"\n' },
    {
      name: "images and fonts from Atlassian's own domains (avatars, icons) are not egress of customer data",
      file: 'manifest.yml',
      code: "permissions:\n  external:\n    images:\n      - '*.atlassian.net/*'\n      - address: https://*.atlassian.com\n    fonts:\n      - '*.atlassian.com'\n",
    },
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
      name: 'an Atlassian wildcard is still egress in fetch, and a look-alike domain in images is not Atlassian',
      file: 'manifest.yml',
      code: "permissions:\n  external:\n    fetch:\n      client:\n        - '*.atlassian.net'\n    images:\n      - '*.atlassian.net.example.com'\n      - '*.atlassian.net'\n",
      errors: [
        { messageId: 'wildcard', line: 5, data: { kind: 'fetch.client', entry: '*.atlassian.net' } },
        { messageId: 'wildcard', line: 7, data: { kind: 'images', entry: '*.atlassian.net.example.com' } },
      ],
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
