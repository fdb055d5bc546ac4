import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-api-token-collection';
import { runRuleTests } from '../../support/rule-tester';

const PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

runRuleTests(rule, {
  valid: [
    // Issue 16, item 15: a yes/no question collects no token (the token field after it is reported).
    {
      name: 'inquirer confirm: "Do you have an Atlassian API token?"',
      file: 'bin/setup.js',
      code: `const inquirer = require('inquirer');\nconst { hasToken } = await inquirer.prompt([\n  { type: 'confirm', name: 'hasToken', message: 'Do you have an Atlassian API token?', default: false },\n]);\n`,
    },
    {
      name: '@inquirer/prompts confirm() and select() about the API token',
      file: 'src/login.ts',
      code: `import { confirm, select } from '@inquirer/prompts';\nconst ok = await confirm({ message: 'Use your saved Jira API token?' });\nconst how = await select({ message: 'Sign in with', choices: [{ name: 'Jira API token', value: 'token' }, { name: 'OAuth', value: 'oauth' }] });\n`,
    },
    {
      name: 'readline yes/no question about the token',
      file: 'scripts/configure.js',
      code: `const readline = require('readline');\nconst rl = readline.createInterface({ input: process.stdin, output: process.stdout });\nrl.question('Keep the Jira API token from last time? (y/N) ', (a) => rl.close());\n`,
    },
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
    // Hard negatives beside the real-code shapes below: same code, another service or no token.
    {
      name: 'MUI TextField "API token" in a component for another service, Jira named elsewhere',
      file: 'src/integrations/TodoistConnect.tsx',
      code: lines(
        `export function TodoistConnect() {`,
        `  return <TextField label="API token" type="password" helperText="From your Todoist settings" />;`,
        `}`,
        `export const JiraIssueLink = ({ issueKey }: { issueKey: string }) => <a href={'/browse/' + issueKey}>{issueKey}</a>;`,
      ),
    },
    {
      name: 'Obsidian row "API token" described as another service\'s, in a Jira plugin',
      file: 'src/settings.ts',
      code: lines(
        `export class JiraSyncSettingTab extends PluginSettingTab {`,
        `  display(): void {`,
        `    new Setting(this.containerEl).setName('API token').setDesc('Your Todoist API token').addText((t) => t.setValue(''));`,
        `  }`,
        `}`,
      ),
    },
    {
      name: 'VS Code extension about Jira whose settings ask for a GitHub token',
      file: 'package.json',
      code: lines(
        `{`,
        `  "name": "jira-branches",`,
        `  "displayName": "Jira Branches",`,
        `  "contributes": {`,
        `    "configuration": {`,
        `      "title": "Jira Branches",`,
        `      "properties": {`,
        `        "jiraBranches.githubToken": { "type": "string", "description": "GitHub personal access token" },`,
        `        "jiraBranches.token": { "type": "string", "description": "GitHub token used to list pull requests" },`,
        `        "jiraBranches.baseUrl": { "type": "string", "description": "Base URL of your Jira site" },`,
        `        "jiraBranches.email": { "type": "string", "description": "The email you use with your Jira API token" },`,
        `        "jiraBranches.useApiToken": { "type": "boolean", "description": "Use a Jira API token" }`,
        `      }`,
        `    }`,
        `  }`,
        `}`,
      ),
    },
    {
      name: 'VS Code extension for another service: a token setting and a Jira word elsewhere',
      file: 'package.json',
      code: lines(
        `{`,
        `  "displayName": "Zendesk Tickets",`,
        `  "keywords": ["jira"],`,
        `  "contributes": { "configuration": [{ "title": "Zendesk", "properties": { "zendesk.apiToken": { "type": "string", "description": "Zendesk API token" } } }] }`,
        `}`,
      ),
    },
    {
      name: 'GitHub Action inputs for GitHub and Slack tokens, and the Jira site',
      file: 'action.yml',
      code: lines(
        `name: Jira release notes`,
        `description: Posts release notes for a Jira version`,
        `inputs:`,
        `  github-token:`,
        `    description: GitHub token`,
        `  slack_token:`,
        `    description: Slack bot token`,
        `  jira_base_url:`,
        `    description: Jira site URL`,
      ),
    },
    {
      name: 'a CI workflow is not an action: its YAML asks nobody',
      file: '.github/workflows/release.yml',
      code: lines(`env:`, `  JIRA_API_TOKEN: \${{ secrets.JIRA_API_TOKEN }}`),
    },
    {
      name: 'Raycast preferences for another service in a package that mentions Jira',
      file: 'package.json',
      code: lines(
        `{`,
        `  "title": "Linear to Jira",`,
        `  "preferences": [{ "name": "linearApiKey", "type": "password", "title": "Linear API key" }, { "name": "jiraSite", "type": "textfield", "title": "Jira site" }]`,
        `}`,
      ),
    },
    {
      name: 'setting rows named for the email, and a button row, that mention the API token',
      file: 'src/settings.ts',
      code: lines(
        `new Setting(containerEl)`,
        `  .setName('Email')`,
        `  .setDesc('The Atlassian account email that goes with your API token')`,
        `  .addText((t) => t.setPlaceholder('you@example.com'));`,
        `new Setting(containerEl)`,
        `  .setName('Switch to API token authentication')`,
        `  .addButton((b) => b.setButtonText('Use API token').onClick(() => this.useToken()));`,
      ),
    },
    {
      name: 'a command-line option for an id whose description mentions API tokens',
      file: 'bin/config.js',
      code: `program.option('--cloud-id <id>', 'Atlassian Cloud ID used with scoped API tokens');\n`,
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
      name: 'a confirm before the token question: only the question that takes the token is reported',
      file: 'bin/init.js',
      code: `const inquirer = require('inquirer');\nconst answers = await inquirer.prompt([\n  { type: 'confirm', name: 'hasToken', message: 'Do you have a Jira API token?' },\n  { type: 'password', name: 'jiraToken', message: 'Paste your Jira API token:', when: (a) => a.hasToken },\n]);\n`,
      errors: [{ messageId: 'field', line: 4, data: { what: 'prompt', label: '"Paste your Jira API token:"' } }],
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
    // Real-code shapes: UI libraries, settings, manifests of extensions and actions.
    {
      name: 'MUI TextField "API token" in a component named for Jira',
      file: 'src/components/Connect.tsx',
      code: lines(
        `export function JiraConnectDialog({ onSave }: { onSave: (v: string) => void }) {`,
        `  return (`,
        `    <Dialog open>`,
        `      <TextField label="API token" type="password" onChange={(e) => onSave(e.target.value)} />`,
        `    </Dialog>`,
        `  );`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 4, data: { what: 'form field', label: '"API token"' } }],
    },
    {
      name: 'Ant Design Form.Item label around Input.Password',
      file: 'src/pages/Settings.tsx',
      code: lines(
        `export const Settings = () => (`,
        `  <Form layout="vertical">`,
        `    <Form.Item label="Jira API Token" name="token">`,
        `      <Input.Password />`,
        `    </Form.Item>`,
        `  </Form>`,
        `);`,
      ),
      errors: [{ messageId: 'field', line: 3, data: { label: '"Jira API Token"' } }],
    },
    {
      name: 'Chakra FormLabel and a password Input, Atlassian named in the helper text next to them',
      file: 'src/Credentials.tsx',
      code: lines(
        `export function Credentials() {`,
        `  return (`,
        `    <FormControl>`,
        `      <FormLabel>API token</FormLabel>`,
        `      <Input type="password" />`,
        `      <FormHelperText>Create one in your Atlassian account settings</FormHelperText>`,
        `    </FormControl>`,
        `  );`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 4, data: { label: '"API token"' } }],
    },
    {
      name: 'Forge UI Kit TextField with a generic label in a Confluence settings component',
      file: 'src/frontend/settings.tsx',
      code: lines(
        `import { Form, TextField } from '@forge/react';`,
        `const ConfluenceSettings = () => (`,
        `  <Form onSubmit={save}>`,
        `    <TextField name="token" label="API token" />`,
        `  </Form>`,
        `);`,
      ),
      errors: [{ messageId: 'field', line: 4, data: { label: '"API token"' } }],
    },
    {
      name: 'plain JSX password input with an Atlassian placeholder',
      file: 'src/login.jsx',
      code: `export const Login = () => <input type="password" name="apiToken" placeholder="Atlassian API token" />;\n`,
      errors: [{ messageId: 'field', line: 1, data: { label: '"apiToken"' } }],
    },
    {
      name: 'Obsidian row named "API token", the description next to it says Atlassian',
      file: 'src/settings.ts',
      code: lines(
        `new Setting(containerEl)`,
        `  .setName('API token')`,
        `  .setDesc('Create one in your Atlassian account security settings')`,
        `  .addText((text) => text.setValue(this.plugin.settings.token));`,
      ),
      errors: [{ messageId: 'field', line: 2, data: { what: 'settings field', label: '"API token"' } }],
    },
    {
      name: 'Obsidian row "API token" in a setting tab class named for Jira',
      file: 'src/settings.ts',
      code: lines(
        `export class JiraSyncSettingTab extends PluginSettingTab {`,
        `  display(): void {`,
        `    new Setting(this.containerEl).setName('API token').addText((t) => t.setValue(''));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 3, data: { label: '"API token"' } }],
    },
    {
      name: 'VS Code password input box asking for the Jira password or API token',
      file: 'src/commands/login.ts',
      code: `const secret = await vscode.window.showInputBox({ password: true, prompt: 'Jira password or API token' });\n`,
      errors: [{ messageId: 'field', line: 1, data: { what: 'input box' } }],
    },
    {
      name: 'VS Code setting for a base64 "email:token" credential (object form)',
      file: 'package.json',
      code: lines(
        `{`,
        `  "name": "ticket-peek",`,
        `  "displayName": "Ticket Peek for JIRA",`,
        `  "contributes": {`,
        `    "configuration": {`,
        `      "title": "Ticket Peek",`,
        `      "properties": {`,
        `        "ticketPeek.siteUrl": { "type": "string", "description": "Base URL of your JIRA site." },`,
        `        "ticketPeek.jiraToken": {`,
        `          "type": "string",`,
        `          "default": "",`,
        `          "description": "Base64 of 'email:api_token' used to authenticate to JIRA."`,
        `        },`,
        `        "ticketPeek.auth": { "type": ["string", "null"], "markdownDescription": "Base64 \`email:token\` pair" }`,
        `      }`,
        `    }`,
        `  }`,
        `}`,
      ),
      errors: [
        { messageId: 'field', line: 9, data: { what: 'VS Code setting', label: '"ticketPeek.jiraToken"' } },
        { messageId: 'field', line: 14, data: { label: '"Base64 `email:token` pair"' } },
      ],
    },
    {
      name: 'VS Code settings (array form): a password for Basic auth in an extension named for Confluence',
      file: 'package.json',
      code: lines(
        `{`,
        `  "displayName": "Confluence Publisher",`,
        `  "contributes": {`,
        `    "configuration": [`,
        `      { "title": "Server", "properties": { "publisher.url": { "type": "string" } } },`,
        `      { "title": "Login", "properties": { "publisher.password": { "type": "string", "description": "Password (sent with Basic auth)" } } }`,
        `    ]`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 6, data: { label: '"publisher.password"' } }],
    },
    {
      name: 'GitHub Action inputs: a Jira token, an Atlassian API token, a described generic token',
      file: 'action.yaml',
      code: lines(
        `name: Transition issues`,
        `description: Moves issues of a release`,
        `inputs:`,
        `  jira_token:`,
        `    required: true`,
        `  atlassian-api-token:`,
        `    required: false`,
        `  token:`,
        `    description: Jira API token of the bot account`,
        `  jira_user_email:`,
        `    description: The email the Jira API token belongs to`,
      ),
      errors: [
        { messageId: 'field', line: 4, data: { what: 'action input', label: '"jira_token"' } },
        { messageId: 'field', line: 6, data: { label: '"atlassian-api-token"' } },
        { messageId: 'field', line: 8, data: { label: '"token"' } },
      ],
    },
    {
      name: 'Raycast preferences of the extension and of a command',
      file: 'package.json',
      code: lines(
        `{`,
        `  "name": "jira-search",`,
        `  "title": "Jira Search",`,
        `  "preferences": [`,
        `    { "name": "siteUrl", "type": "textfield", "title": "Site URL", "required": true },`,
        `    { "name": "apiToken", "type": "password", "title": "API Token", "required": true }`,
        `  ],`,
        `  "commands": [`,
        `    { "name": "pages", "title": "Search Confluence Pages", "preferences": [{ "name": "token", "type": "password", "title": "Token" }] }`,
        `  ]`,
        `}`,
      ),
      errors: [
        { messageId: 'field', line: 6, data: { what: 'Raycast preference', label: '"apiToken"' } },
        { messageId: 'field', line: 9, data: { label: '"token"' } },
      ],
    },
    {
      name: 'link to the token page in an action description',
      file: 'action.yml',
      code: lines(`name: Jira sync`, `description: Needs a token from ${PAGE}`, `runs:`, `  using: node20`),
      errors: [{ messageId: 'link', line: 2 }],
    },
    {
      name: 'VS Code input box whose prompt depends on the deployment',
      file: 'src/commands/token.ts',
      code: lines(
        `const token = await vscode.window.showInputBox({`,
        `  prompt: email ? 'Enter the API token for Jira Cloud' : 'Enter the personal access token for Jira Data Center',`,
        `});`,
      ),
      errors: [{ messageId: 'field', line: 2, data: { what: 'input box' } }],
    },
  ],
});

describe('no-api-token-collection message', () => {
  it('names the field, the policy and the fix', () => {
    const [f] = analyseFile('src/a.tsx', `export const A = () => <input placeholder="Jira API token" />;\n`, { rules: [rule] }).findings;
    assert.strictEqual(f?.message, 'The form field "Jira API token" asks for an Atlassian API token.');
    assert.match(f.detail, /Policy "Personal access tokens": .* \(enforced since 2026-01-01, overdue\)\. Fix: remove it and let the user authorize the app with OAuth 2\.0 \(3LO\), or build the feature on Forge/);
  });

  it('never parses unrelated files', () => {
    assert.strictEqual(analyseFile('src/b.ts', `export const x = <input name="githubToken" />;\n`, { rules: [rule] }).parsed, false);
  });
});
