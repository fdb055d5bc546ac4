import { strict as assert } from 'assert';
import { parseCode } from '../../../server/src/core/engine';
import { extractUsage } from '../../../server/src/core/project/usage';

/** jira.js / confluence.js calls → `via product METHOD path`, the way the scope rules see them. */
function callsOf(code: string): string[] {
  return extractUsage(parseCode('src/jira.ts', code)).calls.map((c) => `${c.via} ${c.product} ${c.method ?? '*'} ${c.path ?? '?'}`);
}

const V3 = "import { Version3Client } from 'jira.js';\nconst client = new Version3Client({ host: 'https://api.atlassian.com/ex/jira/c1', authentication: { oauth2: { accessToken: 't' } } });\n";

interface Case {
  readonly name: string;
  readonly code: string;
  readonly calls: readonly string[];
}

// Methods that were not in the former hand-written 20-row table, on every jira.js client class.
const POSITIVE: readonly Case[] = [
  {
    name: 'Version3Client: issueWorklogs.addWorklog',
    code: `${V3}export const log = (key: string) => client.issueWorklogs.addWorklog({ issueIdOrKey: key, timeSpentSeconds: 60 });\n`,
    calls: ['client-library jira POST /rest/api/3/issue/{issueIdOrKey}/worklog'],
  },
  {
    name: 'Version3Client: projectVersions.createVersion and getVersion (a `${id}` local in jira.js)',
    code: `${V3}export async function release(projectId: number, id: string) {\n  await client.projectVersions.createVersion({ name: '1.0', projectId });\n  return client.projectVersions.getVersion({ id });\n}\n`,
    calls: ['client-library jira POST /rest/api/3/version', 'client-library jira GET /rest/api/3/version/{id}'],
  },
  {
    name: 'Version2Client: the real /rest/api/2 path',
    code: "import { Version2Client } from 'jira.js';\nconst v2 = new Version2Client({ host: 'https://example.atlassian.net' });\nexport const logs = (k: string) => v2.issueWorklogs.getIssueWorklog({ issueIdOrKey: k });\n",
    calls: ['client-library jira GET /rest/api/2/issue/{issueIdOrKey}/worklog'],
  },
  {
    name: 'AgileClient: board.getAllBoards (Jira Software, product jira)',
    code: "import { AgileClient } from 'jira.js';\nconst agile = new AgileClient({ host: 'https://example.atlassian.net' });\nexport const boards = () => agile.board.getAllBoards();\n",
    calls: ['client-library jira GET /rest/agile/1.0/board'],
  },
  {
    name: 'ServiceDeskClient: request.getCustomerRequests, through require()',
    code: "const { ServiceDeskClient } = require('jira.js');\nconst sd = new ServiceDeskClient({ host: 'https://example.atlassian.net' });\nexport const mine = () => sd.request.getCustomerRequests();\n",
    calls: ['client-library jira GET /rest/servicedeskapi/request'],
  },
  {
    name: 'a namespace import and a client passed through a const alias',
    code: "import * as jira from 'jira.js';\nconst base = new jira.Version3Client({ host: 'h' });\nconst c = base;\nexport const fields = () => c.issueFields.getFields();\n",
    calls: ['client-library jira GET /rest/api/3/field'],
  },
  {
    name: 'confluence.js: the hand-written rows, product confluence',
    code: "import { ConfluenceClient } from 'confluence.js';\nconst wiki = new ConfluenceClient({ host: 'h' });\nexport const page = (id: string) => wiki.content.getContentById({ id });\n",
    calls: ['client-library confluence GET /wiki/rest/api/content/{id}'],
  },
];

const NEGATIVE: readonly Case[] = [
  {
    name: 'the same group and method names on an object that is not a jira.js client',
    code: "import type { Config } from 'jira.js';\nexport const cfg: Config = { host: 'h' };\nconst client = { issueWorklogs: { addWorklog: (x: object) => x }, board: { getAllBoards: () => [] } };\nclient.issueWorklogs.addWorklog({});\nclient.board.getAllBoards();\n",
    calls: [],
  },
  {
    name: 'a class of the same name from another module (a local wrapper of jira.js)',
    code: "import { Version3Client } from './jira-wrapper';\nimport type { Config } from 'jira.js';\nconst client = new Version3Client({ host: 'h' } as Config);\nexport const log = () => client.issueWorklogs.addWorklog({ issueIdOrKey: 'A-1' });\n",
    calls: [],
  },
  {
    name: "another client's group: AgileClient's board on a Version3Client, Confluence's content on jira.js",
    code: `${V3}export const a = () => (client as any).board.getAllBoards();\nexport const b = () => (client as any).content.getContent();\n`,
    calls: [],
  },
  {
    name: "an unknown method of a real group, and Object.prototype's names",
    code: `${V3}export const a = () => (client.issues as any).notAMethod();\nexport const b = () => client.issues.hasOwnProperty('getIssue');\nexport const c = () => (client as any).constructor.toString();\n`,
    calls: [],
  },
];

describe('project usage: jira.js / confluence.js client calls', () => {
  for (const c of POSITIVE) {
    it(`counts ${c.name}`, () => assert.deepEqual(callsOf(c.code), c.calls));
  }
  for (const c of NEGATIVE) {
    it(`ignores ${c.name}`, () => assert.deepEqual(callsOf(c.code), c.calls));
  }

  it('the call range covers the callee and its first argument', () => {
    const code = `${V3}export const log = () => client.issueWorklogs.addWorklog({ issueIdOrKey: 'A-1' });\n`;
    const [call] = extractUsage(parseCode('src/jira.ts', code)).calls;
    assert.ok(call);
    assert.equal(code.slice(call.range.start, call.range.end), "client.issueWorklogs.addWorklog({ issueIdOrKey: 'A-1' }");
  });
});
