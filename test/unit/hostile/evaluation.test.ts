import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { evaluate } from '../../../server/src/core/analysis/values';
import { analyseFile, BUDGET_FAILURE } from '../../../server/src/core/engine';
import { defineRule } from '../../../server/src/core/rule';
import { ParseCache } from '../../../server/src/lsp/parseCache';
import { rangeOf, TestClient, makeWorkspace as makeLspWorkspace } from '../../lsp/harness';
import { fakeApiToken, windows } from '../../support/secrets';
import { buildCliOnce, CLI, makeWorkspace, removeWorkspace } from '../../support/workspace';

/**
 * Issue 14, bounded evaluation: inputs anyone can commit that made value evaluation exponential,
 * hid a finding behind nesting, or were honoured as directives outside comments; and results kept
 * on syntax nodes across incremental edits. Every input is generated here; the CLI runs in a child
 * process with a time and memory cap, so a regression fails instead of hanging CI.
 */

const BASIC_CALL = (credential: string): string =>
  `export const call = () => fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + ${credential} } });\n`;

interface JsonFinding {
  ruleId: string;
  file: string;
  severity: string;
  message: string;
  detail?: string;
  range: { start: { line: number } };
}

function findingsOf(json: unknown): JsonFinding[] {
  if (typeof json !== 'object' || json === null || !('findings' in json) || !Array.isArray(json.findings)) throw new Error('not a JSON report');
  return json.findings as JsonFinding[];
}

describe('hostile inputs: bounded evaluation (CLI bundle, capped)', function () {
  this.timeout(120_000);
  const token = fakeApiToken();
  let root = '';
  let findings: JsonFinding[] = [];
  let run: ReturnType<typeof spawnSync> | undefined;
  let output = '';

  before(() => {
    buildCliOnce();
    const chain = ['const t0 = `bot@acme.com:${process.env.JIRA_API_TOKEN}`;'];
    for (let i = 1; i <= 24; i++) chain.push(`const t${i} = \`\${t${i - 1}}\${t${i - 1}}\`;`);
    const nestedCallbacks = `${BASIC_CALL('btoa(`bot@acme.com:${process.env.JIRA_API_TOKEN}`)')}run(\n${'() => run(\n'.repeat(3000)}0${')\n'.repeat(3001)};\n`;
    const nestedJsx = `${BASIC_CALL('btoa(`bot@acme.com:${process.env.JIRA_API_TOKEN}`)')}export const V = () => (\n${'<div>\n'.repeat(20_000)}${'</div>\n'.repeat(20_000)});\n`;
    root = makeWorkspace({
      // Mutual doubling: 2^n terms if followed naively.
      'src/doubling.ts': [
        'function f(x: string): string { return g(x) + g(x); }',
        'function g(x: string): string { return f(x) + f(x); }',
        BASIC_CALL('f(process.env.JIRA_API_TOKEN)'),
      ].join('\n'),
      // The same doubling helper called 1,000 times: each call once cost the whole work bound.
      'src/many-calls.js': [
        'function f(x) { return g(x) + g(x) }',
        'function g(x) { return f(x) + f(x) }',
        ...Array.from({ length: 1000 }, () => "fetch('https://acme.atlassian.net/rest/api/3/myself', { headers: { Authorization: 'Basic ' + f(process.env.JIRA_API_TOKEN) } });"),
        '',
      ].join('\n'),
      // A template doubled 24 times: 16 million copies.
      'src/chain.ts': `${chain.join('\n')}\n${BASIC_CALL('btoa(t24)')}`,
      // The doubling spread over an import cycle.
      'src/cycle-a.ts': `import { g } from './cycle-b';\nexport function f(x: string): string { return g(x) + g(x); }\n${BASIC_CALL('f(process.env.JIRA_API_TOKEN)')}`,
      'src/cycle-b.ts': "import { f } from './cycle-a';\nexport function g(x: string): string { return f(x) + f(x); }\n",
      // 24 dummy terms once pushed the scheme past the evaluation depth.
      'src/sep.ts': `const sep = '';\n${BASIC_CALL(`${'sep + '.repeat(24)}btoa('bot@acme.com:' + '${token}')`)}`,
      'src/callbacks.ts': nestedCallbacks,
      'src/jsx.tsx': nestedJsx,
    });
    const out = path.join(path.dirname(root), 'report.json');
    run = spawnSync(process.execPath, ['--max-old-space-size=512', CLI, 'audit', root, '--format', 'json', '--output', out], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    output = `${String(run.stdout)}${String(run.stderr)}`;
    if (fs.existsSync(out)) {
      const text = fs.readFileSync(out, 'utf8');
      output += text;
      findings = findingsOf(JSON.parse(text));
    }
  });
  after(() => removeWorkspace(root));

  const at = (file: string, ruleId: string): JsonFinding[] => findings.filter((f) => f.file === file && f.ruleId === ruleId);

  it('finishes within its caps and exits 1 (findings), not killed or out of memory', () => {
    assert.equal(run?.signal, null, `killed: ${String(run?.signal)}`);
    assert.equal(run?.status, 1, output.slice(0, 2000));
  });

  it('mutual doubling: the recursion is cut at once (a recursive call is a value named by its arguments), the Basic-auth finding kept with its source', () => {
    const [basic] = at('src/doubling.ts', 'no-api-token-basic-auth');
    assert.equal(basic?.range.start.line, 3, JSON.stringify(findings, null, 1));
    assert.match(basic?.detail ?? '', /\(JIRA_API_TOKEN\)/);
    // Nothing was cut short: no bound was needed, so no note (and never an error).
    assert.deepEqual(at('src/doubling.ts', 'analysis-incomplete'), []);
  });

  it('a doubling helper called 1,000 times: every call is reported, within the per-file budget', () => {
    const basic = at('src/many-calls.js', 'no-api-token-basic-auth');
    assert.equal(basic.length, 1000);
    assert.match(basic[999]?.detail ?? '', /\(JIRA_API_TOKEN\)/);
    assert.deepEqual(at('src/many-calls.js', 'analysis-incomplete').filter((f) => f.severity !== 'info'), []);
  });

  it('a template doubled 24 times: the finding is kept and the bound is reported', () => {
    assert.equal(at('src/chain.ts', 'no-api-token-basic-auth')[0]?.range.start.line, 26);
    assert.equal(at('src/chain.ts', 'analysis-incomplete')[0]?.severity, 'info');
  });

  it('doubling across an import cycle: the finding is kept', () => {
    assert.equal(at('src/cycle-a.ts', 'no-api-token-basic-auth')[0]?.range.start.line, 3);
  });

  it('24 dummy `+ sep` terms do not hide Basic auth', () => {
    assert.equal(at('src/sep.ts', 'no-api-token-basic-auth')[0]?.range.start.line, 2, JSON.stringify(findings, null, 1));
  });

  it('3,000 nested callbacks and 20,000 nested JSX elements: an error finding says the file was not analysed', () => {
    for (const file of ['src/callbacks.ts', 'src/jsx.tsx']) {
      const [f] = at(file, 'analysis-incomplete');
      assert.equal(f?.severity, 'error', `${file}: ${JSON.stringify(findings.filter((x) => x.file === file))}`);
      assert.equal(f?.range.start.line, 1);
      assert.match(f?.message ?? '', /^File not fully analysed: nesting too deep to parse \(stack overflow\)\./);
    }
  });

  it('prints no part of the token', () => {
    assert.ok(findings.length > 0);
    for (const w of windows(token.slice(6))) assert.ok(!output.includes(w), `token window ${w.slice(0, 2)}… printed`);
  });
});

describe('hostile inputs: bounded evaluation (engine)', () => {
  it('the per-file budget is checked inside evaluation: one long rule loop is stopped, and that is a finding', () => {
    const text = [
      'function f(x: string): string { return g(x) + g(x); }',
      'function g(x: string): string { return f(x) + f(x); }',
      ...Array.from({ length: 400 }, (_, i) => `const v${i} = f(process.env.JIRA_API_TOKEN);`),
      '',
    ].join('\n');
    let evaluated = 0;
    // One `check` call that evaluates every initializer: the engine's between-rule check cannot stop it.
    const greedy = defineRule({
      id: 'test-greedy',
      kinds: ['code'],
      meta: { category: 'api-tokens', defaultSeverity: 'error', policy: 'Test', description: 'Greedy.', messages: { m: 'm' }, fixable: false },
      check(ctx) {
        for (const st of ctx.sourceFile().statements) {
          const init = ts.isVariableStatement(st) ? st.declarationList.declarations[0]?.initializer : undefined;
          if (!init) continue;
          evaluate(init);
          evaluated++;
        }
      },
    });
    const result = analyseFile('src/greedy.ts', text, { rules: [greedy], budgetMs: 30 });
    assert.ok(evaluated < 400, `all ${evaluated} evaluations ran past the budget`);
    assert.deepEqual(result.failures.map((f) => f.ruleId), [BUDGET_FAILURE]);
    const budget = result.findings.filter((f) => f.messageId === 'budget');
    assert.deepEqual(budget.map((f) => `${f.ruleId}:${f.severity}:${f.start.line}`), ['analysis-incomplete:error:1']);
    assert.equal(budget[0]?.message, 'File not fully analysed: the 30 ms per-file time limit was reached.');
    assert.match(budget[0]?.detail ?? '', /Findings in this file may be missing/);
  });

  it('a doubled value stays small: the parts are capped and both ends kept', () => {
    const lines = ['const t0 = `Basic ${process.env.JIRA_API_TOKEN}:`;'];
    // 20 doublings: a million copies, within the nesting limit, so only the size cap applies.
    for (let i = 1; i <= 20; i++) lines.push(`const t${i} = \`\${t${i - 1}}\${t${i - 1}}\`;`);
    lines.push('const h = t20 + process.env.LAST;');
    const sf = ts.createSourceFile('a.ts', lines.join('\n'), ts.ScriptTarget.Latest, true);
    const last = sf.statements[sf.statements.length - 1];
    assert.ok(last && ts.isVariableStatement(last));
    const init = last.declarationList.declarations[0]?.initializer;
    assert.ok(init);
    const value = analyseValue(init);
    assert.ok(value.length <= 64, `${value.length} parts`);
    assert.deepEqual(value[0], 'Basic ');
    assert.deepEqual(value[value.length - 1], '{LAST}');
  });
});

/** A value as text parts and `{hole}` keys, for assertions. */
function analyseValue(e: ts.Expression): string[] {
  return evaluate(e).map((p) => (p.kind === 'text' ? p.text : p.kind === 'hole' ? `{${p.key}}` : 'encoded'));
}

describe('hostile inputs: suppression directives only in comments', () => {
  const token = fakeApiToken();
  const DIRECTIVE = 'marketplace-guard-disable-file no-api-token-literal -- fixture';
  const literal = (path: string, text: string): number => analyseFile(path, text).findings.filter((f) => f.ruleId === 'no-api-token-literal').length;

  it('code: a directive in a string, template, URL or JSX text suppresses nothing; in a comment it does', () => {
    const line = `const jiraToken = '${token}';\n`;
    for (const holder of [`const s = "// ${DIRECTIVE}";\n`, `const s = \`/* ${DIRECTIVE} */\`;\n`, `const u = 'https://x.test/// ${DIRECTIVE}';\n`, `const r = /\\/\\/ ${DIRECTIVE}/;\n`]) {
      assert.equal(literal('src/a.ts', holder + line), 1, holder);
    }
    assert.equal(literal('src/a.tsx', `export const A = () => <p>// ${DIRECTIVE}</p>;\n${line}`), 1, 'JSX text');
    assert.equal(literal('src/a.ts', `// ${DIRECTIVE}\n${line}`), 0);
    assert.equal(literal('src/a.ts', `${line}f(/* ${DIRECTIVE} */);\n`), 0);
    assert.equal(literal('src/a.tsx', `export const A = () => <p>{/* ${DIRECTIVE} */}</p>;\n${line}`), 0);
    assert.equal(literal('src/a.ts', `// jira\n// marketplace-guard-disable-next-line no-api-token-literal -- fixture\n${line}`), 0);
  });

  it('JSON: a directive in a value suppresses nothing; in a JSONC comment it does', () => {
    assert.equal(literal('config/app.json', `{ "note": "// ${DIRECTIVE}", "jira": { "apiToken": "${token}" } }\n`), 1);
    assert.equal(literal('config/app.json', `// ${DIRECTIVE}\n{ "jira": { "apiToken": "${token}" } }\n`), 0);
  });

  it('YAML: a directive in a quoted or block scalar suppresses nothing; in a comment it does', () => {
    const secret = `jira:\n  api_token: ${token}\n`;
    assert.equal(literal('config/app.yml', `note: "# ${DIRECTIVE}"\n${secret}`), 1);
    assert.equal(literal('config/app.yml', `note: |\n  # ${DIRECTIVE}\n${secret}`), 1);
    assert.equal(literal('config/app.yml', `# ${DIRECTIVE}\n${secret}`), 0);
    assert.equal(literal('config/app.yml', `${secret}other: 1 # ${DIRECTIVE}\n`), 0);
  });

  it('.env: a directive in a quoted value suppresses nothing; a comment line does', () => {
    const secret = `JIRA_API_TOKEN=${token}\n`;
    assert.equal(literal('.env', `NOTE="x # ${DIRECTIVE}"\n${secret}`), 1);
    assert.equal(literal('.env', `# ${DIRECTIVE}\n${secret}`), 0);
  });

  it('Markdown: a directive shown in a code block suppresses nothing; an HTML comment does', () => {
    const link = 'Create one at https://id.atlassian.com/manage-profile/security/api-tokens for Jira.\n';
    const rule = 'no-api-token-collection';
    const count = (text: string): number => analyseFile('README.md', text).findings.filter((f) => f.ruleId === rule).length;
    const directive = `<!-- marketplace-guard-disable-file ${rule} -- docs -->`;
    assert.equal(count(link), 1, 'the link is a finding');
    assert.equal(count(`\`\`\`md\n${directive}\n\`\`\`\n${link}`), 1);
    assert.equal(count(`Write \`${directive}\` in the file.\n${link}`), 1);
    assert.equal(count(`${directive}\n${link}`), 0);
  });
});

describe('hostile inputs: caches do not outlive an incremental edit', () => {
  const code = (host: string): string =>
    [
      `const base = 'https://${host}';`,
      'export async function get(email: string, token: string) {',
      "  return fetch(base + '/rest/api/3/myself', { headers: { Authorization: 'Basic ' + btoa(email + ':' + token) } });",
      '}',
      '',
    ].join('\n');
  const basic = (findings: readonly { ruleId: string }[]): number => findings.filter((f) => f.ruleId === 'no-api-token-basic-auth').length;

  it('engine with ts.updateSourceFile: GitHub → Atlassian reports, Atlassian → GitHub clears', () => {
    const parse = new ParseCache().parserFor('doc');
    for (const [host, expected] of [['api.github.com', 0], ['acme.atlassian.net', 1], ['api.github.com', 0], ['acme.atlassian.net', 1]] as const) {
      assert.equal(basic(analyseFile('src/client.ts', code(host), { parse }).findings), expected, host);
    }
  });

  describe('over LSP', function () {
    this.timeout(60_000);
    let folder = '';
    let client: TestClient | undefined;
    before(async () => {
      folder = makeLspWorkspace({ 'package.json': '{ "name": "svc" }\n' });
      client = await TestClient.start(folder);
    });
    after(async () => {
      await client?.stop();
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it('changing the base URL publishes the finding, and changing it back clears it', async () => {
      const c = client;
      assert.ok(c);
      const { uri, diagnostics } = await c.open('src/client.ts', code('api.github.com'));
      assert.equal(diagnostics.filter((d) => d.code === 'no-api-token-basic-auth').length, 0);
      const toAtlassian = await c.changeAndWait(uri, [{ range: rangeOf(c.doc(uri), 'api.github.com'), text: 'acme.atlassian.net' }]);
      assert.equal(toAtlassian.filter((d) => d.code === 'no-api-token-basic-auth').length, 1, JSON.stringify(toAtlassian));
      const back = await c.changeAndWait(uri, [{ range: rangeOf(c.doc(uri), 'acme.atlassian.net'), text: 'api.github.com' }]);
      assert.deepEqual(back.filter((d) => d.code === 'no-api-token-basic-auth'), []);
    });
  });
});
