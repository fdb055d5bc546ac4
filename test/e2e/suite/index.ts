import * as path from 'path';
import Mocha from 'mocha';

/**
 * Entry point VS Code loads as `extensionTestsPath` (the @vscode/test-electron convention): runs the
 * bundled editor tests inside the real extension host and resolves when they pass.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} editor test(s) failed`)) : resolve()));
  });
}
