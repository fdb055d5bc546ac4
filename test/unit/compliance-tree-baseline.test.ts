import { strict as assert } from 'assert';
import Module = require('module');
import type { ComplianceTree as Tree, TreeSnapshot } from '../../client/src/complianceTree';
import type { FindingItem, FindingsResult } from '../../server/src/protocol';

/**
 * The compliance tree's Baseline group, outside VS Code: the few `vscode` classes the tree uses are
 * stood in for by plain ones, so the rows (label, count, context, collapsed or not) can be read.
 */
class TreeItem {
  label?: string;
  resourceUri?: unknown;
  description?: string;
  iconPath?: unknown;
  tooltip?: unknown;
  contextValue?: string;
  command?: unknown;
  id?: string;
  constructor(
    labelOrUri: unknown,
    readonly collapsibleState: number,
  ) {
    if (typeof labelOrUri === 'string') this.label = labelOrUri;
    else this.resourceUri = labelOrUri;
  }
}
const COLLAPSED = 1;
const vscodeStub = {
  TreeItem,
  TreeItemCollapsibleState: { None: 0, Collapsed: COLLAPSED, Expanded: 2 },
  ThemeIcon: class {
    constructor(readonly id: string) {}
  },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  EventEmitter: class {
    readonly event = (): { dispose(): void } => ({ dispose: () => undefined });
    fire(): void {}
    dispose(): void {}
  },
  MarkdownString: class {
    value = '';
    appendText(t: string): this {
      this.value += t;
      return this;
    }
    appendMarkdown(t: string): this {
      this.value += t;
      return this;
    }
  },
  Uri: { parse: (s: string) => ({ toString: () => s }) },
  commands: { executeCommand: async (): Promise<undefined> => undefined },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

function item(file: string, line: number, baseline: boolean): FindingItem {
  return {
    ruleId: 'no-api-token-literal',
    category: 'api-tokens',
    severity: 'error',
    uri: `file:///ws/${file}`,
    file,
    range: { start: { line, character: 0 }, end: { line, character: 10 } },
    message: 'Atlassian API token ATATT3… in code.',
    policy: 'Personal access tokens',
    fixable: true,
    ...(baseline ? { baseline: true as const } : {}),
  };
}

describe('compliance tree: Baseline group', () => {
  let ComplianceTree: typeof Tree;
  const original = loader._load;

  before(() => {
    loader._load = function (request, parent, isMain) {
      return request === 'vscode' ? vscodeStub : original.call(this, request, parent, isMain);
    };
    // Loaded after the stub is in place (a static import would load `vscode` first).
    ({ ComplianceTree } = require('../../client/src/complianceTree') as { ComplianceTree: typeof Tree });
  });
  after(() => {
    loader._load = original;
  });

  async function treeOf(findings: FindingItem[]): Promise<Tree> {
    const counted = findings.filter((f) => !f.baseline);
    const result: FindingsResult = { findings, audited: true, errors: counted.length, warnings: 0, infos: 0 };
    const client = { sendRequest: async () => result, isRunning: () => true };
    const tree = new ComplianceTree(client as unknown as ConstructorParameters<typeof Tree>[0]);
    await tree.refresh();
    return tree;
  }

  const rows = (snap: readonly TreeSnapshot[]): string[] => snap.map((r) => `${r.label} (${r.description}) [${r.contextValue}]`);

  it('lists baseline findings last, collapsed, by file; the areas and totals hold only the new ones', async () => {
    const tree = await treeOf([item('src/new.ts', 3, false), item('src/old.ts', 1, true), item('src/old.ts', 7, true), item('lib/legacy.js', 2, true)]);
    const top = tree.snapshot();
    assert.deepEqual(rows(top), ['API tokens (1 · overdue since 2026-01-01) [area]', 'Baseline (3) [baseline]']);
    const baselineNode = tree.getChildren().at(-1);
    assert.ok(baselineNode);
    assert.equal((tree.getTreeItem(baselineNode) as unknown as TreeItem).collapsibleState, COLLAPSED);
    const files = top[1]?.children ?? [];
    assert.deepEqual(rows(files), ['legacy.js (lib · 1) [file]', 'old.ts (src · 2) [file]']);
    assert.deepEqual(files[1]?.children.map((f) => f.description), ['2:1', '8:1']);
    assert.deepEqual(tree.totals, { errors: 1, warnings: 0, infos: 0 });
    assert.equal(tree.items.length, 1);
  });

  it('stays last when grouped by file, and is absent without baseline findings', async () => {
    const tree = await treeOf([item('src/new.ts', 3, false), item('src/old.ts', 1, true)]);
    tree.setGroupBy('file');
    assert.deepEqual(rows(tree.snapshot()), ['new.ts (src · 1) [file]', 'Baseline (1) [baseline]']);
    const plain = await treeOf([item('src/new.ts', 3, false)]);
    assert.deepEqual(rows(plain.snapshot()), ['API tokens (1 · overdue since 2026-01-01) [area]']);
  });
});
