import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-api-token-collection';
import { runRuleTests } from '../../support/rule-tester';

const PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

runRuleTests(rule, {
  valid: [
    {
      name: 'OAuth client id and secret fields',
      file: 'src/Settings.tsx',
      code: `export const Settings = () => (\n  <form>\n    <TextField label="OAuth client ID" name="clientId" />\n    <TextField label="OAuth client secret" name="clientSecret" type="password" />\n  </form>\n);\n`,
    },
    {
      name: 'GitHub and OpenAI token fields in a Jira app',
      file: 'src/Connect.tsx',
      code: `const host = 'https://acme.atlassian.net';\nexport const C = () => (\n  <>\n    <input name="githubToken" placeholder="GitHub personal access token" />\n    <Textfield label="OpenAI API key" name="openaiApiKey" />\n  </>\n);\n`,
    },
    {
      name: 'a field for a Jira issue key',
      file: 'src/IssuePicker.jsx',
      code: `export function IssuePicker() {\n  return <TextField label="Jira issue key" name="jiraIssueKey" placeholder="ABC-123" />;\n}\n`,
    },
    {
      name: 'an accessToken state variable (OAuth), no UI',
      file: 'src/useJira.ts',
      code: `const [accessToken, setAccessToken] = useState<string>();\nconst jiraApiTokenRemoved = true;\nfetch('https://api.atlassian.com/ex/jira/' + cloudId, { headers: { Authorization: \`Bearer \${accessToken}\` } });\n`,
    },
    {
      name: 'documentation of the policy that mentions API tokens without a link',
      file: 'docs/security.md',
      code: `# Authentication\n\nThis app never asks for a Jira API token. It signs in with OAuth 2.0 (3LO).\n`,
    },
    {
      name: 'generic "API token" prompt in a file that is not about Atlassian',
      file: 'src/cli.ts',
      code: `import inquirer from 'inquirer';\nawait inquirer.prompt([{ type: 'password', name: 'apiToken', message: 'API token:' }]);\n// later: push results to jira\n`,
    },
    {
      name: 'a migration notice in the UI',
      file: 'src/Banner.tsx',
      code: `export const Banner = () => <Label text="Jira API tokens are no longer supported: sign in with OAuth" />;\n`,
    },
    {
      name: 'a developer comment with the token page link',
      file: 'src/dev.ts',
      code: `// Local dev only: ${PAGE}\nexport const jiraHost = process.env.JIRA_HOST;\n`,
    },
    {
      name: 'revocation instructions in a migration guide',
      file: 'MIGRATION.md',
      code: `After switching to OAuth, revoke the old token at ${PAGE}.\n`,
    },
    {
      name: 'test files stay quiet',
      file: 'src/__tests__/Settings.test.tsx',
      code: `render(<TextField label="Jira API token" name="jiraApiToken" />);\n`,
    },
    {
      name: 'error toast about a token (not a field)',
      file: 'src/notify.ts',
      code: `import * as vscode from 'vscode';\nvscode.window.showErrorMessage('Jira API token rejected');\nshowToast({ type: 'error', message: 'Could not reach Jira with this token' });\n`,
    },
  ],
  invalid: [
    {
      name: 'HTML-style input named apiToken in a Jira settings page (JSX)',
      file: 'src/Settings.jsx',
      code: `const SITE = 'https://acme.atlassian.net';\nexport function Settings() {\n  return (\n    <form>\n      <input name="email" />\n      <input type="password" name="apiToken" />\n    </form>\n  );\n}\n`,
      errors: [{ messageId: 'field', line: 6, data: { what: 'form field', label: '"apiToken"' } }],
    },
    {
      name: 'Atlaskit TextField with a Jira API token label and a paste placeholder (TSX)',
      file: 'src/Connect.tsx',
      code: `export const Connect = () => (\n  <Form onSubmit={save}>\n    <TextField\n      label="Jira API token"\n      placeholder="Paste your Atlassian API token"\n      type="password"\n    />\n  </Form>\n);\n`,
      errors: [{ messageId: 'field', line: 3, data: { label: '"Jira API token"' } }],
    },
    {
      name: 'a <label htmlFor> and the <input id> it labels are one finding, on the input',
      file: 'web/settings.tsx',
      code: `export const F = () => (\n  <form>\n    <label htmlFor="jiraApiToken">Jira API token</label>\n    <input\n      id="jiraApiToken"\n      type="password"\n      placeholder="Paste your Atlassian API token"\n    />\n  </form>\n);\n`,
      errors: [{ messageId: 'field', line: 4, data: { label: '"jiraApiToken"' } }],
    },
    {
      name: 'Forge UI Kit Textfield',
      file: 'src/frontend/index.jsx',
      code: `import ForgeReconciler, { Form, Textfield, Label } from '@forge/react';\nconst App = () => (\n  <Form>\n    <Label labelFor="tok">Confluence API token</Label>\n    <Textfield id="tok" name="token" />\n  </Form>\n);\n`,
      errors: [{ messageId: 'field', line: 4 }],
    },
    {
      name: 'inquirer question (CommonJS)',
      file: 'bin/setup.js',
      code: `const inquirer = require('inquirer');\nconst answers = await inquirer.prompt([\n  { type: 'input', name: 'host', message: 'Jira site:' },\n  { type: 'password', name: 'jiraToken', message: 'Jira API token:' },\n]);\n`,
      errors: [{ messageId: 'field', line: 4, data: { what: 'prompt', label: '"Jira API token:"' } }],
    },
    {
      name: '@inquirer/prompts password()',
      file: 'src/login.ts',
      code: `import { password } from '@inquirer/prompts';\nconst token = await password({ message: 'Atlassian API token', mask: '*' });\n`,
      errors: [{ messageId: 'field', line: 2, data: { what: 'prompt' } }],
    },
    {
      name: 'prompts library with a generic name in an Atlassian file',
      file: 'src/init.mjs',
      code: `import prompts from 'prompts';\nconst base = 'https://acme.atlassian.net/rest/api/3/';\nconst res = await prompts({ type: 'invisible', name: 'apiToken', message: 'Token' });\n`,
      errors: [{ messageId: 'field', line: 3, data: { label: '"apiToken"' } }],
    },
    {
      name: 'readline question',
      file: 'scripts/configure.js',
      code: `const readline = require('readline');\nconst rl = readline.createInterface({ input: process.stdin, output: process.stdout });\nrl.question('Enter your Jira API token: ', (token) => save(token));\n`,
      errors: [{ messageId: 'field', line: 3, data: { what: 'prompt' } }],
    },
    {
      name: 'VS Code showInputBox',
      file: 'src/commands/login.ts',
      code: `import * as vscode from 'vscode';\nexport async function login() {\n  const token = await vscode.window.showInputBox({\n    prompt: 'Atlassian API token',\n    password: true,\n    ignoreFocusOut: true,\n  });\n}\n`,
      errors: [{ messageId: 'field', line: 4, data: { what: 'input box' } }],
    },
    {
      name: 'VS Code createInputBox with an assigned prompt',
      file: 'src/commands/token.ts',
      code: `const box = vscode.window.createInputBox();\nbox.password = true;\nbox.prompt = 'Your Confluence personal access token';\n`,
      errors: [{ messageId: 'field', line: 3, data: { what: 'input box' } }],
    },
    {
      name: 'Obsidian setting row: name and placeholder are one finding',
      file: 'src/settings.ts',
      code: `new Setting(containerEl)\n  .setName('Jira API token')\n  .setDesc('Used to sync issues')\n  .addText((text) =>\n    text.setPlaceholder('Enter your Jira API token').setValue(this.plugin.settings.token),\n  );\n`,
      errors: [{ messageId: 'field', line: 2, data: { what: 'settings field' } }],
    },
    {
      name: 'commander option',
      file: 'src/cli.ts',
      code: `import { program } from 'commander';\nprogram\n  .option('--jira-url <url>', 'Jira base URL')\n  .option('--jira-token <token>', 'Jira API token')\n  .parse();\n`,
      errors: [{ messageId: 'field', line: 4, data: { what: 'command-line option' } }],
    },
    {
      name: 'yargs option with a describe object',
      file: 'src/cli.js',
      code: `yargs(process.argv.slice(2))\n  .option('token', { type: 'string', describe: 'Bitbucket app password' })\n  .parse();\n`,
      errors: [{ messageId: 'field', line: 2 }],
    },
    {
      name: 'commander new Option with a name that says Atlassian',
      file: 'src/opts.ts',
      code: `program.addOption(new Option('-t, --atlassian-api-token <value>').env('ATLASSIAN_API_TOKEN'));\n`,
      errors: [{ messageId: 'field', line: 1, data: { label: '"atlassian-api-token"' } }],
    },
    {
      name: 'HTML form inside a template string served by Express',
      file: 'server/routes.ts',
      code: `app.get('/setup', (req, res) => res.send(\`\n  <form method="post">\n    <label>Jira API token</label>\n    <input type="password" name="jira_api_token">\n  </form>\`));\n`,
      errors: [{ messageId: 'field', line: 3 }, { messageId: 'field', line: 4 }],
    },
    {
      name: 'link to the token page in a UI string',
      file: 'src/Help.tsx',
      code: `export const Help = () => (\n  <p>\n    Create a token at <a href="${PAGE}">id.atlassian.com</a>.\n  </p>\n);\n`,
      errors: [{ messageId: 'link', line: 3, data: { url: 'id.atlassian.com/manage-profile/security/api-tokens' } }],
    },
    {
      name: 'link with the legacy path in a setting description',
      file: 'src/settings.js',
      code: `new Setting(el).setName('Token').setDesc('Get one at https://id.atlassian.com/manage/api-tokens');\n`,
      errors: [{ messageId: 'link', line: 1 }],
    },
    {
      name: 'README telling users to create an API token',
      file: 'README.md',
      code: `# Jira Sync\n\n## Setup\n\n1. Create an API token at ${PAGE}\n2. Set \`JIRA_API_TOKEN\` in your shell.\n`,
      errors: [{ messageId: 'link', line: 5 }],
    },
    {
      name: 'link in a locale file',
      file: 'src/locales/en.json',
      code: `{\n  "settings.token.help": "Generate a token at ${PAGE} and paste it here."\n}\n`,
      errors: [{ messageId: 'link', line: 2 }],
    },
  ],
});

describe('no-api-token-collection message', () => {
  it('names the field, the policy and the fix', () => {
    const [f] = analyseFile('src/a.tsx', `export const A = () => <input placeholder="Jira API token" />;\n`, { rules: [rule] }).findings;
    assert.strictEqual(
      f?.message,
      'This form field asks the user for an Atlassian API token ("Jira API token"). Marketplace apps must not collect Atlassian API tokens (policy "Personal access tokens", enforced since 2026-01-01): remove it and let the user authorize the app with OAuth 2.0 (3LO), or build the feature on Forge, where calls run `asUser()`/`asApp()` without a token.',
    );
  });

  it('never parses unrelated files', () => {
    assert.strictEqual(analyseFile('src/b.ts', `export const x = <input name="githubToken" />;\n`, { rules: [rule] }).parsed, false);
  });
});
