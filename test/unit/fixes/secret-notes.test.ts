import { strict as assert } from 'assert';
import { analyseFile } from '../../../server/src/core/engine';
import { fakeClientSecret, randomAlnum } from '../../support/secrets';

/**
 * The note a user reads after moving a secret out of the code says where to replace it, and that place
 * is true for the secret at hand: Atlassian's console only for an Atlassian secret.
 */
function notes(file: string, code: string, ruleId: string, forge = false): string[] {
  const { findings } = analyseFile(file, code, { forgeRoots: new Set(forge ? [''] : []) });
  const ours = findings.filter((f) => f.ruleId === ruleId);
  assert.ok(ours.length > 0, `no ${ruleId} finding in ${file}`);
  const out = ours.flatMap((f) => f.fixes.map((x) => x.note ?? ''));
  assert.ok(out.length > 0, `no fix for ${ruleId} in ${file}`);
  return out;
}

const githubSecret = randomAlnum(40).toLowerCase();

describe('fix notes say where the moved secret is rotated', () => {
  it('a GitHub client secret: rotated in the GitHub OAuth app, never in the Atlassian console', () => {
    for (const note of notes('src/github.ts', `export const githubClientSecret = '${githubSecret}';\n`, 'no-hardcoded-client-secret')) {
      assert.doesNotMatch(note, /Atlassian/);
      assert.match(note, /GitHub OAuth app/);
    }
  });

  it('a GitHub client secret in .env: the same', () => {
    for (const note of notes('.env', `GITHUB_CLIENT_SECRET=${githubSecret}\n`, 'no-hardcoded-client-secret')) {
      assert.doesNotMatch(note, /Atlassian/);
      assert.match(note, /GitHub OAuth app/);
    }
  });

  it('an Atlassian 3LO secret (ATOA…): the Atlassian developer console, in Forge and other code', () => {
    const code = `export const clientSecret = '${fakeClientSecret()}';\n`;
    for (const forge of [false, true]) {
      for (const note of notes('src/oauth.ts', code, 'no-hardcoded-client-secret', forge)) assert.match(note, /Rotate the client secret in the Atlassian developer console/);
    }
  });

  it('a client secret of an unnamed provider: the provider that issued it, no console guessed', () => {
    for (const note of notes('src/auth.ts', `export const oauth = { clientSecret: '${githubSecret}' };\n`, 'no-hardcoded-client-secret')) {
      assert.doesNotMatch(note, /Atlassian/);
      assert.match(note, /provider that issued it/);
    }
  });

  it('a signing key the app made itself: replaced, not rotated in any console', () => {
    const code = `import * as crypto from 'crypto';\nexport const mac = (body: string) => crypto.createHmac('sha256', '${randomAlnum(32)}').update(body).digest('hex');\n`;
    for (const note of notes('src/sign.ts', code, 'no-hardcoded-signing-key')) {
      assert.doesNotMatch(note, /console|client secret/);
      assert.match(note, /signing key/);
    }
  });
});
