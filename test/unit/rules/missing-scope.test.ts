import rule from '../../../server/src/core/rules/manifest/missing-scope';
import { runRuleTests } from '../../support/rule-tester';

const MANIFEST = 'app:\n  id: x\npermissions:\n  scopes:\n    - read:jira-work\n';
const POST = "import api, { route } from '@forge/api';\nexport const create = (body: string) =>\n  api.asUser().requestJira(route`/rest/api/3/issue`, { method: 'POST', body });\n";
const HELPER = `import api, { route } from '@forge/api';
async function jira(path: ReturnType<typeof route>, method: string) {
  return api.asApp().requestJira(path, { method });
}
export const read = (key: string) => jira(route\`/rest/api/3/issue/\${key}\`, 'GET');
export const remove = (key: string) => jira(route\`/rest/api/3/issue/\${key}\`, 'DELETE');
`;

// A Forge app's backend using jira.js: methods beyond the former 20-row table, on three client classes.
const JIRA_JS = `import { AgileClient, Version2Client, Version3Client } from 'jira.js';
const config = { host: 'https://example.atlassian.net' };
const v3 = new Version3Client(config);
export const release = (projectId: number) => v3.projectVersions.createVersion({ name: '1.0', projectId });
export const boards = () => new AgileClient(config).board.getAllBoards();
export const log = (k: string) => new Version2Client(config).issueWorklogs.addWorklog({ issueIdOrKey: k });
`;
const NOT_JIRA_JS = "import type { Config } from 'jira.js';\nexport const config: Config = { host: 'h' };\nconst v3 = { projectVersions: { createVersion: (x: object) => x } };\nexport const release = () => v3.projectVersions.createVersion({});\n";

runRuleTests(rule, {
  valid: [
    { name: 'the declared scope covers the call', file: 'src/read.ts', code: "import api, { route } from '@forge/api';\nexport const get = (k: string) => api.asUser().requestJira(route`/rest/api/3/issue/${k}`);\n", files: { 'manifest.yml': MANIFEST } },
    { name: 'granular scopes cover it too', file: 'manifest.yml', code: 'permissions:\n  scopes:\n    - write:issue:jira\n    - write:comment:jira\n    - write:comment.property:jira\n    - write:attachment:jira\n    - read:issue:jira\n', files: { 'src/post.ts': POST } },
    { name: 'code outside any Forge app', file: 'src/post.ts', code: POST },
    {
      name: 'a path whose resource is decided at run time matches many operations: none is demanded',
      file: 'src/generic.ts',
      code: "import api, { route } from '@forge/api';\nexport const get = (what: string) => api.asUser().requestJira(route`/rest/api/3/${what}`);\n",
      files: { 'manifest.yml': MANIFEST },
    },
    { name: 'jira.js calls covered by the declared scopes', file: 'src/jira.ts', code: JIRA_JS, files: { 'manifest.yml': 'permissions:\n  scopes:\n    - read:jira-work\n    - write:jira-work\n    - manage:jira-project\n' } },
    { name: 'the same method names on an object that is not a jira.js client need nothing', file: 'manifest.yml', code: MANIFEST, files: { 'src/fake.ts': NOT_JIRA_JS } },
    { name: 'a test file is not checked', file: 'src/post.test.ts', code: POST, files: { 'manifest.yml': MANIFEST } },
    {
      name: 'a devinfo call is allowed by manage:jira-data-provider alone',
      file: 'src/sync.ts',
      code: "import api, { route } from '@forge/api';\nexport const send = (body: string) => api.asApp().requestJira(route`/rest/devinfo/0.10/bulk`, { method: 'POST', body });\n",
      files: { 'manifest.yml': 'permissions:\n  scopes:\n    - manage:jira-data-provider\n' },
    },
    {
      name: 'a call whose route is not visible demands nothing',
      file: 'manifest.yml',
      code: 'permissions:\n  scopes:\n    - storage:app\n',
      files: { 'src/any.ts': "import api, { route } from '@forge/api';\nimport { kvs } from '@forge/kvs';\nexport const call = (r: ReturnType<typeof route>) => api.asApp().requestJira(r, { method: 'DELETE' });\nexport const put = () => kvs.set('k', 1);\n" },
    },
    {
      name: 'a property hook that may write demands nothing beyond what is declared',
      file: 'manifest.yml',
      code: MANIFEST,
      files: { 'src/frontend/index.jsx': "import React from 'react';\nimport { Text, useIssueProperty } from '@forge/react';\nexport const App = () => {\n  const [n, setN] = useIssueProperty('n', 0);\n  return <Text onClick={() => setN(n + 1)}>{n}</Text>;\n};\n" },
    },
  ],
  invalid: [
    {
      name: 'on the manifest: one finding per missing scope, naming the call',
      file: 'manifest.yml',
      code: MANIFEST,
      files: { 'src/post.ts': POST },
      errors: [{ messageId: 'missing', line: 4, data: { scope: 'write:jira-work', calls: 'POST /rest/api/3/issue (src/post.ts)' } }],
      output: 'app:\n  id: x\npermissions:\n  scopes:\n    - read:jira-work\n    - write:jira-work\n',
    },
    {
      name: 'on the manifest: jira.js createVersion (Version3Client) and addWorklog (Version2Client, /rest/api/2)',
      file: 'manifest.yml',
      code: MANIFEST,
      files: { 'src/jira.ts': JIRA_JS },
      errors: [
        { messageId: 'missing', line: 4, data: { scope: 'manage:jira-project', calls: 'POST /rest/api/3/version (src/jira.ts)' } },
        { messageId: 'missing', line: 4, data: { scope: 'write:jira-work', calls: 'POST /rest/api/2/issue/{issueIdOrKey}/worklog (src/jira.ts)' } },
      ],
      fixes: [
        { error: 0, output: `${MANIFEST}    - manage:jira-project\n` },
        { error: 1, output: `${MANIFEST}    - write:jira-work\n` },
      ],
    },
    {
      name: 'at the call: the fix edits manifest.yml',
      file: 'src/post.ts',
      code: POST,
      files: { 'manifest.yml': MANIFEST },
      errors: [{ messageId: 'missingAtCall', line: 3, data: { call: 'POST /rest/api/3/issue', scopes: '"write:jira-work"' } }],
      fixes: [{ output: POST, files: { 'manifest.yml': 'app:\n  id: x\npermissions:\n  scopes:\n    - read:jira-work\n    - write:jira-work\n' } }],
    },
    {
      name: 'through a helper taking route and method: checked at each call site',
      file: 'src/helper.ts',
      code: HELPER,
      files: { 'manifest.yml': 'permissions:\n  scopes:\n    - read:jira-work\n' },
      errors: [{ messageId: 'missingAtCall', line: 6, data: { call: 'DELETE /rest/api/3/issue/{key}' } }],
      fixes: [{ output: HELPER, files: { 'manifest.yml': 'permissions:\n  scopes:\n    - read:jira-work\n    - write:jira-work\n' } }],
    },
    {
      name: 'a variable method: every method of the path is a candidate',
      file: 'src/var.ts',
      code: "import api, { route } from '@forge/api';\nexport const change = (k: string, method: string) => api.asUser().requestJira(route`/rest/api/3/issue/${k}`, { method });\n",
      files: { 'manifest.yml': 'permissions:\n  scopes: [read:jira-work]\n' },
      errors: [{ messageId: 'missingAtCall', line: 2, data: { call: 'Any method of /rest/api/3/issue/{k}', scopes: '"write:jira-work"' } }],
      fixes: [{ output: "import api, { route } from '@forge/api';\nexport const change = (k: string, method: string) => api.asUser().requestJira(route`/rest/api/3/issue/${k}`, { method });\n", files: { 'manifest.yml': 'permissions:\n  scopes: [read:jira-work, write:jira-work]\n' } }],
    },
    {
      name: 'no permissions at all: the fix creates them; granular-only Confluence v2',
      file: 'manifest.yml',
      code: 'app:\n  id: x\n',
      files: { 'static/ui/src/App.jsx': "import { requestConfluence } from '@forge/bridge';\nexport const pages = () => requestConfluence('/wiki/api/v2/pages');\n" },
      errors: [{ messageId: 'missing', line: 1, data: { scope: 'read:page:confluence' } }],
      output: 'app:\n  id: x\npermissions:\n  scopes:\n    - read:page:confluence\n',
    },
  ],
});
