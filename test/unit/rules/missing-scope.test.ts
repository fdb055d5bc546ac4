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
    { name: 'a test file is not checked', file: 'src/post.test.ts', code: POST, files: { 'manifest.yml': MANIFEST } },
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
