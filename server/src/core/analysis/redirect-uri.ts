import { redactUrlSecrets } from '../redact';
import type { ConnectUrlRole } from './connect-descriptor';

/**
 * One URI the redirect rules judge (SPEC 11–12): an OAuth redirect/callback URI, or an Atlassian
 * Connect URL that receives callbacks (`baseUrl`, lifecycle, webhook, ACE `localBaseUrl`).
 */
export interface RedirectUri {
  /** Range reported: the URI's text (or the expression that builds it). */
  readonly start: number;
  readonly end: number;
  /** `redirect_uri`, `callbackURL`, `baseUrl`, `production.localBaseUrl`, … */
  readonly name: string;
  /** The URI with unknown parts as `{name}`, credentials and secret query values redacted. */
  readonly display: string;
  readonly scheme: string | undefined;
  /** Lower-case host, possibly with `{name}` parts when built at run time. */
  readonly host: string | undefined;
  /** A preview-deployment variable the URI is built from (`VERCEL_BRANCH_URL`). */
  readonly previewVar: string | undefined;
  /** File offset and text of the insecure scheme (`http:` or `http%3A`), for the https fix. */
  readonly httpAt: { readonly offset: number; readonly text: string } | undefined;
  /** Set for Atlassian Connect URLs: what the URL is for, so the message can say what it receives. */
  readonly connect?: ConnectUrlRole;
}

export function parseUri(uri: string): { scheme: string | undefined; host: string | undefined } {
  const m = /^\s*([a-z][\w+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(uri);
  return { scheme: m?.[1]?.toLowerCase(), host: m?.[2]?.toLowerCase() || undefined };
}

/**
 * A URI as a message may show it: credentials redacted by the one URL redaction every output uses
 * (user info, `client_secret`, `token`, `code`, `sig`, `;jsessionid`, …), long URIs shortened.
 */
export function displayUri(uri: string): string {
  const safe = redactUrlSecrets(uri);
  return safe.length > 120 ? `${safe.slice(0, 117)}...` : safe;
}

export function makeRedirectUri(
  name: string,
  uri: string,
  start: number,
  end: number,
  previewVar: string | undefined,
  httpAt: RedirectUri['httpAt'],
  connect?: ConnectUrlRole,
): RedirectUri {
  const { scheme, host } = parseUri(uri);
  return { start, end, name, display: displayUri(uri), scheme, host, previewVar, httpAt, ...(connect ? { connect } : {}) };
}

/** The https fix's anchor when a literal URI starts with `http:` at `offset`. */
export function httpAtStart(value: string, offset: number): RedirectUri['httpAt'] {
  return /^http:/i.test(value) ? { offset, text: value.slice(0, 5) } : undefined;
}

const QUERY_PARAM = /[?&]redirect_uri=([^&"'`\s#<>)\]|]+)/gi;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `redirect_uri=…` parameters in one piece of literal text starting at file offset `offset`. */
export function queryParams(raw: string, offset: number): RedirectUri[] {
  if (!/redirect_uri=/i.test(raw)) return [];
  const out: RedirectUri[] = [];
  for (const m of raw.matchAll(QUERY_PARAM)) {
    const value = m[1] ?? '';
    const at = offset + (m.index ?? 0) + m[0].length - value.length;
    const scheme = /^http(?::|%3A)/i.exec(value);
    const insecure = scheme && !/^https/i.test(value) ? { offset: at, text: scheme[0] } : undefined;
    out.push(makeRedirectUri('redirect_uri', decode(value), at, at + value.length, undefined, insecure));
  }
  return out;
}
