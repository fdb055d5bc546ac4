/**
 * What to do with a secret once a fix moved it out of the code: the committed value is exposed, so it
 * must be replaced where it was issued. Each note names the place that is true for the secret at hand:
 * Atlassian's developer console only for an Atlassian 3LO secret, the other provider for GitHub's,
 * Google's and so on, and no console at all for a key the app itself generated.
 */
import { OTHER_VENDOR } from './names';

/** How vendor words found in a name are written for people. */
const VENDOR_NAMES: Readonly<Record<string, string>> = {
  github: 'GitHub', gitlab: 'GitLab', openai: 'OpenAI', aws: 'AWS', hubspot: 'HubSpot', pagerduty: 'PagerDuty',
  clickup: 'ClickUp', sendgrid: 'SendGrid', deepseek: 'DeepSeek', hugging: 'Hugging Face', npm: 'npm', gpt: 'OpenAI',
};

/** Atlassian 3LO secrets start with `ATOA`; names that say Atlassian, Jira or Confluence mean its console. */
const ATLASSIAN_NAME = /atlassian|jira|confluence|forge/i;
/** GitHub's `gh` prefix (`gh_client_secret`, `ghClientSecret`). */
const GITHUB_PREFIX = /(?:^|[_.-])gh[_.-]|^gh(?=[A-Z])/;

const EXPOSED = 'the committed value has been exposed.';

/** The provider a client secret's name or value names: 'Atlassian', another vendor, or undefined. */
export function secretIssuer(name: string | undefined, value: string): string | undefined {
  if (/^ATOA/.test(value)) return 'Atlassian';
  if (name === undefined) return undefined;
  const vendor = OTHER_VENDOR.exec(name)?.[0];
  if (vendor) {
    const lower = vendor.toLowerCase();
    return VENDOR_NAMES[lower] ?? lower.charAt(0).toUpperCase() + lower.slice(1);
  }
  if (GITHUB_PREFIX.test(name)) return 'GitHub';
  return ATLASSIAN_NAME.test(name) ? 'Atlassian' : undefined;
}

/** The note after a client secret left the code: rotate it where it was issued. */
export function clientSecretRotation(name: string | undefined, value: string): string {
  const issuer = secretIssuer(name, value);
  if (issuer === 'Atlassian') return `Rotate the client secret in the Atlassian developer console: ${EXPOSED}`;
  if (issuer) return `Rotate the client secret in your ${issuer} OAuth app's settings: ${EXPOSED}`;
  return `Rotate the client secret with the provider that issued it: ${EXPOSED}`;
}

/** The note after a signing key or webhook token left the code: the app makes a new one itself. */
export function keyRotation(kind: 'signing key' | 'webhook token'): string {
  return `Replace the ${kind} with a new one wherever it is set or checked: ${EXPOSED}`;
}
