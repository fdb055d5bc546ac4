import { ATLASSIAN_WORD } from '../knowledge/atlassian';
import type { Range } from '../model';
import { ATLASSIAN_TEXT } from './atlassian-place';
import { isGenericCredentialName, otherService } from './credential-values';
import { OTHER_VALUE_NAME } from './fields';
import { describesApiToken, isApiTokenName } from './names';

/**
 * Inputs a package declares for its users to fill in, read from configuration files rather than
 * code: VS Code `contributes.configuration` settings and Raycast preferences (`package.json`), GitHub
 * Action `inputs` (`action.yml`). Each asks a person for a value; the collection rule decides whether
 * that value is an Atlassian API token (or the account password Basic auth takes in its place).
 */

export type InputKind = 'VS Code setting' | 'Raycast preference' | 'action input';

export interface DeclaredInput {
  readonly kind: InputKind;
  /** The setting key, preference name or input id: `ticketPeek.jiraToken`. */
  readonly name: string;
  /** What the user reads: title, description, markdownDescription, placeholder. */
  readonly texts: readonly string[];
  /** Where a finding goes: the key that declares the input. */
  readonly range: Range;
  /** Names and descriptions of what declares it: the extension, the configuration section, the action. */
  readonly owner: readonly string[];
}

/** A Basic credential spelled out: "email:token", "user:api_token", base64 of either. */
const BASIC_SHAPE = /\b(?:e-?mail|user(?:name)?|login)\s*:\s*(?:api[\s_-]?)?(?:token|password)\b|basic[\s-]auth/i;
const PASSWORD_TEXT = /\bpass(?:word|wd)\b/i;

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * What of an input says it asks for an Atlassian API token, quoted in the finding (the name or the
 * text), or undefined. Atlassian context comes from the key's prefix (`jira.`), the texts, or the
 * declaring extension or action ("Ticket Peek for Jira"); another service's name or an OAuth word in the
 * input's own name or text (`githubToken`, "GitHub token used for PRs") rules it out.
 */
export function asksForApiToken(input: DeclaredInput): string | undefined {
  const last = lastSegment(input.name);
  if (otherService(last) || input.texts.some(otherService)) return undefined;
  const prefix = input.name.slice(0, Math.max(0, input.name.length - last.length - 1));
  const context = ATLASSIAN_WORD.test(prefix) || [...input.texts, ...input.owner].some((t) => ATLASSIAN_TEXT.test(t));
  if (isApiTokenName(last, context) || (context && isGenericCredentialName(last))) return input.name;
  if (OTHER_VALUE_NAME.test(last)) return undefined;
  return input.texts.find((t) => describesApiToken(t, context) || (context && (BASIC_SHAPE.test(t) || PASSWORD_TEXT.test(t))));
}
