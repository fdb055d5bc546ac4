import { strict as assert } from 'assert';
import {
  connectScopeCovers,
  mayBeConnectFile,
  parseAceConfig,
  parseConnectDescriptor,
} from '../../../server/src/core/analysis/connect-descriptor';

const DESCRIPTOR = `{
  // a comment, as some templates have
  "key": "com.example.issue-panel",
  "name": "Issue panel",
  "baseUrl": "https://issue-panel.example.com",
  "authentication": { "type": "jwt" },
  "lifecycle": { "installed": "/installed", "uninstalled": "https://hooks.example.com/gone" },
  "links": { "self": "https://issue-panel.example.com/atlassian-connect.json" },
  "scopes": ["read", "WRITE", "act_as_user"],
  "modules": {
    "webPanels": [{ "key": "panel", "url": "/panel", "location": "atl.jira.view.issue.right.context" }],
    "webhooks": [{ "event": "jira:issue_updated", "url": "/hook" }, { "event": "jira:issue_created", "url": "https://hooks.example.com/created" }],
  },
}`;

describe('Connect descriptors and atlassian-connect-express configs (SPEC §2)', () => {
  it('reads URLs, scopes and modules with exact ranges, tolerating comments and trailing commas', () => {
    const d = parseConnectDescriptor(DESCRIPTOR);
    assert.ok(d);
    assert.equal(d.key, 'com.example.issue-panel');
    assert.equal(d.authentication, 'jwt');
    assert.equal(d.baseUrl?.value, 'https://issue-panel.example.com');
    assert.equal(DESCRIPTOR.slice(d.baseUrl.start, d.baseUrl.end), 'https://issue-panel.example.com');
    assert.deepEqual(
      d.urls.map((u) => [u.role, u.name, DESCRIPTOR.slice(u.start, u.end)]),
      [
        ['baseUrl', 'baseUrl', 'https://issue-panel.example.com'],
        ['lifecycle', 'lifecycle.installed', '/installed'],
        ['lifecycle', 'lifecycle.uninstalled', 'https://hooks.example.com/gone'],
        ['link', 'links.self', 'https://issue-panel.example.com/atlassian-connect.json'],
        ['webhook', 'modules.webhooks[0].url', '/hook'],
        ['webhook', 'modules.webhooks[1].url', 'https://hooks.example.com/created'],
      ],
    );
    assert.deepEqual(d.scopes.map((s) => DESCRIPTOR.slice(s.start, s.end)), ['read', 'WRITE', 'act_as_user']);
    assert.ok(d.scopesAt);
    assert.match(DESCRIPTOR.slice(d.scopesAt.start, d.scopesAt.end), /^"scopes": \[.*\]$/);
    assert.deepEqual(d.modules.map((m) => [m.type, m.key ?? m.event]), [['webPanels', 'panel'], ['webhooks', 'jira:issue_updated'], ['webhooks', 'jira:issue_created']]);
  });

  it('is not fooled by other JSON', () => {
    for (const text of ['{"name":"x","baseUrl":"https://a.example.com"}', '{"modules":{},"baseUrl":3}', '[1,2]', '{"baseUrl": "x", "modules": [', '']) {
      assert.equal(parseConnectDescriptor(text), undefined, text);
    }
    assert.equal(parseConnectDescriptor('{"baseUrl":"{{localBaseUrl}}","modules":{}}')?.baseUrl?.value, '{{localBaseUrl}}');
  });

  it('reads localBaseUrl per environment of an ACE config.json', () => {
    const text = `{
  "development": {
    "port": 3000,
    // "localBaseUrl": "https://commented.example.com",
    "localBaseUrl": "https://abc123.tunnel.example.net",
    "store": { "adapter": "sequelize" }
  },
  "production": { "port": "$PORT", "localBaseUrl": "https://app.example.com", "store": {} },
  "product": "jira"
}`;
    const envs = parseAceConfig(text);
    assert.deepEqual(envs?.map((e) => [e.name, e.localBaseUrl && text.slice(e.localBaseUrl.start, e.localBaseUrl.end)]), [
      ['development', 'https://abc123.tunnel.example.net'],
      ['production', 'https://app.example.com'],
    ]);
    assert.equal(parseAceConfig('{"compilerOptions":{"baseUrl":"."}}'), undefined);
    assert.equal(parseAceConfig('{"development":{"port":3000}}'), undefined);
  });

  it('decides cheaply which JSON files to parse', () => {
    assert.equal(mayBeConnectFile('atlassian-connect.json', '{}'), true);
    assert.equal(mayBeConnectFile('app/config.json', '{"development":{"localBaseUrl":"x"}}'), true);
    assert.equal(mayBeConnectFile('app/config.json', '{"port":1}'), false);
    assert.equal(mayBeConnectFile('public/descriptor.json', '{"baseUrl":"https://a","modules":{}}'), true);
    assert.equal(mayBeConnectFile('package.json', '{"name":"x"}'), false);
  });

  it('orders Connect scopes: ADMIN ⊃ PROJECT_ADMIN ⊃ DELETE ⊃ WRITE ⊃ READ; ACT_AS_USER stands apart', () => {
    assert.equal(connectScopeCovers('write', 'READ'), true);
    assert.equal(connectScopeCovers('READ', 'WRITE'), false);
    assert.equal(connectScopeCovers('admin', 'delete'), true);
    assert.equal(connectScopeCovers('project_admin', 'ADMIN'), false);
    assert.equal(connectScopeCovers('ADMIN', 'ACT_AS_USER'), false);
    assert.equal(connectScopeCovers('act_as_user', 'ACT_AS_USER'), true);
  });
});
