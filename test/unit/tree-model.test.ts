import * as assert from 'assert';
import type { Category, Severity } from '../../server/src/core/model';
import type { FindingItem, RelatedItem } from '../../server/src/protocol';
import {
  buildTree,
  copyText,
  findingsUnder,
  MAX_LABEL,
  plural,
  present,
  shortLabel,
  viewMessage,
  type TreeNode,
} from '../../client/src/treeModel';

/** Issue 16 items 6, 7 and 15: the compliance tree's rows, as a user and a screen reader get them. */

const WS = 'file:///ws';

function item(
  file: string,
  line: number,
  character: number,
  ruleId: string,
  message: string,
  extra: { severity?: Severity; category?: Category; related?: RelatedItem[]; detail?: string; fixable?: boolean; failure?: true } = {},
): FindingItem {
  return {
    ruleId,
    category: extra.category ?? 'api-tokens',
    severity: extra.severity ?? 'error',
    uri: `${WS}/${file}`,
    file,
    folderUri: WS,
    range: { start: { line, character }, end: { line, character: character + 5 } },
    message,
    ...(extra.detail ? { detail: extra.detail } : {}),
    policy: 'Apps must not use API tokens',
    fixable: extra.fixable ?? false,
    ...(extra.related ? { related: extra.related } : {}),
    ...(extra.failure ? { failure: extra.failure } : {}),
  };
}

const LONG =
  'API token sent with Basic auth to GET /rest/api/3/search/jql. Atlassian will refuse API tokens from Marketplace apps: ' +
  'use OAuth 2.0 (3LO) or Forge, rotate the token, and remove it from every build before the enforcement date.';

const related: RelatedItem[] = [
  { uri: `${WS}/src/jiraClient.ts`, file: 'src/jiraClient.ts', range: { start: { line: 25, character: 19 }, end: { line: 25, character: 80 } }, message: 'Basic credential built here' },
  { uri: `${WS}/src/config.ts`, file: 'src/config.ts', range: { start: { line: 0, character: 25 }, end: { line: 0, character: 51 } }, message: 'token comes from process.env.JIRA_API_TOKEN' },
];

const findings: FindingItem[] = [
  item('src/jiraClient.ts', 11, 4, 'no-api-token-basic-auth', LONG, { related, detail: 'Policy: API tokens are not allowed after 2026-01-01.' }),
  item('src/jiraClient.ts', 40, 2, 'no-api-token-basic-auth', 'API token sent with Basic auth to POST /rest/api/3/issue.', { related }),
  item('src/jiraClient.ts', 3, 0, 'no-unused-scope', 'Scope read:jira-user is declared but never used.', { severity: 'warning', category: 'scopes', fixable: true }),
  item('src/store.ts', 7, 10, 'no-api-token-storage', 'API token stored in plain storage.', { severity: 'warning' }),
  item('src/store.ts', 0, 0, 'analysis-incomplete', 'Marketplace Guard could not finish no-api-token-client on this file (the other rules ran).', { severity: 'info', category: 'meta', failure: true }),
];

function walk(nodes: readonly TreeNode[], visit: (n: TreeNode, depth: number) => void, depth = 0): void {
  for (const n of nodes) {
    visit(n, depth);
    walk(n.children, visit, depth + 1);
  }
}

describe('compliance tree model', () => {
  describe('shortLabel: the message’s first sentence, at most 100 characters', () => {
    const cases: [string, string][] = [
      [LONG, 'API token sent with Basic auth to GET /rest/api/3/search/jql.'],
      ['Scope read:jira-user is declared but never used.', 'Scope read:jira-user is declared but never used.'],
      ['Client secret in src/app.config.ts is committed. Rotate it.', 'Client secret in src/app.config.ts is committed.'],
      ['First line\nsecond line', 'First line'],
    ];
    for (const [message, label] of cases) {
      it(JSON.stringify(label), () => assert.strictEqual(shortLabel(message), label));
    }
    it('cuts a long first sentence at a word, with an ellipsis', () => {
      const words = 'token '.repeat(40).trim();
      const label = shortLabel(words);
      assert.ok(label.length <= MAX_LABEL, `${label.length}`);
      assert.ok(label.endsWith('token…'), label);
    });
  });

  it('plural: every count reads right', () => {
    assert.deepStrictEqual([plural(0, 'note'), plural(1, 'note'), plural(2, 'note'), plural(1, 'safe fix', 'safe fixes'), plural(3, 'safe fix', 'safe fixes')], [
      '0 notes',
      '1 note',
      '2 notes',
      '1 safe fix',
      '3 safe fixes',
    ]);
  });

  describe('grouped by policy area: area → rule → finding', () => {
    const tree = buildTree(findings, 'area');

    it('is at most three levels deep below which only related locations hang', () => {
      let depth = 0;
      walk(tree, (n, d) => {
        if (n.kind !== 'related') depth = Math.max(depth, d);
        if (n.kind === 'related') assert.strictEqual(d, 3);
      });
      assert.strictEqual(depth, 2);
      assert.deepStrictEqual(tree.map((n) => present(n).label), ['API tokens', 'Scopes and egress', 'Suppressions and analysis']);
    });

    it('rows show counts that equal the findings below them', () => {
      walk(tree, (n) => {
        if (n.kind === 'area' || n.kind === 'rule') {
          let below = 0;
          walk(n.children, (c) => (below += c.kind === 'finding' ? 1 : 0));
          assert.match(present(n).description, new RegExp(`^${below}\\b`));
        }
      });
    });

    it('a finding row: short label, file:line:col description, full text in the tooltip, severity word for screen readers', () => {
      const first = tree[0]?.children[0]?.children[0];
      assert.ok(first?.kind === 'finding');
      const row = present(first);
      assert.strictEqual(row.label, 'API token sent with Basic auth to GET /rest/api/3/search/jql.');
      assert.strictEqual(row.description, 'jiraClient.ts:12:5');
      assert.strictEqual(row.ariaLabel, 'Error: API token sent with Basic auth to GET /rest/api/3/search/jql, jiraClient.ts line 12 column 5, no-api-token-basic-auth');
      const paragraphs = row.tooltip.split('\n\n');
      assert.strictEqual(paragraphs.length, 4, row.tooltip);
      assert.match(paragraphs[0] ?? '', /rotate the token/, 'the whole message');
      assert.match(paragraphs[1] ?? '', /^Policy: API tokens are not allowed/, 'then the detail');
      assert.match(paragraphs[2] ?? '', /^`no-api-token-basic-auth` · Apps must not use API tokens$/, 'then rule and policy');
      assert.strictEqual(paragraphs[3], 'src/jiraClient\\.ts:12:5');
      assert.strictEqual(row.collapsible, 'collapsed', 'its related locations are one click away');
    });

    it('related locations hang under their finding, each naming its place (another file too)', () => {
      const first = tree[0]?.children[0]?.children[0];
      assert.ok(first);
      const rows = first.children.map((c) => present(c));
      assert.deepStrictEqual(rows.map((r) => [r.label, r.description, r.contextValue]), [
        ['Basic credential built here', 'jiraClient.ts:26:20', 'related'],
        ['token comes from process.env.JIRA_API_TOKEN', 'config.ts:1:26', 'related'],
      ]);
      assert.match(rows[1]?.ariaLabel ?? '', /^Related location: token comes from .*, config\.ts line 1 column 26$/);
    });

    it('the note of rules that could not finish is listed, not offered a fix or a suppression', () => {
      const meta = tree.find((n) => n.kind === 'area' && n.category === 'meta');
      const note = meta?.children[0]?.children[0];
      assert.ok(note);
      assert.strictEqual(present(note).contextValue, 'note');
      assert.match(present(note).ariaLabel, /^Note: /);
    });
  });

  describe('grouped by file: file → finding', () => {
    const tree = buildTree(findings, 'file');

    it('a file row counts every diagnostic of the file (findings and notes), says so, and lists each', () => {
      const rows = tree.map((n) => [present(n).label, present(n).description, n.children.length]);
      assert.deepStrictEqual(rows, [
        ['jiraClient.ts', 'src · 3', 3],
        ['store.ts', 'src · 2', 2],
      ]);
      const file = present(tree[0] as TreeNode);
      assert.match(file.tooltip, /3 problems \(2 errors, 1 warning\): every Marketplace Guard diagnostic of this file/);
      assert.strictEqual(file.ariaLabel, 'jiraClient.ts in src: 3 problems, 2 errors, 1 warning');
      assert.match(present(tree[1] as TreeNode).tooltip, /2 problems \(1 warning, 1 note\)/);
    });

    it('finding rows are in file order, with line:col descriptions', () => {
      const jira = tree[0];
      assert.ok(jira);
      assert.deepStrictEqual(jira.children.map((c) => present(c).description), ['4:1', '12:5', '41:3']);
      const basic = jira.children[1];
      assert.ok(basic);
      assert.strictEqual(present(basic).ariaLabel, 'Error: API token sent with Basic auth to GET /rest/api/3/search/jql, line 12 column 5, no-api-token-basic-auth');
    });
  });

  describe('ids: unique, and the same for the same finding on every refresh', () => {
    for (const mode of ['area', 'file'] as const) {
      it(`${mode}: unique even for two identical findings`, () => {
        const twin = findings[1];
        assert.ok(twin);
        const ids: string[] = [];
        walk(buildTree([...findings, twin], mode), (n) => ids.push(n.id));
        assert.strictEqual(new Set(ids).size, ids.length, ids.join('\n'));
      });

      it(`${mode}: reordered results from the server give the same rows and ids`, () => {
        const a: string[] = [];
        const b: string[] = [];
        walk(buildTree(findings, mode), (n) => a.push(`${n.id} ${present(n).label}`));
        walk(buildTree([...findings].reverse(), mode), (n) => b.push(`${n.id} ${present(n).label}`));
        assert.deepStrictEqual(b, a);
      });

      it(`${mode}: a row’s children belong to it (every finding under a rule row has that rule)`, () => {
        walk(buildTree(findings, mode), (n) => {
          if (n.kind === 'rule') for (const c of n.children) assert.ok(c.kind === 'finding' && c.finding.ruleId === n.ruleId);
          if (n.kind === 'file') for (const c of n.children) assert.ok(c.kind === 'finding' && c.finding.uri === n.uri);
          for (const c of n.children) assert.ok(c.id.startsWith(`${n.id}/`), `${c.id} under ${n.id}`);
        });
      });
    }
  });

  it('Copy Findings: one `file:line:col severity message [rule]` line per finding of the row, in file order', () => {
    const [jira] = buildTree(findings, 'file');
    assert.ok(jira);
    assert.strictEqual(
      copyText(findingsUnder(jira)),
      [
        'src/jiraClient.ts:4:1 warning Scope read:jira-user is declared but never used. [no-unused-scope]',
        `src/jiraClient.ts:12:5 error ${LONG} [no-api-token-basic-auth]`,
        'src/jiraClient.ts:41:3 error API token sent with Basic auth to POST /rest/api/3/issue. [no-api-token-basic-auth]',
      ].join('\n'),
    );
  });

  describe('the line above the tree says what was checked', () => {
    const none = { errors: 0, warnings: 0, infos: 0 };
    const cases: [string, string | undefined][] = [
      [JSON.stringify([none, 0, false]), viewMessage(none, 0, false, undefined)],
      ['Whole workspace audited at 13:45: nothing breaks the Marketplace security policy.', viewMessage(none, 0, true, '13:45')],
      ['Whole workspace audited at 13:45: 1 error, 1 note', viewMessage({ errors: 1, warnings: 0, infos: 1 }, 2, true, '13:45')],
      ['Open files: 2 errors, 1 warning', viewMessage({ errors: 2, warnings: 1, infos: 0 }, 3, false, undefined)],
    ];
    it('nothing before an audit (the welcome text says only open files were checked)', () => assert.strictEqual(cases[0]?.[1], undefined));
    for (const [expected, actual] of cases.slice(1)) it(expected, () => assert.strictEqual(actual, expected));
  });
});
