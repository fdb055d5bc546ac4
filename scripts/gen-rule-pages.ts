/**
 * Copies the rule pages (`docs/rules/<id>.md`) into `server/src/core/report/rule-pages.json`, so every
 * report carries each rule's help without a link: SARIF `help.markdown`/`help.text` and the Markdown
 * report's rules section read it, in the CLI and the language server alike, offline.
 * `--check` exits 1 when the committed copy differs from the pages.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
export const RULE_PAGES_DIR = path.join(ROOT, 'docs', 'rules');
export const RULE_PAGES_JSON = path.join(ROOT, 'server', 'src', 'core', 'report', 'rule-pages.json');

/** The JSON text: rule id → page, ids sorted, pages verbatim. */
export function renderRulePages(dir = RULE_PAGES_DIR): string {
  const pages: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    pages[name.slice(0, -3)] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  return `${JSON.stringify(pages, null, 2)}\n`;
}

function main(): number {
  const next = renderRulePages();
  const current = fs.existsSync(RULE_PAGES_JSON) ? fs.readFileSync(RULE_PAGES_JSON, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('server/src/core/report/rule-pages.json is out of date: run `npm run gen:rule-pages`.\n');
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(RULE_PAGES_JSON, next);
  return 0;
}

if (require.main === module) process.exitCode = main();
