import { ATLASSIAN_WORD, TOKEN_VALUE } from '../../knowledge/atlassian';
import type { Fix, FileKind } from '../../model';
import { redact } from '../../redact';
import { defineRule } from '../../rule';
import { envNameFor } from '../../analysis/env-name';

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

function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  const nl = text.indexOf('\n', offset);
  return text.slice(start, nl < 0 ? text.length : nl);
}

/** Real tokens are random; `ATATT3xxxxxxxx…` or `ATATT3-your-token` in docs and tests is not one. */
function looksRandom(value: string): boolean {
  const body = value.slice(6);
  if (/your|example|token|fake|dummy|placeholder|redacted/i.test(body)) return false;
  return new Set(body).size >= 10 && /\d/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);
}

function legacyCandidate(value: string): boolean {
  return /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && new Set(value).size >= 12;
}

function fixFor(text: string, kind: FileKind, start: number, end: number, token: string): Fix[] {
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
  kinds: ['code', 'manifest', 'env', 'json', 'yaml', 'markdown'],
  prefilter: /ATATT3|ATCTT3|ATBB|atlassian|jira|confluence|bitbucket/i,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Never commit Atlassian API tokens, org admin API keys or Bitbucket app passwords.',
    messages: {
      token:
        'Atlassian {{what}} {{token}} is written in this file. Apps must not store Atlassian API tokens (enforced since 2026-01-01): revoke it, read credentials from the environment for now, and migrate to OAuth 2.0 (3LO) or Forge.',
    },
    fixable: true,
  },
  check(ctx) {
    const { text, kind } = ctx;
    const quiet = ctx.facts.test;
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
        fixes: fixFor(text, kind, start, start + token.length, token),
      });
    }
    if (!ATLASSIAN_WORD.test(text)) return;
    for (const m of text.matchAll(LEGACY)) {
      const value = m[1] ?? '';
      const start = (m.index ?? 0) + m[0].length - value.length;
      if (!legacyCandidate(value)) continue;
      const line = lineAround(text, start);
      if (!ATLASSIAN_WORD.test(line) || !/token|api[_-]?key|password|pat\b/i.test(line)) continue;
      if (quiet && !looksRandom(`ATATT3${value}`)) continue;
      ctx.report({
        range: { start, end: start + value.length },
        messageId: 'token',
        data: { what: 'API token', token: redact(value) },
        fixes: fixFor(text, kind, start, start + value.length, value),
      });
    }
  },
});
