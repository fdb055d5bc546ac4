import type { Finding } from '../model';
import { markdownCode as code } from './escape';

/**
 * The "Next steps" checklist of the migration report: what is left to do outside the code once the
 * fixes are applied (register the 3LO app, set its variables, deploy, revoke and rotate), one group per
 * kind of fix the audit found. The fixes' notes say the same in the editor, but a toast is gone in
 * seconds; the report is where the steps stay.
 */
export interface NextStepsInput {
  readonly findings: readonly Finding[];
  /** Whether a finding's file is Forge code. */
  readonly forge: (f: Finding) => boolean;
  /** The OAuth scopes the API-token calls need (3LO apps add `offline_access`). */
  readonly scopes: readonly string[];
}

const TOKEN_CALL_RULES = new Set(['no-api-token-basic-auth', 'no-api-token-client', 'no-direct-product-fetch']);
const TOKEN_HANDLING_RULES = new Set(['no-api-token-collection', 'no-api-token-storage']);
const SCOPE_RULES = new Set(['missing-scope', 'no-unused-scope', 'no-broad-scope', 'no-unknown-scope', 'no-wildcard-egress', 'no-insecure-egress']);

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Markdown lines (a heading, then a bold label and `- [ ]` items per kind), or none when no finding calls for a step outside the code. */
export function nextSteps(input: NextStepsInput): string[] {
  const of = (test: (f: Finding) => boolean): Finding[] => input.findings.filter(test);
  const tokenCalls = of((f) => TOKEN_CALL_RULES.has(f.ruleId));
  const threeLo = tokenCalls.filter((f) => !input.forge(f));
  const forge = tokenCalls.filter((f) => input.forge(f));
  const literals = of((f) => f.ruleId === 'no-api-token-literal');
  const handling = of((f) => TOKEN_HANDLING_RULES.has(f.ruleId));
  const customerApps = of((f) => f.ruleId === 'no-customer-oauth-app');
  const secrets = of((f) => f.ruleId === 'no-hardcoded-client-secret' || f.ruleId === 'no-client-secret-in-frontend');
  const keys = of((f) => f.ruleId === 'no-hardcoded-signing-key');
  const plaintext = of((f) => f.ruleId === 'no-plaintext-secret-storage');
  const scopes = of((f) => SCOPE_RULES.has(f.ruleId) && input.forge(f));
  const redirects = of((f) => f.ruleId === 'redirect-uri-insecure' || f.ruleId === 'redirect-uri-untrusted-host');

  const groups: Array<[string, string[]]> = [];
  if (threeLo.length > 0 || customerApps.length > 0) {
    const scopeList = [...input.scopes, 'offline_access'].map(code).join(', ');
    groups.push([`OAuth 2.0 (3LO) migration (${count(threeLo.length + customerApps.length, 'finding')})`, [
      `Register one OAuth 2.0 (3LO) app, yours, in the Atlassian developer console (customers only consent to it), with the scopes ${scopeList} and an https callback URL on your domain.`,
      `Set ${code('ATLASSIAN_CLIENT_ID')}, ${code('ATLASSIAN_CLIENT_SECRET')} and ${code('ATLASSIAN_REDIRECT_URI')} in your server's environment (never in code or in ${code('.env.example')} values).`,
      'Give the generated OAuth helper a token store backed by your database, and send each customer through the authorization once.',
      `Remove the API-token variables (such as ${code('JIRA_API_TOKEN')}) from your deployments once no code reads them.`,
      'Revoke the API tokens the old setup used, and tell customers to revoke any token they gave you.',
    ]]);
  }
  if (forge.length > 0 || scopes.length > 0) {
    groups.push([`Forge (${count(forge.length + scopes.length, 'finding')})`, [
      `Run ${code('forge deploy')}, then ${code('forge install --upgrade')} so each site grants the changed scopes.`,
      ...(forge.length > 0 ? ['Revoke the API tokens the old calls used.'] : []),
    ]]);
  }
  if (literals.length > 0) {
    groups.push([`API tokens in the code (${count(literals.length, 'finding')})`, [
      'Revoke every token found, at id.atlassian.com (Bitbucket app passwords in Bitbucket settings): it stays in the repository history.',
    ]]);
  }
  if (handling.length > 0) {
    groups.push([`API tokens asked for or stored (${count(handling.length, 'finding')})`, [
      'Delete the tokens already stored, and tell users to revoke the tokens they entered.',
    ]]);
  }
  if (secrets.length > 0) {
    groups.push([`Client secrets (${count(secrets.length, 'finding')})`, [
      'Rotate each exposed client secret where it was issued (an Atlassian 3LO secret in the developer console, a GitHub or other provider\'s secret in that provider\'s app settings).',
      `Set the new value in the environment or as a Forge encrypted variable (${code('forge variables set --encrypt')}), never in code.`,
    ]]);
  }
  if (keys.length > 0) {
    groups.push([`Signing keys and webhook tokens (${count(keys.length, 'finding')})`, [
      'Replace each exposed key or token with a new one wherever it is set and checked, and set it in the environment.',
    ]]);
  }
  if (plaintext.length > 0) {
    groups.push([`Secrets in plain storage (${count(plaintext.length, 'finding')})`, [
      `Migrate values already stored with ${code('kvs.set')} once to ${code('kvs.setSecret')}, then delete the plain copies.`,
    ]]);
  }
  if (redirects.length > 0) {
    groups.push([`Redirect URIs (${count(redirects.length, 'finding')})`, [
      'Update the callback URL registered in the developer console to the new https URI on your domain, and remove the old one.',
    ]]);
  }
  if (groups.length === 0) return [];
  const out = ['## Next steps', '', 'What is left outside the code once the fixes are applied:', ''];
  for (const [title, steps] of groups) {
    // Bold labels, not headings: the report's `###` headings are its policy areas.
    out.push(`**${title}**`, '');
    for (const s of steps) out.push(`- [ ] ${s}`);
    out.push('');
  }
  return out;
}
