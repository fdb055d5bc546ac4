import { httpAtStart, makeRedirectUri, queryParams, type RedirectUri } from './redirect-uri';

/**
 * Redirect URIs in documentation and other text files (deployment guides, `.env` references, Vue or
 * Python sources read as text): a URL written right after a redirect/callback key on the same line,
 * as deployment docs set them (`JIRA_REDIRECT_URI=https://…`, `` `REDIRECT_URI` → `https://…` ``,
 * `| OAUTH_CALLBACK_URL | https://… |`, `redirect_uri: https://…`, "set the **Callback URL** to …"),
 * and the `redirect_uri` parameter of an authorize URL. A doc that tells every deployer to register
 * such a URI spreads it; prose that only mentions a host, with no such key, is left alone.
 */

/** Cheap test before any scan: a key of the kind read here, or an authorize URL's parameter. */
export const DOC_REDIRECT_HINT = /(?:redirect|callback)[\s_.-]?ur[il]|redirect_uri=/i;

/** A URL in free text; `<name>` placeholders may sit inside it (`https://<app>.herokuapp.com`). */
const URL_IN_TEXT = /\bhttps?:\/\/(?:[^\s`'"()[\]|*<>\\]|<[\w-]{1,40}>)+/gi;
const TRAILING_PUNCT = /(?<![.,;:!?])[.,;:!?]+$/;
/** Keys that name a redirect URI: `JIRA_REDIRECT_URI`, `callbackURL`, `oauth.redirect-uri`. */
const KEY = /(?:^|[^\w.-])([A-Za-z_][\w.-]*)$/;
const KEY_NAME = /(?:redirect|callback)[_.-]?ur[il]s?$/i;
/** The same in words, as guides label a console field: "Callback URL", "OAuth redirect URI". */
const PHRASE = /\b(?:redirect|callback)\s+ur[il]s?$/i;
/** What may sit between a key and its value. */
const SEPARATORS = /(?<![\s`*_|"'=:>→[<-])[\s`*_|"'=:>→[<-]+$/;
const LINKING_WORD = /(?:^|\s)(?:to|is|as|e\.g\.|like)$/i;
const TABLE_KEY = /^\s*\|\s*[`*]*([A-Za-z_][\w.\- ]*?)[`*]*\s*\|/;
const LOOKBEHIND = 160;

function keyBefore(before: string): string | undefined {
  let rest = before;
  for (let i = 0; i < 3; i++) {
    rest = rest.replace(SEPARATORS, '');
    const word = LINKING_WORD.exec(rest);
    if (!word) break;
    rest = rest.slice(0, word.index);
  }
  const phrase = PHRASE.exec(rest);
  if (phrase) return phrase[0];
  const key = KEY.exec(rest)?.[1];
  return key !== undefined && KEY_NAME.test(key) ? key : undefined;
}

function tableKey(line: string): string | undefined {
  const cell = TABLE_KEY.exec(line)?.[1]?.trim();
  return cell !== undefined && (KEY_NAME.test(cell) || PHRASE.test(cell)) ? cell : undefined;
}

/** Redirect URIs a documentation or text file sets, each at the URL's exact range. */
export function docRedirects(text: string): RedirectUri[] {
  if (!DOC_REDIRECT_HINT.test(text)) return [];
  const out: RedirectUri[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const url = m[0].replace(TRAILING_PUNCT, '');
    const start = m.index ?? 0;
    const params = queryParams(url, start);
    if (params.length > 0) {
      out.push(...params);
      continue;
    }
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(Math.max(lineStart, start - LOOKBEHIND), start);
    if (!/redirect|callback/i.test(before)) continue;
    const name = keyBefore(before) ?? (lineStart >= start - LOOKBEHIND ? tableKey(text.slice(lineStart, start)) : undefined);
    if (name) out.push(makeRedirectUri(name, url, start, start + url.length, undefined, httpAtStart(url, start)));
  }
  return out;
}
