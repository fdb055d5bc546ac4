import { ATLASSIAN_WORD, isAtlassianTokenName, OAUTH_TOKEN_WORD } from '../knowledge/atlassian';

/**
 * Name and label heuristics for the API-token collection and storage rules. An Atlassian API token
 * is recognised either by a name that says so (`jiraApiToken`, `JIRA_TOKEN`, "Jira API token") or,
 * in a file that is clearly about Atlassian, by a generic one (`apiToken`, "API token").
 */

/** Text that shows a file talks to Atlassian: site hosts, the API gateway, client libraries, REST paths. */
const ATLASSIAN_FILE =
  /atlassian\.net|api\.atlassian\.com|\.jira\.com\b|['"](?:jira\.js|confluence\.js|jira-client|jira-connector)(?:\/[^'"]*)?['"]|\/rest\/api\/(?:2|3|latest)\/|\/wiki\/(?:rest\/api|api\/v2)\//i;

export function isAtlassianContextFile(text: string): boolean {
  return ATLASSIAN_FILE.test(text);
}

/** Whether the file is about Atlassian: a value, or a lazy (memoised) test, as most names never need it. */
export type AtlassianFile = boolean | (() => boolean);

/** A memoised {@link isAtlassianContextFile} for one file. */
export function atlassianFileOf(text: string): () => boolean {
  let value: boolean | undefined;
  return () => (value ??= isAtlassianContextFile(text));
}

function resolve(file: AtlassianFile): boolean {
  return typeof file === 'function' ? file() : file;
}

/** Generic names for a user's API token; Atlassian's only when the file is about Atlassian. */
const GENERIC_TOKEN_NAME = /api[_-]?token|personal[_-]?access[_-]?token|^pat$|app[_-]?password/i;

/** Another vendor's credential: never an Atlassian API token, whatever the file. */
export const OTHER_VENDOR =
  /github|gitlab|slack|openai|anthropic|claude|gemini|azure|aws|google|notion|linear|trello|figma|sentry|stripe|twilio|sendgrid|hugging|zendesk|asana|clickup|discord|telegram|npm|vercel|netlify|heroku|cloudflare|datadog|pagerduty|shopify|hubspot|salesforce|airtable|todoist|gpt|llm|mistral|groq|deepseek|cohere|ollama/i;

/** Names that mention a token but hold something else: flags, timestamps, pagination, webhooks, UI bits. */
const NOT_A_TOKEN_VALUE =
  /webhook|csrf|xsrf|nonce|verifier|next[_-]?page|page[_-]?token|cursor|(?:expir\w*|created\w*|updated\w*|url|uri|status|valid|exists|present|configured|set|label|placeholder|hint|help|error|message|visible|ref|length|count|name|type|id|key)$/i;
const FLAG_PREFIX = /^(?:has|is|show|should|use|enable|disable)(?:[A-Z_-]|$)/;

/** `confluencePat`, `jira_pat`, `JIRA_PATS`: camel-case PATs that the shared token words miss. */
const PAT_SUFFIX = /(?:[a-z0-9]Pat|[_-][Pp]at|[_-]PAT|^pat|^PAT)s?$/;
/** GitHub's `gh` prefix (`gh_api_token`, `ghToken`) is not caught by the vendor words. */
const GITHUB_PREFIX = /(?:^|[_.-])gh[_.-]|^gh(?=[A-Z])/;

function lastSegment(name: string): string {
  const parts = name.split(/[.:/[\]]+/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? name;
}

/**
 * Whether a key, field, variable or option name names an Atlassian API token (or PAT, app password,
 * account password): `jiraApiToken`, `JIRA_TOKEN`, `jira.apiToken`, `jira-token`; `apiToken` only in
 * an Atlassian file. OAuth access/refresh tokens never match.
 */
export function isApiTokenName(name: string, atlassianFile: AtlassianFile): boolean {
  if (name.length === 0 || name.length > 120) return false;
  const last = lastSegment(name);
  if (FLAG_PREFIX.test(last) || (NOT_A_TOKEN_VALUE.test(last) && !/api[_-]?key$/i.test(last))) return false;
  if (isAtlassianTokenName(name)) return true;
  if (ATLASSIAN_WORD.test(name) && PAT_SUFFIX.test(last) && !OAUTH_TOKEN_WORD.test(name)) return true;
  return GENERIC_TOKEN_NAME.test(name) && !OTHER_VENDOR.test(name) && !GITHUB_PREFIX.test(name) && isAtlassianTokenName(`jira_${last}`) && resolve(atlassianFile);
}

const ATLASSIAN_TEXT = /atlassian|jira|confluence|bitbucket/i;
const TOKEN_TEXT = /api[\s_-]?tokens?|api[\s_-]?keys?|\bPATs?\b|app[\s_-]?passwords?|\btokens?\b|\bpasswords?\b/i;
const GENERIC_TOKEN_TEXT = /api[\s_-]?tokens?|\bPATs?\b/i;
/** OAuth is the compliant way; text about other credentials or about leaving tokens behind is not a request. */
const NOT_A_REQUEST =
  /oauth|access[\s_-]?token|refresh[\s_-]?token|client[\s_-]?(?:id|secret)|bearer|session|webhook|no longer|deprecated|not supported|instead of|migrat|revok|invalid|expired|failed|removed/i;

/**
 * Whether human text (a label, placeholder, prompt or option description) asks for an Atlassian API
 * token: "Jira API token", "Paste your Atlassian API token", "Confluence PAT"; "API token" alone only
 * in an Atlassian file.
 */
export function describesApiToken(text: string, atlassianFile: AtlassianFile): boolean {
  if (text.length === 0 || text.length > 300) return false;
  // A URL in the text is judged by itself (the token-page link has its own finding).
  const t = text.replace(/https?:\/\/\S+|\b[\w-]+(?:\.[\w-]+)+\/\S*/g, ' ').replace(/personal[\s_-]?access[\s_-]?tokens?/gi, 'PAT');
  if (NOT_A_REQUEST.test(t) || !TOKEN_TEXT.test(t)) return false;
  if (ATLASSIAN_TEXT.test(t)) return true;
  return GENERIC_TOKEN_TEXT.test(t) && !OTHER_VENDOR.test(t) && resolve(atlassianFile);
}

/** A label shortened for a message (labels are not secrets, but keep messages short). */
export function quoteLabel(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > 60 ? `${t.slice(0, 57)}...` : t}"`;
}
