import { ATLASSIAN_WORD } from '../knowledge/atlassian';
import { ATLASSIAN_TEXT } from './atlassian-place';
import type { DeclaredInput } from './declared-inputs';
import { OTHER_VENDOR } from './names';

/**
 * Asks for the credentials of an OAuth 2.0 (3LO) app: a field, prompt, setting or input named or
 * labelled "client id" or "client secret". Atlassian's guidance for third-party apps: "Apps that
 * collect API tokens or instruct customers to create individual 3LO apps don't comply". A customer
 * can only type in a client id and secret of an app they created themselves, so the ask is the
 * instruction. Whether the app is Atlassian's is decided by the caller from the place.
 */

export type OAuthPart = 'id' | 'secret';

const SECRET_TEXT = /\bclient[\s_-]?secrets?\b|\boauth(?:[\s_-]?2(?:\.0)?)?[\s_-]?(?:app[\s_-]?)?secrets?\b|\b3LO[\s_-]?(?:app[\s_-]?)?secrets?\b/i;
const ID_TEXT = /\bclient[\s_-]?ids?\b|\boauth(?:[\s_-]?2(?:\.0)?)?[\s_-]?(?:app[\s_-]?|client[\s_-]?)?ids?\b|\b3LO[\s_-]?(?:app[\s_-]?)?ids?\b/i;
const SECRET_NAME = /client[_-]?secret|oauth[_-]?secret/i;
const ID_NAME = /client[_-]?id(?![a-z])|oauth[_-]?(?:client[_-]?)?id(?![a-z])/i;
/** Names that mention the credential but hold something else: flags, labels, errors, lengths. */
const NOT_A_VALUE_NAME = /^(?:has|is|show|should|use|enable|disable|toggle)(?:[A-Z_-]|$)|(?:label|placeholder|hint|help|error|message|visible|length|valid|set|present|configured|expir\w*|url|uri)$/i;
/** Text about the credential that does not ask for it. */
const NOT_A_REQUEST = /invalid|expired|failed|missing|rotat|revok|removed|not set|no longer|deprecated|incorrect|wrong|unauthori[sz]ed/i;
/** Words that make an ask Atlassian's by itself. */
const ATLASSIAN_ASK = /atlassian|jira|confluence|bitbucket|\b3LO\b/i;

function lastSegment(name: string): string {
  const parts = name.split(/[.:/[\]]+/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? name;
}

/** Which half of an OAuth app's credentials a field's name asks for: `clientSecret`, `jira.oauth.clientId`, `--client-id`. */
export function oauthPartOfName(name: string): OAuthPart | undefined {
  if (name.length === 0 || name.length > 120) return undefined;
  const last = lastSegment(name);
  if (NOT_A_VALUE_NAME.test(last)) return undefined;
  if (SECRET_NAME.test(last)) return 'secret';
  if (ID_NAME.test(last)) return 'id';
  return undefined;
}

/** Which half a label, placeholder, prompt or description asks for: "OAuth client secret", "Client ID". */
export function oauthPartOfText(text: string): OAuthPart | undefined {
  if (text.length === 0 || text.length > 300 || NOT_A_REQUEST.test(text)) return undefined;
  // "Client ID and secret" in one label: the secret is what matters.
  if (SECRET_TEXT.test(text) || (ID_TEXT.test(text) && /\bsecret\b/i.test(text))) return 'secret';
  if (ID_TEXT.test(text)) return 'id';
  return undefined;
}

/** Another provider's OAuth app ("GitHub OAuth client secret", `googleClientId`), unless Atlassian is named too. */
export function otherProvider(text: string): boolean {
  return OTHER_VENDOR.test(text) && !ATLASSIAN_TEXT.test(text);
}

/** Whether a label or name says the app is Atlassian's by itself ("Jira OAuth client secret", `atlassianClientId`). */
export function namesAtlassian(value: string, role: 'text' | 'name'): boolean {
  return role === 'text' ? ATLASSIAN_ASK.test(value) : ATLASSIAN_WORD.test(value) || /3lo/i.test(value);
}

/** Text that shows a file is about Atlassian OAuth: its authorize/token endpoints, the API gateway, the console. */
const ATLASSIAN_OAUTH_FILE = /auth\.atlassian\.com|api\.atlassian\.com|developer\.atlassian\.com|atlassian\.net|accessible-resources/i;

export function isAtlassianOAuthFile(text: string): boolean {
  return ATLASSIAN_OAUTH_FILE.test(text);
}

export interface DeclaredAsk {
  readonly input: DeclaredInput;
  readonly part: OAuthPart;
  /** What the finding quotes: the key or the text that asks. */
  readonly label: string;
  /** The input's own name or texts say Atlassian (not only the extension or action around it). */
  readonly ownAtlassian: boolean;
}

/**
 * A declared input (VS Code setting, Raycast preference, action input) that asks for an Atlassian
 * OAuth app's client id or secret. Context comes from the key's prefix, the texts, or the declaring
 * extension or action; another provider in the input's own name or texts rules it out.
 */
export function declaredOAuthAsk(input: DeclaredInput): DeclaredAsk | undefined {
  const own = [input.name, ...input.texts];
  if (own.some(otherProvider)) return undefined;
  const byName = oauthPartOfName(input.name);
  const byText = input.texts.map((t) => oauthPartOfText(t)).find((p) => p !== undefined);
  const part = byName === 'secret' || byText === 'secret' ? 'secret' : byName ?? byText;
  if (!part) return undefined;
  const ownAtlassian = ATLASSIAN_WORD.test(input.name) || input.texts.some((t) => ATLASSIAN_ASK.test(t));
  if (!ownAtlassian && !input.owner.some((t) => ATLASSIAN_TEXT.test(t))) return undefined;
  const label = byName !== undefined ? input.name : input.texts.find((t) => oauthPartOfText(t) !== undefined) ?? input.name;
  return { input, part, label, ownAtlassian };
}
