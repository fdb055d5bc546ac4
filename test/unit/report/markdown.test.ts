import { strict as assert } from 'assert';
import { formatMarkdown } from '../../../server/src/core/report/markdown';
import { endpointFinding, finding, related, reportInput } from './sample';

const now = new Date('2026-03-02T10:00:00Z');

/** The table rows (cells split on unescaped pipes) under a heading. */
function tableUnder(md: string, heading: string): string[][] {
  const start = md.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `no heading ${heading}`);
  const rows: string[][] = [];
  for (const line of md.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|') || line.startsWith('| ---')) continue;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

describe('Markdown migration report', () => {
  const jira = endpointFinding('server/src/jira.ts', 12, { method: 'GET', host: 'acme.atlassian.net', path: '/rest/api/3/issue/${key}', authKind: 'basic' });
  const wiki = endpointFinding('server/src/wiki.ts', 3, { method: 'POST', host: 'acme.atlassian.net', path: '/wiki/rest/api/content', authKind: 'bearer-api-token' });
  const forge = endpointFinding('app/src/resolver.ts', 7, { method: 'PUT', host: 'acme.atlassian.net', path: '/rest/api/3/issue/A|B', authKind: 'basic' });
  const dynamic = endpointFinding('server/src/any.ts', 1, { authKind: 'client-library' }, 'no-api-token-client');
  const direct = endpointFinding('plain/src/fetch.ts', 2, { method: 'GET', path: '/rest/api/3/myself' }, 'no-direct-product-fetch');
  const literal = finding('server/.env', 2, 16, { message: 'Atlassian API token ATATT3…(192 chars) is written in this file.' });
  const redirect = finding('server/src/oauth.ts', 9, 5, {
    ruleId: 'redirect-uri-insecure',
    category: 'redirect-uris',
    severity: 'error',
    policy: 'Redirect URI security',
    message: 'Redirect URI uses http:// | use https://',
  });
  const suppression = finding('server/src/a.ts', 1, 1, { ruleId: 'invalid-suppression', category: 'meta', severity: 'info' });
  const input = reportInput([redirect, jira, literal, wiki, forge, dynamic, direct, suppression], {
    root: '/home/dev/acme-sync',
    forgeRoots: ['app'],
  });
  const md = formatMarkdown(input, { now });

  it('has a title, the audited folder by name, the date and a ticket-ready summary', () => {
    assert.match(md, /^# API-token migration report: acme-sync\n/);
    assert.ok(md.includes('| Audited folder | `acme-sync` |'));
    assert.ok(!md.includes('/home/dev'), 'no absolute path of the auditor’s machine');
    assert.ok(md.includes('| Date | 2026-03-02 |'));
    assert.ok(md.includes('## Summary for the Atlassian ADDON ticket'));
    assert.match(md, /found 5 call sites that authenticate to Atlassian APIs with an API token, covering 5 endpoints/);
    assert.match(md, /1 other place where the app handles API tokens \(1 × `no-api-token-literal`\)/);
  });

  it('lists every endpoint called with an API token, with its Forge or 3LO replacement', () => {
    const rows = tableUnder(md, '## Endpoints called with an API token');
    assert.deepEqual(rows[0], ['Method', 'Path', 'Where', 'Auth', 'OAuth scopes', 'Replacement']);
    const byWhere = new Map(rows.slice(1).map((r) => [r[2], r]));
    assert.equal(rows.length, 6);
    assert.deepEqual(byWhere.get('`server/src/jira.ts:12`'), [
      'GET',
      '`/rest/api/3/issue/${key}`',
      '`server/src/jira.ts:12`',
      'basic',
      "`read:jira-work` (granular: `read:avatar:jira`, `read:field-configuration:jira`, `read:issue-meta:jira`, `read:issue-security-level:jira`, `read:issue.changelog:jira`, `read:issue.vote:jira`, `read:issue:jira`, `read:status:jira`, `read:user:jira`)",
      'OAuth 2.0 (3LO): `https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3/issue/${key}` with `Authorization: Bearer {accessToken}`',
    ]);
    assert.equal(
      byWhere.get('`server/src/wiki.ts:3`')?.[5],
      'OAuth 2.0 (3LO): `https://api.atlassian.com/ex/confluence/{cloudId}/wiki/rest/api/content` with `Authorization: Bearer {accessToken}`',
    );
    // Under the folder of a manifest.yml: Forge; the `|` in the path is escaped, not a new cell.
    assert.deepEqual(byWhere.get('`app/src/resolver.ts:7`')?.slice(0, 2), ['PUT', '`/rest/api/3/issue/A\\|B`']);
    assert.equal(byWhere.get('`app/src/resolver.ts:7`')?.[5], 'Forge `` api.asUser().requestJira(route`/rest/api/3/issue/A\\|B`) ``');
    // no-direct-product-fetch only fires in Forge code.
    assert.match(byWhere.get('`plain/src/fetch.ts:2`')?.[5] ?? '', /^Forge `` api\.asUser\(\)\.requestJira\(route`\/rest\/api\/3\/myself`\) ``$/);
    // Unknown method and path: no invented data.
    assert.deepEqual(byWhere.get('`server/src/any.ts:1`')?.slice(0, 2), ['—', '(built at run time)']);
    assert.match(byWhere.get('`server/src/any.ts:1`')?.[5] ?? '', /authentication: \{ oauth2: \{ accessToken \} \}.*\/ex\/jira\/\{cloudId\}/);
    // Scopes come from the endpoint table; unknown endpoints say so instead of guessing.
    assert.equal(byWhere.get('`server/src/any.ts:1`')?.[4], '—');
    assert.equal(byWhere.get('`server/src/wiki.ts:3`')?.[4], "not in the table: see the endpoint's REST docs");
    assert.match(byWhere.get('`app/src/resolver.ts:7`')?.[4] ?? '', /^`write:jira-work` \(granular: `write:issue:jira`\)$/);
    assert.match(byWhere.get('`plain/src/fetch.ts:2`')?.[4] ?? '', /^`read:jira-user`/);
    assert.match(md, /_OAuth scopes_ come from Atlassian's REST API specifications/);
  });

  it('gives the ticket a pasteable endpoint list with replacements and the scopes to request', () => {
    const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Endpoints called'));
    assert.match(summary, /- GET \/rest\/api\/3\/issue\/\$\{key\} \(server\/src\/jira\.ts:12\) → OAuth 2\.0 \(3LO\): .*; scopes read:jira-work\n/);
    assert.match(summary, /- PUT \/rest\/api\/3\/issue\/A\|B \(app\/src\/resolver\.ts:7\) → Forge .*; scopes write:jira-work/);
    assert.match(summary, /- Client library configured with an API token \(server\/src\/any\.ts:1\)/);
    assert.match(summary, /OAuth scopes these calls need: `read:jira-user`, `read:jira-work`, `write:jira-work`/);
  });

  it('groups the other findings by policy area, in policy order', () => {
    const areas = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(areas, ['API tokens (overdue: enforced since 2026-01-01)', 'Redirect URIs', 'Suppression directives']);
    const redirects = tableUnder(md, '### Redirect URIs');
    assert.deepEqual(redirects[1], [
      'error',
      '`redirect-uri-insecure`',
      '`server/src/oauth.ts:9`',
      'Redirect URI uses http:// \\| use https://',
    ]);
    const tokens = tableUnder(md, '### API tokens (overdue: enforced since 2026-01-01)');
    assert.equal(tokens.length, 2, 'endpoint findings are not listed twice');
    assert.equal(tokens[1]?.[3], 'Atlassian API token ATATT3…(192 chars) is written in this file.');
  });

  it('keeps short messages in the tables and gives each detail (clause, fix) once below them', () => {
    const other = finding('server/src/oauth2.ts', 4, 5, { ...redirect, message: 'Redirect URI http://b uses plain http://.' });
    const out = formatMarkdown(reportInput([redirect, other, literal], { root: '/home/dev/acme-sync' }), { now });
    const section = out.slice(out.indexOf('### Redirect URIs'));
    assert.match(section, /\n\nDetails:\n\n- `server\/src\/oauth\.ts:9`, `server\/src\/oauth2\.ts:4`: Policy "Redirect URI security": the clause\. Fix: the fix\.\n/);
    assert.ok(!tableUnder(out, '### Redirect URIs').some((row) => row.some((c) => c.includes('Fix:'))), 'no detail in the table');
  });

  it('says so plainly when nothing uses API tokens', () => {
    const clean = formatMarkdown(reportInput([], { root: '/x/clean' }), { now });
    assert.match(clean, /found no call, collection or storage of Atlassian API tokens/);
    assert.match(clean, /## Endpoints called with an API token\n\nNone found\./);
    assert.ok(clean.endsWith('None.\n'));
  });

  it('explains each rule with a finding inline, in a Rules section at the end, and links nowhere', () => {
    const section = md.slice(md.indexOf('## Rules\n'));
    assert.ok(md.indexOf('## Rules\n') > md.indexOf('## Other findings by policy area'), 'after the findings');
    const items = [...section.matchAll(/^- `([a-z-]+)` \((error|warning|info) by default; policy: "([^"]+)"\): (.+)$/gm)];
    assert.deepEqual(
      items.map((m) => m[1]),
      ['invalid-suppression', 'no-api-token-basic-auth', 'no-api-token-client', 'no-api-token-literal', 'no-direct-product-fetch', 'redirect-uri-insecure'],
      'every rule with a finding, once, sorted; no other rule',
    );
    const insecure = items.find((m) => m[1] === 'redirect-uri-insecure');
    assert.equal(insecure?.[3], 'Redirect URI security');
    assert.match(insecure?.[4] ?? '', /^Use https redirect URIs .* \*\*Fix:\*\* `https:\/\/` \(safe, part of fix-all\)\.$/);
    assert.match(items.find((m) => m[1] === 'invalid-suppression')?.[4] ?? '', /\*\*Fix:\*\* none \(edit the directive\)\.$/);
    assert.doesNotMatch(md, /\]\((?!#)[^)]*\)/, 'no Markdown link anywhere in the report');
  });

  it('has no Rules section when there are no findings', () => {
    const clean = formatMarkdown(reportInput([], { root: '/x/clean' }), { now });
    assert.ok(!clean.includes('## Rules'));
  });

  it('without Forge roots, offers the 3LO replacement', () => {
    const plain = formatMarkdown(reportInput([forge], { root: '/x/app' }), { now });
    assert.match(plain, /OAuth 2\.0 \(3LO\): `https:\/\/api\.atlassian\.com\/ex\/jira\/\{cloudId\}\/rest\/api\/3\/issue\/A\\\|B`/);
  });

  it('merges two rules reporting the same call into one row', () => {
    const e = { method: 'PUT', host: 'acme.atlassian.net', path: '/rest/api/3/issue/X-1' };
    const basic = endpointFinding('src/r.ts', 3, { ...e, authKind: 'basic' });
    const fetchInForge = endpointFinding('src/r.ts', 3, { ...e, authKind: 'forge-fetch' }, 'no-direct-product-fetch');
    const out = formatMarkdown(reportInput([basic, fetchInForge]), { now });
    const rows = tableUnder(out, '## Endpoints called with an API token');
    assert.equal(rows.length, 2);
    assert.equal(rows[1]?.[3], 'basic, forge-fetch');
    assert.match(rows[1]?.[5] ?? '', /^Forge /);
    assert.match(out, /found 1 call site that authenticates to Atlassian APIs/);
  });

  it('adds related locations to the Where cell, briefly, in both tables; a merged call keeps both rules’ ones once', () => {
    const e = { method: 'POST', host: 'acme.atlassian.net', path: '/rest/api/3/issue' };
    const built = related('src/r.ts', 2, 9, 'Basic credential built here');
    const source = related('src/config | env.ts', 1, 7, 'API token comes from here');
    const basic = { ...endpointFinding('src/r.ts', 3, { ...e, authKind: 'basic' }), related: [built, source] };
    const fetchInForge = { ...endpointFinding('src/r.ts', 3, { ...e, authKind: 'forge-fetch' }, 'no-direct-product-fetch'), related: [source] };
    const stored = { ...finding('src/store.ts', 8, 1, { ruleId: 'no-api-token-storage' }), related: [related('src/store.ts', 5, 3, 'API token comes from here')] };
    const out = formatMarkdown(reportInput([basic, fetchInForge, stored]), { now });
    const rows = tableUnder(out, '## Endpoints called with an API token');
    assert.equal(rows.length, 2);
    assert.equal(rows[1]?.length, 6, 'the | in a path does not add a cell');
    assert.equal(rows[1]?.[2], '`src/r.ts:3` (Basic credential built here: `src/r.ts:2`; API token comes from here: `src/config \\| env.ts:1`)');
    const others = tableUnder(out, '### API tokens (overdue: enforced since 2026-01-01)');
    assert.equal(others[1]?.[2], '`src/store.ts:8` (API token comes from here: `src/store.ts:5`)');
  });

  it('lists rules that failed, without their error text', () => {
    const out = formatMarkdown(reportInput([], { failures: [{ ruleId: 'no-api-token-literal', path: 'a.ts', message: 'source excerpt' }] }), { now });
    assert.match(out, /## Coverage[\s\S]*`no-api-token-literal` on `a\.ts`/);
    assert.ok(!out.includes('source excerpt'));
  });
});
