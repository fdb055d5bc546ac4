import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyseFile } from '../../../server/src/core/engine';
import { Project } from '../../../server/src/core/project';
import { EMPTY_USAGE } from '../../../server/src/core/project/usage';

const MANIFEST = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'forge-scopes', 'manifest.yml'), 'utf8');

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('manifest model and scope rules on broken manifests', () => {
  it('never throw on 400 random edits of a real manifest (deletions, insertions, tabs, odd values)', () => {
    const next = rng(0x5c0e5);
    const project = new Project();
    project.setUsage('src/a.ts', { ...EMPTY_USAGE, storage: true, calls: [{ product: 'jira', method: 'GET', path: '/rest/api/3/myself', via: 'forge-api', range: { start: 0, end: 1 } }] });
    const snippets = ['\t', ':', '- ', '[', ']', '{', '}', '\n  ', 'null', '*', 'http://x', '"', "'", '&a', '*a', '!!map', '? '];
    let text = MANIFEST;
    for (let i = 0; i < 400; i++) {
      const at = Math.floor(next() * (text.length + 1));
      if (next() < 0.5) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 8));
      else text = text.slice(0, at) + (snippets[Math.floor(next() * snippets.length)] ?? '') + text.slice(at);
      if (i % 50 === 49) text = MANIFEST;
      project.setManifest('manifest.yml', text);
      const result = analyseFile('manifest.yml', text, { project, forgeRoots: new Set(['']) });
      assert.deepEqual(result.failures, [], `edit ${i}: ${JSON.stringify(text)}`);
      for (const f of result.findings) {
        assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${f.ruleId} range`);
      }
    }
  });

  it('odd but valid shapes: null permissions, scopes map, modules as a list, nested apps', () => {
    const project = new Project();
    project.setManifest('manifest.yml', 'permissions:\n');
    project.setManifest('nested/manifest.yml', 'modules: [a, b]\npermissions:\n  scopes:\n    read:jira-user: {}\n');
    project.setUsage('nested/src/a.ts', { ...EMPTY_USAGE, calls: [{ product: 'jira', method: 'GET', path: '/rest/api/3/myself', via: 'forge-api', range: { start: 0, end: 1 } }] });
    project.setUsage('src/b.ts', { ...EMPTY_USAGE, storage: true });
    assert.equal(project.appOf('nested/src/a.ts')?.root, 'nested');
    assert.equal(project.appOf('src/b.ts')?.root, '');
    const outer = analyseFile('manifest.yml', 'permissions:\n', { project });
    assert.deepEqual(outer.failures, []);
    assert.deepEqual(outer.findings.map((f) => f.ruleId), ['missing-scope'], 'storage:app is missing for kvs use in src/b.ts only');
    const inner = analyseFile('nested/manifest.yml', 'modules: [a, b]\npermissions:\n  scopes:\n    read:jira-user: {}\n', { project });
    assert.deepEqual(inner.failures, []);
    assert.deepEqual(inner.findings.map((f) => f.ruleId), [], 'read:jira-user (a scopes map) is what GET /myself uses');
  });
});
