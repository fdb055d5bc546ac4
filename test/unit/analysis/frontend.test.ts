import { strict as assert } from 'assert';
import { frontEndReason, resourceRootsOf } from '../../../server/src/core/analysis/frontend';

describe('front-end classification (rule 8, shared)', () => {
  it('reads Custom UI folders from the manifest, widening build folders to the app folder', () => {
    const manifest = 'resources:\n  - key: main\n    path: static/connect/build\n  - key: admin\n    path: ./static/admin/index.html\n  - key: bad\n    path: ../../outside\n';
    assert.deepEqual(resourceRootsOf('', manifest), ['static/connect', 'static/admin']);
    assert.deepEqual(resourceRootsOf('apps/forge', manifest), ['apps/forge/static/connect', 'apps/forge/static/admin', 'outside']);
    assert.deepEqual(resourceRootsOf('', 'resources: [unclosed'), []);
  });

  it('says why a file is front-end code', () => {
    const cases: [string, string, string | undefined][] = [
      ['static/connect/src/a.js', '', 'Custom UI resource'],
      ['src/a.ts', "import { invoke } from '@forge/bridge';", '@forge/bridge'],
      ['src/b.tsx', "import { createRoot } from 'react-dom/client';", 'react-dom'],
      ['app/page.tsx', "// header\n/* licence */\n'use client';\nexport default 1;", "'use client'"],
      ['src/environments/environment.prod.ts', 'export const environment = {};', 'Angular'],
      ['main.js', "const { app } = require('electron');", 'Electron'],
      ['bg.js', 'chrome.runtime.onMessage.addListener(f);', 'browser-extension'],
      ['public/app.bundle.js', 'var a=1;', 'build bundle'],
      ['src/server.ts', "import express from 'express';\nconst x = 'use client';", undefined],
    ];
    for (const [path, text, reason] of cases) {
      const got = frontEndReason(path, text, new Set(['static/connect']));
      if (reason === undefined) assert.equal(got, undefined, path);
      else assert.ok(got?.includes(reason), `${path}: ${got}`);
    }
  });

  it('stays linear on a huge file of whitespace and comments (no regex backtracking)', () => {
    const text = `${' \n'.repeat(200_000)}/* x */${'// c\n'.repeat(50_000)}const a = 1;`;
    const t = Date.now();
    assert.equal(frontEndReason('lib/x.cjs', text), undefined);
    assert.ok(Date.now() - t < 2000);
  });
});
