import { isPlaceholderValue, OAUTH_TOKEN_WORD, TOKEN_VALUE } from '../../knowledge/atlassian';
import type { Fix, FileKind } from '../../model';
import { redact } from '../../redact';
import { API_TOKEN_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';
import { envNameFor } from '../../analysis/env-name';
import { lineEnd, lineStart, statementContexts } from '../../analysis/secret-literals';
import { unparsedReason } from '../../files';

/**
 * An Atlassian API token, org admin API key or Bitbucket app password written into the app's files.
 * Atlassian's Marketplace security policy ("Personal access tokens") forbids storing user API tokens;
 * one committed to source is stored for everyone who can read the repository.
 */

/**
 * Legacy (pre-2023) API tokens: 24 alphanumerics after a quote, `=` or `:`. Only counted beside an
 * Atlassian keyword. The opening character is matched, not looked behind for: a regex that starts on
 * a literal character class skips through the text far faster than one that tries every offset.
 */
const LEGACY = /["'`=:]\s*([A-Za-z0-9]{24})(?![A-Za-z0-9_])/g;
/** Documentation and other text also have `password <token>` (`.netrc`, notes). */
const LEGACY_TEXT = /["'`=:]\s*([A-Za-z0-9]{24})(?![A-Za-z0-9_])|\b(?:password|passwd|token)[ \t]+([A-Za-z0-9]{24})(?![A-Za-z0-9_])/gi;

/** Atlassian's product names: what counts in the wider statement. */
const PRODUCT_WORD = /atlassian|jira|confluence|bitbucket/i;
/** On the token's line, also `atl`/`jsm` name prefixes (`atlToken`, `ATL_PAT`), case-sensitive: `atlas` is MongoDB's. */
const NAME_PREFIX = /\b(?:atl(?=[_A-Z-])|ATL(?=[_-])|jsm(?=[_A-Z-])|JSM(?=[_-]))/;
/** `.env` blocks: a `JIRA_`/`ATLASSIAN_`/`CONFLUENCE_` key or an Atlassian site among the values. */
const ENV_BLOCK_WORD = /^[ \t]*(?:export[ \t]+)?(?:JIRA|ATLASSIAN|CONFLUENCE|BITBUCKET)_\w*[ \t]*=|atlassian\.net/im;
/** What the value is for, on its line. */
const SECRET_WORD = /token|api[_-]?key|password|passwd|pat\b/i;
/** Other services whose keys sit in the same config files: a 24-character value beside them is theirs. */
const OTHER_SERVICE =
  /github|gitlab|zendesk|slack|stripe|twilio|sendgrid|mailgun|mailchimp|hubspot|salesforce|shopify|notion|asana|clickup|discord|telegram|openai|azure|google|firebase|heroku|vercel|netlify|sentry|datadog|pagerduty|okta|auth0|mongo|algolia|dropbox|figma|airtable|circleci|youtrack|redmine|freshdesk|servicenow|intercom|twitter|amazon|\baws(?![a-z])/i;
/** Values under these names are not API tokens, whatever their statement says. */
const NOT_API_TOKEN = /csrf|xsrf|nonce/i;
/** How much of a line counts as "the line": minified files are one line. */
const NEAR = 160;
/**
 * Statements read per file: each is a bounded scan of a few thousand characters, and a file with more
 * token-shaped values than this (generated data) is judged by their lines alone.
 */
const MAX_STATEMENTS = 200;

function atlassianWord(text: string): boolean {
  return PRODUCT_WORD.test(text) || NAME_PREFIX.test(text);
}

/** Real tokens are random; `ATATT3xxxxxxxx…` or `ATATT3-your-token` in docs and tests is not one. */
function looksRandom(value: string): boolean {
  const body = value.slice(6);
  if (/your|example|token|fake|dummy|placeholder|redacted/i.test(body)) return false;
  return new Set(body).size >= 10 && /\d/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);
}

function legacyCandidate(value: string): boolean {
  return /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && new Set(value).size >= 12 && !isPlaceholderValue(value);
}

/**
 * A legacy token counts beside an Atlassian word in the same line or statement (SPEC rule 5), its line
 * saying what it is (token, password, API key): `apiToken: '…'` in an object whose `apiUrl` is on
 * atlassian.net, `"password": "…"` under an `"acme.atlassian.net"` host in a credentials file.
 * Another service named there (GitHub, Zendesk, …) makes the value theirs.
 */
function inAtlassianStatement(text: string, kind: FileKind, start: number, end: number, budget: { statements: number }): boolean {
  const lineFrom = lineStart(text, start, Math.max(0, start - NEAR));
  const line = text.slice(lineFrom, lineEnd(text, end, Math.min(text.length, end + NEAR)));
  const key = text.slice(lineFrom, start);
  if (!SECRET_WORD.test(line) || OTHER_SERVICE.test(key)) return false;
  if (atlassianWord(line)) return true;
  if (budget.statements-- <= 0) return false;
  // Only the statement names Atlassian: the value's own name must not say OAuth, session or CSRF token.
  if (OAUTH_TOKEN_WORD.test(key) || NOT_API_TOKEN.test(key)) return false;
  for (const context of statementContexts(text, start, kind)) {
    if (OTHER_SERVICE.test(context)) return false;
    if (kind === 'env' ? ENV_BLOCK_WORD.test(context) : PRODUCT_WORD.test(context)) return true;
  }
  return false;
}

function fixFor(text: string, kind: FileKind, start: number, end: number): Fix[] {
  const before = text.slice(0, start);
  const name = envNameFor(before);
  const note = 'Revoke this token at id.atlassian.com (Security → API tokens): it has been exposed.';
  const open = text[start - 1];
  if (kind === 'code' && (open === '"' || open === "'") && text[end] === open) {
    return [{
      title: `Replace the token with process.env.${name} (then revoke it)`,
      safe: false,
      note,
      edits: [{ range: { start: start - 1, end: end + 1 }, newText: `process.env.${name}` }],
    }];
  }
  if (kind === 'code' && open === '`' && text[end] === '`') {
    return [{
      title: `Replace the token with process.env.${name} (then revoke it)`,
      safe: false,
      note,
      edits: [{ range: { start: start - 1, end: end + 1 }, newText: `process.env.${name}` }],
    }];
  }
  if (kind === 'env') {
    return [{
      title: `Remove the token from ${name} (then revoke it)`,
      safe: false,
      note,
      edits: [{ range: { start, end }, newText: '' }],
    }];
  }
  return [];
}

export default defineRule({
  id: 'no-api-token-literal',
  kinds: ['code', 'manifest', 'env', 'json', 'yaml', 'markdown', 'text'],
  prefilter: /ATATT3|ATCTT3|ATBB|atlassian|jira|confluence|bitbucket/i,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Never commit Atlassian API tokens, org admin API keys or Bitbucket app passwords.',
    messages: {
      token: 'Atlassian {{what}} {{token}} written in this file.',
    },
    detail: `${API_TOKEN_POLICY} Fix: revoke it, read credentials from the environment for now, and migrate to OAuth 2.0 (3LO) or Forge.`,
    fixable: true,
  },
  check(ctx) {
    const { text, kind } = ctx;
    const quiet = ctx.facts.test;
    // A bundle or a huge generated file is fixed at its source, not edited here.
    let editable: boolean | undefined;
    const fixes = (start: number, end: number): Fix[] =>
      (editable ??= unparsedReason(text) === undefined) ? fixFor(text, kind, start, end) : [];
    for (const m of text.matchAll(TOKEN_VALUE)) {
      const token = m[0];
      const start = m.index ?? 0;
      if (quiet && !looksRandom(token)) continue;
      if (!looksRandom(token) && /x{6,}|X{6,}/.test(token)) continue;
      const what = token.startsWith('ATCTT3') ? 'org admin API key' : token.startsWith('ATBB') ? 'Bitbucket app password' : 'API token';
      ctx.report({
        range: { start, end: start + token.length },
        messageId: 'token',
        data: { what, token: redact(token) },
        fixes: fixes(start, start + token.length),
      });
    }
    if (!atlassianWord(text)) return;
    // In code and JSON a value is a string: `key: someIdentifier24Chars` is not a literal.
    const quoted = kind === 'code' || kind === 'json';
    const budget = { statements: MAX_STATEMENTS };
    for (const m of text.matchAll(kind === 'text' || kind === 'markdown' ? LEGACY_TEXT : LEGACY)) {
      const value = m[1] ?? m[2] ?? '';
      const start = (m.index ?? 0) + m[0].length - value.length;
      if (!legacyCandidate(value) || (quoted && !/^["'`]/.test(m[0]))) continue;
      if (quiet && !looksRandom(`ATATT3${value}`)) continue;
      if (!inAtlassianStatement(text, kind, start, start + value.length, budget)) continue;
      ctx.report({
        range: { start, end: start + value.length },
        messageId: 'token',
        data: { what: 'API token', token: redact(value) },
        fixes: fixes(start, start + value.length),
      });
    }
  },
});
