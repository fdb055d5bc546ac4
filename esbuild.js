// Bundles the extension client, the language server and the CLI (one bundler, cjs for Node).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  external: ['vscode'],
  logLevel: 'warning',
};

/**
 * The language server talks over stdio only. vscode-jsonrpc also carries socket and named-pipe
 * transports that `require("net")` at load time; this stub keeps every network module out of the
 * running server (SPEC §7: no network access at run time), and fails loudly if a transport ever
 * tried to use one. Checked by test/lsp/own-security.test.ts.
 */
const noNetwork = {
  name: 'no-network',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(net|http|https|http2|tls|dgram|dns)$/ }, (args) => ({ path: args.path, namespace: 'no-network' }));
    build.onLoad({ filter: /.*/, namespace: 'no-network' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`Marketplace Guard does not use the network (${args.path})`)}); };
module.exports = { createServer: fail, createConnection: fail, connect: fail, request: fail, get: fail, Socket: fail, Server: fail };`,
      loader: 'js',
    }));
  },
};

const entries = [
  { in: 'server/src/cli.ts', out: 'cli' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'client/src/extension.ts', out: 'client' },
].filter((e) => fs.existsSync(path.join(__dirname, e.in)));

async function main() {
  await Promise.all(
    entries.map((e) =>
      esbuild.build({
        ...common,
        entryPoints: [e.in],
        outfile: `dist/${e.out}.js`,
        banner: e.out === 'cli' ? { js: '#!/usr/bin/env node' } : undefined,
        plugins: e.out === 'client' ? [] : [noNetwork],
      }),
    ),
  );
  const cli = path.join(__dirname, 'dist', 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
