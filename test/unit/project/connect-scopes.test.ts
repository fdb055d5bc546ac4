import { strict as assert } from 'assert';
import { parseTree, type ParseError } from 'jsonc-parser';
import { parseCode } from '../../../server/src/core/engine';
import { applyFix } from '../../../server/src/core/fixes';
import type { Finding } from '../../../server/src/core/model';
import { connectTextUsage } from '../../../server/src/core/project/connect-text';
import { extractUsage } from '../../../server/src/core/project/usage';
import { audit } from '../../../server/src/core/workspace';
import { makeWorkspace, removeWorkspace, type Tree } from '../../support/workspace';

/**
 * Rules 14–15 on Atlassian Connect descriptors: each REST operation's `x-atlassian-connect-scope`
 * against the calls the app makes as a Connect app (the iframe's `AP.request`, atlassian-connect-express's
 * `httpClient`), with `ADMIN` ⊃ `PROJECT_ADMIN` ⊃ `DELETE` ⊃ `WRITE` ⊃ `READ` and `ACT_AS_USER` only for
 * code that acts as a user.
 */

function descriptor(scopes: readonly string[], modules = '"generalPages": [{ "key": "main", "url": "/main", "name": { "value": "Main" } }]'): string {
  const list = scopes.map((s) => `    "${s}"`).join(',\n');
  return `{\n  "key": "acme-widget",\n  "name": "Acme widget",\n  "baseUrl": "https://widget.acme.example",\n  "authentication": { "type": "jwt" },\n  "lifecycle": { "installed": "/installed" },\n  "scopes": [\n${list}\n  ],\n  "modules": {\n    ${modules}\n  }\n}\n`;
}

const ACE_ROUTES = `module.exports = function routes(app, addon) {
  app.get('/main', addon.authenticate(), async (req, res) => {
    const issue = await addon.httpClient(req).get('/rest/api/3/issue/' + req.query.issueKey);
    res.render('main', { issue });
  });
};
`;

function scopeFindings(files: Tree): Finding[] {
  const root = makeWorkspace(files);
  try {
    return audit(root).findings.filter((f) => f.category === 'scopes').sort((a, b) => a.range.start - b.range.start);
  } finally {
    removeWorkspace(root);
  }
}

function summary(fs: readonly Finding[]): string[] {
  return fs.map((f) => `${f.ruleId} ${f.file}:${f.start.line} ${/"([^"]+)"/.exec(f.message)?.[1] ?? ''}`);
}

describe('Connect descriptor scopes (no-broad-scope, no-unused-scope)', () => {
  const cases: { name: string; files: Tree; expected: string[] }[] = [
    {
      name: 'iframe GETs and PUTs an issue: DELETE, PROJECT_ADMIN and ADMIN are above what it needs (lower-case spelling)',
      files: {
        'atlassian-connect.json': descriptor(['read', 'write', 'delete', 'project_admin', 'admin']),
        'src/client/panel.js': `export async function load(base, key) {\n  const issue = await AP.request({ url: \`\${base}/rest/api/2/issue/\${key}?fields=summary\` });\n  await AP.request({ url: \`\${base}/rest/api/2/issue/\${key}\`, type: 'PUT', contentType: 'application/json', data: JSON.stringify({ fields: {} }) });\n  return issue;\n}\n`,
      },
      expected: ['no-broad-scope atlassian-connect.json:10 delete', 'no-broad-scope atlassian-connect.json:11 project_admin', 'no-broad-scope atlassian-connect.json:12 admin'],
    },
    {
      name: 'an app that calls Jira with an API token and never as a Connect app: every Connect scope is unused, ACT_AS_USER too',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'ACT_AS_USER', 'WRITE']),
        'core/jira.js': `const axios = require('axios');\nmodule.exports = (cfg) => axios({ url: cfg.apiUrl + '/search', headers: { Authorization: 'Bearer ' + cfg.session } });\n`,
      },
      expected: ['no-unused-scope atlassian-connect.json:8 READ', 'no-broad-scope atlassian-connect.json:9 ACT_AS_USER', 'no-unused-scope atlassian-connect.json:10 WRITE'],
    },
    {
      name: 'ACE reads an issue on the server: ADMIN alone becomes READ',
      files: { 'atlassian-connect.json': descriptor(['ADMIN']), 'routes/index.js': ACE_ROUTES },
      expected: ['no-broad-scope atlassian-connect.json:8 ADMIN'],
    },
    {
      name: 'hard negative: READ for an ACE GET of an issue',
      files: { 'atlassian-connect.json': descriptor(['READ']), 'routes/index.js': ACE_ROUTES },
      expected: [],
    },
    {
      name: 'hard negative: ACT_AS_USER with asUserByAccountId, WRITE for a comment posted as the user',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'WRITE', 'ACT_AS_USER']),
        'routes/comment.js': `module.exports = (app, addon) => app.post('/comment', addon.authenticate(), (req, res) => {\n  addon.httpClient(req).asUserByAccountId(req.context.userAccountId).post({ url: '/rest/api/3/issue/' + req.body.key + '/comment', json: { body: req.body.text } }, () => res.sendStatus(204));\n});\n`,
      },
      expected: [],
    },
    {
      name: 'hard negative: a webhook module needs READ even without a call',
      files: {
        'atlassian-connect.json': descriptor(['READ'], '"webhooks": [{ "event": "jira:issue_created", "url": "/issue-created" }]'),
        'app.js': `const express = require('express');\nconst app = express();\napp.post('/issue-created', (req, res) => res.sendStatus(204));\n`,
      },
      expected: [],
    },
    {
      name: 'hard negative: a request whose route is decided at run time may need any scope',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'WRITE', 'DELETE', 'ADMIN']),
        'public/js/api.js': `export function call(options) {\n  return AP.request(options);\n}\n`,
      },
      expected: [],
    },
    {
      name: 'hard negative: the client escapes (handed to a helper), so its calls cannot be seen',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'ADMIN']),
        'routes/index.js': `const sync = require('../lib/sync');\nmodule.exports = (app, addon) => app.get('/sync', addon.authenticate(), (req, res) => sync(addon.httpClient(req)).then(() => res.end()));\n`,
      },
      expected: [],
    },
    {
      name: 'hard negative: a back end in a language not read here (Java) calls Jira',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'ADMIN']),
        'src/main/java/Acme.java': 'class Acme { String path = "/rest/api/3/project"; }\n',
        'web/app.js': 'document.title = "Acme";\n',
      },
      expected: [],
    },
    {
      name: 'hard negative: a module that may need scopes by itself (entity properties)',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'WRITE'], '"jiraEntityProperties": [{ "key": "props", "entityType": "issue", "keyConfigurations": [] }]'),
        'app.js': `require('express')().listen(3000);\n`,
      },
      expected: [],
    },
    {
      name: 'hard negative: a descriptor with no code beside it is not judged',
      files: { 'atlassian-connect.json': descriptor(['READ', 'ADMIN']) },
      expected: [],
    },
    {
      name: 'an inline <script> of a page template calls AP.request: READ is enough, WRITE can go',
      files: {
        'atlassian-connect.json': descriptor(['READ', 'WRITE']),
        'app.js': `const express = require('express');\nexpress().listen(3000);\n`,
        'views/panel.hbs': `<div id="out"></div>\n<script>\n  AP.request('/rest/api/3/myself', { success: function (r) { document.getElementById('out').textContent = r; } });\n</script>\n`,
      },
      expected: ['no-broad-scope atlassian-connect.json:9 WRITE'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(summary(scopeFindings(c.files)), c.expected));
  }

  it('messages name the scope the calls need, and what to do', () => {
    const [admin] = scopeFindings({ 'atlassian-connect.json': descriptor(['ADMIN']), 'routes/index.js': ACE_ROUTES });
    assert.equal(admin?.message, 'Connect scope "ADMIN" is above what the calls need (READ).');
    assert.match(admin?.detail ?? '', /Fix: Use "READ"\.$/);
    const unused = scopeFindings({ 'atlassian-connect.json': descriptor(['READ']), 'lib/x.js': 'module.exports = 1;\n' });
    assert.equal(unused[0]?.message, 'Connect scope "READ" is not needed by any call or module.');
    assert.match(unused[0]?.detail ?? '', /^No call or module of this Connect app needs a scope\./);
  });

  it('each fix leaves valid JSON and the finding gone', () => {
    const files: Record<string, string> = {
      'atlassian-connect.json': descriptor(['read', 'write', 'delete', 'project_admin', 'admin', 'act_as_user']),
      'src/client/panel.js': `AP.request({ url: '/rest/api/2/issue/' + key, type: 'PUT', data: '{}' });\n`,
    };
    let current = new Map(Object.entries(files));
    for (let round = 0; round < 8; round++) {
      const found = scopeFindings(Object.fromEntries(current));
      if (found.length === 0) break;
      const f = found[0] as Finding;
      const fix = f.fixes[0];
      assert.ok(fix, `a fix for ${f.message}`);
      current = applyFix(current, f.file, fix);
      const errors: ParseError[] = [];
      parseTree(current.get('atlassian-connect.json') ?? '', errors);
      assert.deepEqual(errors, [], `valid JSON after "${fix.title}"`);
    }
    assert.deepEqual(scopeFindings(Object.fromEntries(current)), []);
    assert.match(current.get('atlassian-connect.json') ?? '', /"scopes": \[\n {4}"read",\n {4}"write"\n {2}\]/);
  });

  it('reads the shapes Connect code calls with', () => {
    const usage = (code: string): string[] =>
      (extractUsage(parseCode('a.js', code)).connect ?? []).map((c) => `${c.via} ${c.method ?? '*'} ${c.path ?? '?'}`);
    assert.deepEqual(usage(`window.AP.request({ url: '/rest/api/3/project/' + key, type: 'DELETE' });`), ['ap-request DELETE /rest/api/3/project/{key}']);
    assert.deepEqual(usage(`AP.require(['request'], function (request) { request({ url: '/rest/api/2/issue/ABC-1' }); });`), ['ap-request GET /rest/api/2/issue/ABC-1']);
    assert.deepEqual(usage(`const http = addon.httpClient(req);\nhttp.get('/rest/api/3/myself', cb);\nhttp.del({ uri: '/rest/api/3/issue/' + k }, cb);`), [
      'ace-http-client GET /rest/api/3/myself',
      'ace-http-client DELETE /rest/api/3/issue/{k}',
    ]);
    // An alias the walk cannot place: any call at all.
    assert.deepEqual(usage(`const { request } = AP;\nrequest({ url: '/rest/api/3/myself' });\n// AP.request is used through the alias`), ['unknown * ?']);
    // Hard negative: a client that only calls the app's own API by name.
    assert.deepEqual(usage(`httpClient.get('/api/items');`), []);
    assert.equal(extractUsage(parseCode('a.js', `addon.httpClient(req).asUserByAccountId(id).get('/rest/api/3/myself');`)).actsAsUser, true);
    assert.equal(extractUsage(parseCode('a.js', `addon.httpClient(req).get('/rest/api/3/myself');`)).actsAsUser, undefined);
  });

  it('page templates: inline scripts are read, script src and markup event handlers count as unknown', () => {
    const calls = (text: string): string[] => (connectTextUsage('views/page.html', text).connect ?? []).map((c) => `${c.via} ${c.path ?? '?'}`);
    assert.deepEqual(calls(`<script type="text/javascript">AP.request('/rest/api/3/field');</script>`), ['ap-request /rest/api/3/field']);
    assert.deepEqual(calls(`<button onclick="AP.request(url)">Go</button>`), ['unknown ?']);
    assert.deepEqual(calls(`<script type="text/x-handlebars-template"><p>{{name}}</p></script>`), []);
  });
});
