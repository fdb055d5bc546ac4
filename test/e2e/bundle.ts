import * as esbuild from 'esbuild';
import * as path from 'path';

/**
 * The editor suite bundled for an extension host (code-server in test/e2e/run.ts, desktop VS Code in
 * test/electron/run.ts): mocha is resolved from the repository's node_modules at run time, vscode is
 * the host's API. Returns the suite's entry point.
 */
export async function bundleSuite(outDir: string, entries: readonly string[]): Promise<string> {
  const dir = path.join(outDir, 'suite');
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(__dirname, 'suite', f)),
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(dir, 'index.js');
}
