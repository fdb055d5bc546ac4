import * as assert from 'assert';
import * as ts from 'typescript';
import { parseCode } from '../../../server/src/core/engine';
import { registerModuleReader, type ModuleReader } from '../../../server/src/core/analysis/modules';
import { render, evaluate } from '../../../server/src/core/analysis/values';

/** Evaluates `probe`'s initializer in `file`, with the other files served by a reader. */
function probe(file: string, code: string, read: ModuleReader | undefined): string {
  const sf = parseCode(file, code);
  if (read) registerModuleReader(sf, read);
  const decl = sf.statements.filter(ts.isVariableStatement).flatMap((s) => s.declarationList.declarations).find((d) => d.name.getText() === 'probe');
  assert.ok(decl?.initializer, 'no probe');
  return render(evaluate(decl.initializer));
}

function readerOf(files: Record<string, string>, reads: string[] = []): ModuleReader {
  return (p) => {
    reads.push(p);
    return files[p];
  };
}

/** How an unresolved call renders: a hole with no name. */
const UNRESOLVED = '{value}';
const HELPER = "export const basic = (u: string, t: string) => 'Basic ' + btoa(`${u}:${t}`);\n";

describe('values imported from other modules', () => {
  it('follows a relative import into the exported helper, binding its parameters to the arguments', () => {
    const read = readerOf({ 'src/auth.ts': HELPER });
    assert.strictEqual(probe('src/a.ts', "import { basic } from './auth';\nconst probe = basic(email, apiToken);\n", read), 'Basic base64({email}:{apiToken})');
  });

  it('does nothing without a reader, for packages, and for missing, unreadable or unparsable modules', () => {
    const code = (spec: string): string => `import { basic } from '${spec}';\nconst probe = basic(email, apiToken);\n`;
    assert.strictEqual(probe('src/a.ts', code('./auth'), undefined), UNRESOLVED);
    assert.strictEqual(probe('src/a.ts', code('auth'), readerOf({ 'src/auth.ts': HELPER, 'auth.ts': HELPER })), UNRESOLVED);
    assert.strictEqual(probe('src/a.ts', code('./nowhere'), readerOf({ 'src/auth.ts': HELPER })), UNRESOLVED);
    const throwing: ModuleReader = () => {
      throw new Error('EACCES');
    };
    assert.strictEqual(probe('src/a.ts', code('./auth'), throwing), UNRESOLVED);
    assert.strictEqual(probe('src/a.ts', code('./auth'), readerOf({ 'src/auth.ts': '))) export const basic = (((' })), UNRESOLVED);
  });

  it('parses a module once per reader, however many files import it', () => {
    const reads: string[] = [];
    const read = readerOf({ 'src/lib/auth.ts': HELPER }, reads);
    for (const f of ['src/a.ts', 'src/b.ts', 'src/c.ts']) {
      assert.strictEqual(probe(f, "import { basic } from './lib/auth';\nconst probe = basic(u, t);\n", read), 'Basic base64({u}:{t})');
    }
    assert.deepStrictEqual(reads, ['src/lib/auth.ts']);
  });

  it('stops at a re-export chain longer than two hops, and in import cycles', () => {
    const files = {
      'src/index.ts': "export * from './one';\n",
      'src/one.ts': "export { basic } from './two';\n",
      'src/two.ts': "export { basic } from './three';\n",
      'src/three.ts': HELPER,
    };
    assert.strictEqual(probe('src/a.ts', "import { basic } from '.';\nconst probe = basic(u, t);\n", readerOf(files)), UNRESOLVED);
    assert.strictEqual(probe('src/a.ts', "import { basic } from './one';\nconst probe = basic(u, t);\n", readerOf(files)), 'Basic base64({u}:{t})');
    const cycle = { 'src/b.ts': "import { x } from './a';\nexport const y = x;\nexport * from './a';\n" };
    assert.strictEqual(probe('src/a.ts', "import { y } from './b';\nexport const x = y;\nconst probe = x + '!';\n", readerOf(cycle)), '{x}!');
  });
});

describe('CommonJS modules and namespace imports', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['require + destructuring, module.exports = { f }', "const { basic } = require('./auth');\nconst probe = basic(u, t);\n", { 'src/auth.js': "function basic(u, t) { return 'Basic ' + btoa(u + ':' + t); }\nmodule.exports = { basic };\n" }],
    ['require as a namespace, exports.f = …', "const auth = require('./auth');\nconst probe = auth.basic(u, t);\n", { 'src/auth.js': "exports.basic = (u, t) => 'Basic ' + btoa(u + ':' + t);\n" }],
    ['import * as ns of an ES module', "import * as auth from './auth';\nconst probe = auth.basic(u, t);\n", { 'src/auth.ts': HELPER }],
    ['default import of module.exports = function', "import basic from './auth.cjs';\nconst probe = basic(u, t);\n", { 'src/auth.cjs': "module.exports = function (u, t) { return 'Basic ' + btoa(u + ':' + t); };\n" }],
    ['export default of a function declared above', "import basic from './auth';\nconst probe = basic(u, t);\n", { 'src/auth.ts': "function basic(u: string, t: string) { return 'Basic ' + btoa(u + ':' + t); }\nexport default basic;\n" }],
    ['a namespace member that is a value', "import * as cfg from '../config';\nconst probe = cfg.header;\n", { 'config/index.ts': "export const header = `Basic ${btoa(`${u}:${t}`)}`;\n" }],
  ];
  for (const [name, code, files] of cases) {
    it(name, () => {
      const file = name.includes('../') || code.includes('../') ? 'src/a.ts' : 'src/a.js';
      assert.strictEqual(probe(file, code, readerOf(files)), 'Basic base64({u}:{t})');
    });
  }
});
