import { strict as assert } from 'assert';
import { analyseFile } from '../../server/src/core/engine';
import { declaresEnv } from '../../server/src/core/env-declarations';
import { applyFix } from '../../server/src/core/fixes';
import type { Fix } from '../../server/src/core/model';
import { RULES_BY_ID } from '../../server/src/core/rules';
import { randomAlnum } from '../support/secrets';

/**
 * SPEC §4.1, non-Forge code: "Read NAME from the environment" declares `NAME=` in the project's
 * `.env.example`: appended at the end, in the file's line-ending style, and only when the file does
 * not declare the name yet. Driven through the real rule's fix, applied to each `.env.example`.
 */

const secret = randomAlnum(40);
const FILE = 'svc/src/oauth.ts';
const CODE = `export const config = { clientId: 'abc', clientSecret: '${secret}' };\n`;

function envFix(code = CODE): Fix {
  const rule = RULES_BY_ID.get('no-hardcoded-client-secret');
  assert.ok(rule);
  const { findings } = analyseFile(FILE, code, { rules: [rule], forgeRoots: new Set(), resourceRoots: new Set() });
  const fix = findings.flatMap((f) => f.fixes).find((f) => f.title.startsWith('Read CLIENT_SECRET from the environment'));
  assert.ok(fix, `no environment fix among: ${findings.flatMap((f) => f.fixes.map((x) => x.title)).join(' | ')}`);
  return fix;
}

const CASES: readonly { name: string; before: string | undefined; after: string }[] = [
  { name: 'missing file: created with the line', before: undefined, after: 'CLIENT_SECRET=\n' },
  { name: 'empty file', before: '', after: 'CLIENT_SECRET=\n' },
  { name: 'appended at the end, after a comment and the other keys', before: '# Copy to .env\nCLIENT_ID=\nPORT=3000\n', after: '# Copy to .env\nCLIENT_ID=\nPORT=3000\nCLIENT_SECRET=\n' },
  { name: 'no trailing newline: one is added first', before: 'CLIENT_ID=\nPORT=3000', after: 'CLIENT_ID=\nPORT=3000\nCLIENT_SECRET=\n' },
  { name: 'CRLF file keeps CRLF', before: 'CLIENT_ID=\r\nPORT=3000\r\n', after: 'CLIENT_ID=\r\nPORT=3000\r\nCLIENT_SECRET=\r\n' },
  { name: 'CRLF file without trailing newline', before: 'CLIENT_ID=\r\nPORT=3000', after: 'CLIENT_ID=\r\nPORT=3000\r\nCLIENT_SECRET=\r\n' },
  { name: 'key already declared: nothing added', before: 'CLIENT_ID=\nCLIENT_SECRET=\nPORT=3000\n', after: 'CLIENT_ID=\nCLIENT_SECRET=\nPORT=3000\n' },
  { name: 'key declared with a placeholder value, last line without newline', before: 'CLIENT_SECRET=changeme', after: 'CLIENT_SECRET=changeme' },
  { name: 'key declared as export NAME = (spaces)', before: 'export  CLIENT_SECRET = \n', after: 'export  CLIENT_SECRET = \n' },
  { name: 'key declared indented in a CRLF file', before: 'CLIENT_ID=\r\n  CLIENT_SECRET=\r\n', after: 'CLIENT_ID=\r\n  CLIENT_SECRET=\r\n' },
  { name: 'a commented-out key is not a declaration', before: '# CLIENT_SECRET=\n', after: '# CLIENT_SECRET=\nCLIENT_SECRET=\n' },
  { name: 'longer names containing the key are not a declaration', before: 'OLD_CLIENT_SECRET=\nCLIENT_SECRET_FILE=\n', after: 'OLD_CLIENT_SECRET=\nCLIENT_SECRET_FILE=\nCLIENT_SECRET=\n' },
];

describe('.env.example declarations of the "read from the environment" fix', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const files = new Map<string, string>([[FILE, CODE]]);
      if (c.before !== undefined) files.set('svc/.env.example', c.before);
      const after = applyFix(files, FILE, envFix());
      assert.strictEqual(after.get('svc/.env.example'), c.after);
      assert.ok(after.get(FILE)?.includes("clientSecret: process.env.CLIENT_SECRET ?? ''"));
    });
  }

  it('one secret written twice: one fix moves both and declares the name once', () => {
    const code = `export const a = { clientSecret: '${secret}' };\nexport const b = { clientSecret: '${secret}' };\n`;
    const files = applyFix(new Map([[FILE, code], ['svc/.env.example', 'PORT=3000\n']]), FILE, envFix(code));
    assert.strictEqual(files.get('svc/.env.example'), 'PORT=3000\nCLIENT_SECRET=\n');
    assert.strictEqual(files.get(FILE), `export const a = { clientSecret: process.env.CLIENT_SECRET ?? '' };\nexport const b = { clientSecret: process.env.CLIENT_SECRET ?? '' };\n`);
  });

  it('two different secrets under one name get two variables, each declared once (issue 15)', () => {
    const code = `export const a = { clientSecret: '${secret}' };\nexport const b = { clientSecret: '${randomAlnum(40)}' };\n`;
    const rule = RULES_BY_ID.get('no-hardcoded-client-secret');
    assert.ok(rule);
    let files = new Map<string, string>([[FILE, code], ['svc/.env.example', 'PORT=3000\n']]);
    for (let i = 0; i < 2; i++) {
      const { findings } = analyseFile(FILE, files.get(FILE) ?? '', { rules: [rule], forgeRoots: new Set(), resourceRoots: new Set() });
      const fix = findings[0]?.fixes[0];
      assert.ok(fix, 'no fix');
      files = applyFix(files, FILE, fix);
    }
    const declared = (files.get('svc/.env.example') ?? '').split('\n').filter((l) => l.endsWith('='));
    assert.strictEqual(declared.length, 2, declared.join(' '));
    assert.notStrictEqual(declared[0], declared[1]);
    for (const line of declared) assert.ok(files.get(FILE)?.includes(`process.env.${line.slice(0, -1)} ?? ''`), line);
  });

  it('declaresEnv: NAME= lines only', () => {
    const yes = ['A=', 'A=1', ' A =1', '\tA\t=', 'export A=', 'export\tA = x', 'B=\nA=', 'B=\r\nA=\r\n'];
    const no = ['', '# A=', 'AB=', 'BA=', 'A', 'A: 1', 'exportA=', 'B=A=', 'a='];
    for (const t of yes) assert.ok(declaresEnv(t, 'A'), JSON.stringify(t));
    for (const t of no) assert.ok(!declaresEnv(t, 'A'), JSON.stringify(t));
  });
});
