import * as assert from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import rule from '../../../server/src/core/rules/code/no-customer-oauth-app';
import { runRuleTests } from '../../support/rule-tester';

const MYAPPS = 'https://developer.atlassian.com/console/myapps/';
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** A customer-facing setup guide: the same steps appear in the hard negatives under other headings and files. */
const createSteps = (heading: string): string =>
  lines(
    `# Jira Sync`,
    ``,
    heading,
    ``,
    `1. Go to ${MYAPPS}`,
    `2. Create a new **OAuth 2.0 (3LO)** integration and add the \`read:jira-work\` scope.`,
    `3. Set the callback URL to \`https://sync.example.com/callback\`.`,
    `4. Copy the **Client ID** and **Secret** into Settings → Jira.`,
  );

runRuleTests(rule, {
  valid: [
    {
      name: "the partner's own server reads its one app's secret from the environment",
      file: 'src/server/oauth.ts',
      code: lines(
        `const clientId = process.env.ATLASSIAN_CLIENT_ID;`,
        `const clientSecret = process.env.ATLASSIAN_CLIENT_SECRET;`,
        `export async function exchange(code: string): Promise<Response> {`,
        `  return fetch('https://auth.atlassian.com/oauth/token', {`,
        `    method: 'POST',`,
        `    headers: { 'Content-Type': 'application/json' },`,
        `    body: JSON.stringify({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code }),`,
        `  });`,
        `}`,
      ),
    },
    {
      name: 'a start-up error telling the operator which environment variable to set',
      file: 'src/server/config.ts',
      code: lines(
        `if (!process.env.ATLASSIAN_CLIENT_SECRET) {`,
        `  throw new Error('ATLASSIAN_CLIENT_SECRET is not set: create an OAuth 2.0 app at ${MYAPPS}');`,
        `}`,
      ),
    },
    { name: 'CONTRIBUTING.md: register a development app', file: 'CONTRIBUTING.md', code: createSteps('## Running the app') },
    { name: 'README "Development setup" section', file: 'README.md', code: createSteps('## Development setup') },
    { name: 'README "Running locally" section', file: 'README.md', code: createSteps('### Running locally') },
    { name: 'docs/dev/: internal developer docs', file: 'docs/dev/oauth.md', code: createSteps('## OAuth app') },
    { name: "deploying the partner's own service", file: 'README.md', code: createSteps('## Deploying to production') },
    {
      name: 'steps inside a code block are not headings',
      file: 'docs/setup.md',
      code: lines(`## Contributing`, ``, '```bash', `# Setup`, '```', ``, `Create an OAuth 2.0 app at ${MYAPPS} and copy the client secret.`),
    },
    {
      name: 'the Forge install link customers use to install the shared app',
      file: 'README.md',
      code: lines(`## Install`, ``, `Create your board: [install the app](https://developer.atlassian.com/console/install/0c9d1f2e?signature=abc123) and grant the OAuth consent.`),
    },
    {
      name: 'guidance for the partner to register its one app (nothing handed over)',
      file: 'docs/migration.md',
      code: lines(`## Fix`, ``, `1. Register an OAuth 2.0 (3LO) app in the Atlassian developer console with the scopes your calls need.`, `2. Send users through the authorization-code flow.`),
    },
    {
      name: 'updating the callback of the existing app (no new app)',
      file: 'docs/callback.md',
      code: lines(`## OAuth callback`, ``, `1. Go to ${MYAPPS}`, `2. Select your app`, `3. Update the **Authorization callback URL**`),
    },
    {
      name: 'registering a Forge app (an app id, no OAuth credentials)',
      file: 'docs/company.md',
      code: lines(`## Company site`, ``, `Or manually create at: ${MYAPPS}`, `1. Click "Create" > "Custom app"`, `2. Copy the app ID into manifest.yml`),
    },
    {
      name: 'GitHub OAuth app fields in a Jira integration',
      file: 'src/settings/GithubConnect.tsx',
      code: lines(
        `const site = 'https://acme.atlassian.net';`,
        `export const GithubConnect = () => (`,
        `  <form>`,
        `    <TextField label="GitHub OAuth client ID" name="githubClientId" />`,
        `    <TextField label="GitHub OAuth client secret" name="githubClientSecret" type="password" />`,
        `  </form>`,
        `);`,
      ),
    },
    {
      name: 'Google client id and secret rows in a Jira plugin',
      file: 'src/settings.ts',
      code: lines(
        `export class JiraCalendarSettingTab extends PluginSettingTab {`,
        `  display(): void {`,
        `    new Setting(this.containerEl).setName('Client ID').setDesc('From your Google Cloud project').addText((t) => t);`,
        `    new Setting(this.containerEl).setName('Client secret').setDesc('From your Google Cloud project').addText((t) => t);`,
        `  }`,
        `}`,
      ),
    },
    {
      name: 'Slack client id/secret VS Code settings in a Jira extension',
      file: 'package.json',
      code: lines(
        `{`,
        `  "displayName": "Jira Notifier",`,
        `  "contributes": { "configuration": { "properties": {`,
        `    "jiraNotifier.slack.clientId": { "type": "string", "description": "Slack app client ID" },`,
        `    "jiraNotifier.slack.clientSecret": { "type": "string", "description": "Slack app client secret" }`,
        `  } } }`,
        `}`,
      ),
    },
    {
      name: 'action inputs for a GitHub App',
      file: 'action.yml',
      code: lines(`name: Jira transition`, `inputs:`, `  github-client-id:`, `    description: GitHub App client id`, `  github-client-secret:`, `    description: GitHub App client secret`),
    },
    {
      name: 'a "Client secret" field in a file that is not about Atlassian',
      file: 'src/Integrations.tsx',
      code: lines(`export const Integrations = () => (`, `  <>`, `    <TextField label="Client ID" />`, `    <TextField label="Client secret" type="password" />`, `  </>`, `);`),
    },
    {
      name: 'only a client id field (no secret) in a Jira file',
      file: 'src/JiraSite.tsx',
      code: lines(`export const JiraSite = () => <TextField label="OAuth client ID" name="clientId" />;`),
    },
    {
      name: 'an error toast about the secret',
      file: 'src/jira/notify.ts',
      code: lines(`import * as vscode from 'vscode';`, `vscode.window.showErrorMessage('Jira client secret is invalid or expired');`, `const clientId = 'x';`),
    },
    {
      name: 'a developer comment with the console link',
      file: 'src/oauth.ts',
      code: lines(`// Create the OAuth 2.0 app at ${MYAPPS} and put its client secret in the vault.`, `export const authorize = 'https://auth.atlassian.com/authorize';`),
    },
    {
      name: 'test files stay quiet',
      file: 'src/__tests__/Settings.test.tsx',
      code: lines(`render(<TextField label="Jira OAuth client ID" />);`, `render(<TextField label="Jira OAuth client secret" />);`),
    },
    {
      name: 'a Connect button (the compliant flow)',
      file: 'src/JiraConnect.tsx',
      code: lines(`export const JiraConnect = () => <Button href="https://auth.atlassian.com/authorize?client_id=abc">Connect to Jira</Button>;`),
    },
  ],
  invalid: [
    {
      name: 'a settings page asking for a client id and secret (MUI TextField)',
      file: 'src/JiraOAuthSettings.tsx',
      code: lines(
        `export function JiraOAuthSettings() {`,
        `  return (`,
        `    <form>`,
        `      <TextField label="Client ID" name="clientId" />`,
        `      <TextField label="Client secret" name="clientSecret" type="password" />`,
        `    </form>`,
        `  );`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 5, data: { what: 'form field', label: '"Client secret"' } }],
    },
    {
      name: 'a <label htmlFor> and its input are one finding, in a file that calls auth.atlassian.com',
      file: 'web/connect.tsx',
      code: lines(
        `const TOKEN_URL = 'https://auth.atlassian.com/oauth/token';`,
        `export const Connect = () => (`,
        `  <div>`,
        `    <label htmlFor="cid">Client ID</label>`,
        `    <input id="cid" name="cid" />`,
        `    <label htmlFor="secret">Client secret</label>`,
        `    <input id="secret" type="password" placeholder="Paste the secret of your OAuth app" />`,
        `  </div>`,
        `);`,
      ),
      errors: [{ messageId: 'field', line: 6 }],
    },
    {
      name: 'Ant Design Form.Item naming Jira: no client id field needed',
      file: 'src/admin/Credentials.tsx',
      code: lines(`export const Credentials = () => (`, `  <Form.Item label="Jira OAuth client secret" name="jiraClientSecret"><Input.Password /></Form.Item>`, `);`),
      errors: [{ messageId: 'field', line: 2, data: { label: '"Jira OAuth client secret"' } }],
    },
    {
      name: 'Obsidian setting rows',
      file: 'src/settings.ts',
      code: lines(
        `export class JiraSyncSettingTab extends PluginSettingTab {`,
        `  display(): void {`,
        `    new Setting(this.containerEl).setName('Client ID').setDesc('From your Atlassian OAuth 2.0 app').addText((t) => t.onChange(save));`,
        `    new Setting(this.containerEl)`,
        `      .setName('Client secret')`,
        `      .addText((t) => t.setPlaceholder('Secret of your app').onChange(save));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 5, data: { what: 'settings field' } }],
    },
    {
      name: 'VS Code settings in package.json',
      file: 'package.json',
      code: lines(
        `{`,
        `  "displayName": "Jira Lens",`,
        `  "contributes": { "configuration": { "title": "Jira Lens", "properties": {`,
        `    "jiraLens.oauth.clientId": { "type": "string", "description": "Client ID of your OAuth 2.0 (3LO) app" },`,
        `    "jiraLens.oauth.clientSecret": { "type": "string", "description": "Its client secret" },`,
        `    "jiraLens.oauth.enabled": { "type": "boolean" }`,
        `  } } }`,
        `}`,
      ),
      errors: [{ messageId: 'field', line: 5, data: { what: 'VS Code setting', label: '"jiraLens.oauth.clientSecret"' } }],
    },
    {
      name: 'GitHub Action inputs',
      file: 'action.yml',
      code: lines(
        `name: Confluence publish`,
        `description: Publishes Markdown to Confluence Cloud`,
        `inputs:`,
        `  client-id:`,
        `    description: OAuth client id`,
        `  client-secret:`,
        `    description: OAuth client secret`,
      ),
      errors: [{ messageId: 'field', line: 6, data: { what: 'action input', label: '"client-secret"' } }],
    },
    {
      name: 'inquirer prompts',
      file: 'src/cli/init.ts',
      code: lines(
        `import inquirer from 'inquirer';`,
        `const answers = await inquirer.prompt([`,
        `  { type: 'input', name: 'clientId', message: 'Atlassian OAuth client ID:' },`,
        `  { type: 'password', name: 'clientSecret', message: 'Atlassian OAuth client secret:' },`,
        `]);`,
      ),
      errors: [{ messageId: 'field', line: 4, data: { what: 'prompt' } }],
    },
    {
      name: 'commander options',
      file: 'src/cli.ts',
      code: lines(
        `program`,
        `  .option('--client-id <id>', 'Client ID of your Jira OAuth app')`,
        `  .option('--client-secret <secret>', 'Client secret of your Jira OAuth app');`,
      ),
      errors: [{ messageId: 'field', line: 3, data: { what: 'command-line option' } }],
    },
    {
      name: 'VS Code input box',
      file: 'src/commands/signIn.ts',
      code: lines(`const secret = await vscode.window.showInputBox({ prompt: 'Client secret of your Atlassian 3LO app', password: true });`),
      errors: [{ messageId: 'field', line: 1, data: { what: 'input box' } }],
    },
    {
      name: 'an HTML form written in a template by a Jira server',
      file: 'src/routes/setup.ts',
      code: lines(
        `const base = 'https://api.atlassian.com/ex/jira';`,
        `app.get('/setup', (_req, res) => res.send(\`<form method="post">`,
        `  <input name="client_id" placeholder="Client ID">`,
        `  <input name="client_secret" type="password" placeholder="Client secret">`,
        `</form>\`));`,
      ),
      errors: [{ messageId: 'field', line: 4, data: { what: 'form field' } }],
    },
    { name: 'README setup guide for customers', file: 'README.md', code: createSteps('## Setup'), errors: [{ messageId: 'console', line: 5, data: { where: 'developer.atlassian.com/console/myapps' } }] },
    {
      name: 'self-hosting guide (the customer deploys)',
      file: 'docs/self-hosting.md',
      code: createSteps('## Self-hosted deployment'),
      errors: [{ messageId: 'console', line: 5 }],
    },
    {
      name: 'the console named without a link',
      file: 'docs/getting-started.rst',
      code: lines(`Getting started`, `===============`, ``, `Create a new OAuth 2.0 (3LO) app in the Atlassian developer console and enter its client ID and secret under Settings.`),
      errors: [{ messageId: 'console', line: 4, data: { where: 'Atlassian developer console' } }],
    },
    {
      name: 'a link in the settings page, beside the fields',
      file: 'src/JiraSetup.tsx',
      code: lines(
        `export const JiraSetup = () => (`,
        `  <div>`,
        `    <p>Create an OAuth 2.0 app at <a href="${MYAPPS}">the developer console</a>, then paste its credentials.</p>`,
        `    <TextField label="Client ID" />`,
        `    <TextField label="Client secret" type="password" />`,
        `  </div>`,
        `);`,
      ),
      errors: [
        { messageId: 'console', line: 3 },
        { messageId: 'field', line: 5 },
      ],
    },
    {
      name: 'a CLI printing the steps',
      file: 'src/cli/help.ts',
      code: lines(`console.log('To connect Jira, create an OAuth 2.0 (3LO) app at ${MYAPPS} and copy its client ID and secret here.');`),
      errors: [{ messageId: 'console', line: 1 }],
    },
  ],
});

describe('no-customer-oauth-app message', () => {
  it('names the field, quotes the guidance and gives the fix', () => {
    const code = `export const JiraForm = () => <><TextField label="Client ID" />\n<TextField label="Client secret" /></>;\n`;
    const [f] = analyseFile('src/JiraForm.tsx', code, { rules: [rule] }).findings;
    assert.strictEqual(f?.message, 'The form field "Client secret" asks for the client secret of a customer-made OAuth app.');
    assert.match(f.detail, /^The form field: "Client secret"\. Atlassian's guidance: "Apps that collect API tokens or instruct customers to create individual 3LO apps don't comply"\. Policy "Personal access tokens"/);
    assert.match(f.detail, /Fix: register one distributable OAuth 2\.0 \(3LO\) app that you own and let each customer authorize it, or build on Forge\.$/);
    assert.strictEqual(f?.category, 'api-tokens');
    assert.strictEqual(f?.severity, 'error');
  });

  it('never parses code that mentions no OAuth credential or console', () => {
    assert.strictEqual(analyseFile('src/b.tsx', `export const x = <input name="jiraIssueKey" />;\n`, { rules: [rule] }).parsed, false);
  });
});
