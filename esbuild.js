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
  // Always minified: V8 compiles a 4 MB bundle in well under half the time of the 10 MB readable one,
  // and server start, CLI start and activation are what users wait for (SPEC §7). The dev build keeps
  // a linked source map for readable stack traces (node --enable-source-maps).
  minify: true,
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

/**
 * `import * as ts from 'typescript'` bundles as a namespace object whose every member is a getter
 * (esbuild's ESM interop over a CommonJS module): the rules call `ts.isX(node)` millions of times in
 * an audit, and the getters cost ~5% of it (CPU profile of a 1,000-file audit). The same import,
 * written `import ts = require('typescript')`, binds the module object itself; types are unchanged.
 */
const directTypescript = {
  name: 'direct-typescript',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      return { contents: text.replace(/^import \* as ts from 'typescript';$/m, "import ts = require('typescript');"), loader: 'ts' };
    });
  },
};

/**
 * jsonc-parser's `main` is a UMD build whose factory requires its own files at run time, which a bundle
 * cannot resolve; its ES module build bundles cleanly. (Connect descriptors and ACE configs are JSON
 * with comments: server/src/core/analysis/connect-descriptor.ts.)
 */
const jsoncEsm = {
  name: 'jsonc-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: require.resolve('jsonc-parser/lib/esm/main.js') }));
  },
};

const entries = [
  { in: 'server/src/cli.ts', out: 'cli' },
  // Worker threads of a large audit, the CLI's and the language server's (server/src/parallel/audit.ts
  // loads it next to cli.js and server.js; .vscodeignore ships it in the .vsix).
  { in: 'server/src/parallel/worker.ts', out: 'audit-worker' },
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
        // The package's two bins (package.json `bin`): `marketplace-guard` and `marketplace-guard-server`.
        banner: e.out === 'cli' || e.out === 'server' ? { js: '#!/usr/bin/env node' } : undefined,
        plugins: e.out === 'client' ? [] : [noNetwork, directTypescript, jsoncEsm],
      }),
    ),
  );
  for (const bin of ['cli.js', 'server.js']) {
    const file = path.join(__dirname, 'dist', bin);
    if (fs.existsSync(file)) fs.chmodSync(file, 0o755);
  }
}

/** The server-side plugins, for bench/run.ts, which bundles its single-file bench exactly like dist/cli.js. */
module.exports = { common, serverPlugins: [noNetwork, directTypescript, jsoncEsm] };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
