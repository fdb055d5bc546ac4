import * as assert from 'assert';
import * as ts from 'typescript';
import { parseCode } from '../../../server/src/core/engine';
import { evaluate, holes, render, resolveValue, splitAtColon, staticText, type SymbolicString } from '../../../server/src/core/analysis/values';

/** Evaluates the initializer of the last `const probe = …` in the code. */
function probe(code: string, file = 'src/a.ts'): SymbolicString {
  const sf = parseCode(file, code);
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === 'probe' && n.initializer) found = n.initializer;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  assert.ok(found, 'no probe');
  return evaluate(found);
}

describe('symbolic string evaluation', () => {
  it('joins literals, templates and concatenation', () => {
    assert.strictEqual(staticText(probe(`const host = 'acme';\nconst probe = \`https://\${host}.atlassian.net\` + '/rest/api/3/' + 'issue';\n`)), 'https://acme.atlassian.net/rest/api/3/issue');
  });

  it('keeps unknown values as holes with their names', () => {
    const v = probe(`const token = process.env.JIRA_API_TOKEN || '';\nconst probe = \`\${email}:\${token}\`;\n`);
    assert.strictEqual(render(v), '{email}:{JIRA_API_TOKEN}');
    const [, secret] = splitAtColon(v) ?? [];
    const h = holes(secret ?? []);
    assert.strictEqual(h[0]?.name, 'process.env.JIRA_API_TOKEN');
    assert.ok(h[0]?.aliases.includes('token'));
  });

  it('sees base64 encodings as encoded parts', () => {
    for (const expr of [
      'Buffer.from(`${u}:${t}`).toString("base64")',
      'btoa(u + ":" + t)',
      'base64.encode(`${u}:${t}`)',
      'Base64.encode([u, t].join(":"))',
      'new Buffer(`${u}:${t}`).toString("base64")',
    ]) {
      assert.strictEqual(render(probe(`const probe = 'Basic ' + ${expr};\n`)), 'Basic base64({u}:{t})', expr);
    }
  });

  it('follows String(), trim(), join and concat', () => {
    assert.strictEqual(render(probe(`const probe = String(['a', b].join('-')).trim().concat('!');\n`)), 'a-{b}!');
  });

  it('evaluates same-file helpers with parameters bound to arguments', () => {
    const code = `function basic(user: string, secret: string) {
  const pair = \`\${user}:\${secret}\`;
  return 'Basic ' + Buffer.from(pair).toString('base64');
}
const makeAuth = ({ email, apiToken }: Creds) => basic(email, apiToken);
const probe = makeAuth({ email: cfg.email, apiToken: process.env.ATLASSIAN_API_TOKEN });
`;
    const v = probe(code);
    assert.strictEqual(render(v), 'Basic base64({email}:{ATLASSIAN_API_TOKEN})');
    const h = holes(v);
    assert.deepStrictEqual(h.map((x) => x.name), ['cfg.email', 'process.env.ATLASSIAN_API_TOKEN']);
    assert.ok(h[1]?.aliases.includes('secret') && h[1].aliases.includes('apiToken'));
  });

  it('follows object methods, spreads and this members', () => {
    const code = `const base = { auth: { token: process.env.CONFLUENCE_TOKEN } };
const cfg = { ...base, user: 'bot' };
const helpers = { header(t: string) { return \`Bearer \${t}\`; } };
const probe = helpers.header(cfg.auth.token);
class C { private host = 'acme.atlassian.net'; get url() { return \`https://\${this.host}/wiki\`; } run() { const probe = this.url; } }
`;
    assert.strictEqual(render(probe(code)), 'https://acme.atlassian.net/wiki');
    const sf = parseCode('a.ts', code);
    const decl = sf.statements[3] as ts.VariableStatement;
    const init = decl.declarationList.declarations[0]?.initializer;
    assert.ok(init);
    assert.strictEqual(render(evaluate(init)), 'Bearer {CONFLUENCE_TOKEN}');
  });

  it('applies new URL(path, base) and resolves config objects', () => {
    assert.strictEqual(render(probe(`const probe = new URL('/rest/api/3/myself', process.env.JIRA_URL).href;\n`)), '{JIRA_URL}/rest/api/3/myself');
    assert.strictEqual(render(probe(`const probe = new URL('https://acme.atlassian.net/wiki/api/v2/pages', base);\n`)), 'https://acme.atlassian.net/wiki/api/v2/pages');
    const sf = parseCode('a.ts', `const opts = { headers: { a: 1 } };\nconst x = opts.headers;\n`);
    const x = (sf.statements[1] as ts.VariableStatement).declarationList.declarations[0]?.initializer;
    assert.ok(x && ts.isObjectLiteralExpression(resolveValue(x).expr));
  });

  it('stays bounded on recursive helpers and self references', () => {
    const v = probe(`function f(x: string): string { return f(x) + 'a'; }\nconst { a } = { ...g() };\nfunction g() { const { a } = { ...g() }; return { a }; }\nconst probe = f(a);\n`);
    assert.ok(v.length > 0);
  });

  it('joins path segments with path.join and posix.join', () => {
    assert.strictEqual(render(probe(`import { join } from 'path';\nconst probe = join('/rest/api/3/', key);\n`)), '/rest/api/3/{key}');
    assert.strictEqual(render(probe(`import * as path from 'node:path';\nconst probe = path.posix.join('/wiki/api/v2', 'pages', id);\n`)), '/wiki/api/v2/pages/{id}');
    // A local `join` is not the path module's: left as an unknown value.
    assert.strictEqual(render(probe(`function join(a: string, b: string) { return a + b; }\nconst probe = join('/x/', 'y');\n`)), '/x/y');
    assert.notStrictEqual(render(probe(`const probe = join('/rest/api/3/', key);\n`)), '/rest/api/3/{key}');
  });

  it('stays bounded when helpers double their result through each other', () => {
    const v = probe(`function f(x: string): string { return g(x) + g(x); }\nfunction g(x: string): string { return f(x) + f(x); }\nconst probe = 'Basic ' + f(process.env.JIRA_API_TOKEN!);\n`);
    assert.ok(v.length <= 64, `${v.length} parts`);
    assert.ok(holes(v).some((h) => h.aliases.includes('JIRA_API_TOKEN')), render(v).slice(0, 200));
  });

  it('stays bounded on a template chain that doubles 24 times, keeping the token name', () => {
    let code = 'const t0 = process.env.JIRA_API_TOKEN;\n';
    for (let i = 1; i <= 24; i++) code += `const t${i} = \`\${t${i - 1}}\${t${i - 1}}\`;\n`;
    const v = probe(`${code}const probe = t24;\n`);
    assert.ok(v.length <= 64, `${v.length} parts`);
    assert.strictEqual(holes(v)[0]?.key, 'JIRA_API_TOKEN');
  });
});
