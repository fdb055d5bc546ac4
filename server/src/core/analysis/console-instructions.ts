/**
 * Instructions that send a reader to Atlassian's developer console to create an OAuth 2.0 (3LO) app:
 * "Go to developer.atlassian.com/console/myapps, create an OAuth 2.0 integration, copy the client ID
 * and secret". Written for customers, that is the pattern Atlassian's guidance names ("instruct
 * customers to create individual 3LO apps"). Written for the partner's own team (contributor guides,
 * development setup, deploying the partner's own service), it is how the one distributable app is
 * made, and stays quiet. Line scanning only: every pattern is linear.
 */

export interface ConsoleMention {
  readonly start: number;
  readonly end: number;
  /** The URL (without scheme) or the phrase, for the message. */
  readonly what: string;
}

/** The console and its app list; `/console/install/…` is the link customers install a shared app with. */
const CONSOLE_URL = /(?:https?:\/\/)?developer\.atlassian\.com\/console\b(\/[\w.-]*)?/gi;
const CONSOLE_PHRASE = /\b(?:atlassian|jira|confluence)\sdevelopers?\sconsole\b/gi;
/** Cheap test before any scan. */
export const CONSOLE_HINT = /developer\.atlassian\.com\/console|developers?\sconsole/i;

/** Creating an app, not updating or finding one that exists. */
const CREATE = /\b(?:create|creating|register|registering)\b|\bnew\s(?:oauth\s|3lo\s)?(?:app|integration)\b/i;
/** The app is an OAuth app whose credentials the reader copies (a Forge app registration is not). */
const OAUTH = /\boauth\b|\b3lo\b|\bclient[\s_-]?(?:id|secret)\b|\bcallback\surl\b|\bsecret\b/i;
/** The reader hands the app's credentials over: copies them into the product, its settings or its environment. */
const HANDOVER = /\b(?:copy|paste|enter|type|fill|provide|put|add)\b[^\n]{0,80}\b(?:client[\s_-]?id|client[\s_-]?secret|secret|credentials)\b/i;
/** Words of a reader who works on the app: the partner's developers and operators. */
const TEAM_TEXT = /\bshared\sdev\b|\bdev(?:elopment)?\s(?:oauth\s)?app\b|\bteam\sroom\b|\blocal\sdevelopment\b/i;
/** Headings of sections for the partner's team. */
const TEAM_HEADING =
  /\bdevelop(?:ment|ing)\b|\bdeveloper\ssetup\b|\bcontribut\w*|\blocal(?:ly)?\b|\bdev\b|\bhacking\b|\bmaintainers?\b|\binternal\b|\bfrom\ssource\b|\bdeploy\w*|\bproduction\b|\bhosting\b|\brelease\w*/i;
/** Self-hosting is done by the customer, even in a section about deploying. */
const CUSTOMER_HEADING = /\bself[\s-]?host\w*/i;
/** Files for the partner's team: contributor and development guides, internal and deployment docs. */
const TEAM_PATH =
  /(?:^|\/)(?:contributing|developing|development|develop|hacking|maintainers?|internal|deploy|production|release)[^/]*$|(?:^|\/)(?:\.github|dev|development|contributing|internal|maintainers?|deploy\w*|ops)\//i;

/** Whether a path is a document written for the partner's own team. */
export function isTeamDocPath(path: string): boolean {
  return TEAM_PATH.test(path);
}

/** At most this many mentions are judged in one file; a window line is read up to {@link WINDOW_CHARS}. */
const MAX_MENTIONS = 200;
const WINDOW_CHARS = 1000;

/** Mentions of the console in a text, one per line at most (one forward pass over the lines). */
export function consoleMentions(text: string): ConsoleMention[] {
  if (!CONSOLE_HINT.test(text)) return [];
  const found: ConsoleMention[] = [];
  for (const m of text.matchAll(CONSOLE_URL)) {
    if (found.length >= MAX_MENTIONS) break;
    if ((m[1] ?? '').toLowerCase().startsWith('/install')) continue;
    const start = m.index ?? 0;
    found.push({ start, end: start + m[0].length, what: m[0].replace(/^https?:\/\//i, '') });
  }
  for (const m of text.matchAll(CONSOLE_PHRASE)) {
    if (found.length >= 2 * MAX_MENTIONS) break;
    const start = m.index ?? 0;
    found.push({ start, end: start + m[0].length, what: m[0] });
  }
  found.sort((a, b) => a.start - b.start);
  const out: ConsoleMention[] = [];
  let lineEnd = -1;
  for (const m of found) {
    if (m.start <= lineEnd) continue;
    out.push(m);
    lineEnd = text.indexOf('\n', m.start);
    if (lineEnd < 0) break;
  }
  return out.slice(0, MAX_MENTIONS);
}

/**
 * Whether a piece of text tells its reader to create an OAuth app and hand its credentials over (and
 * is not about the partner's own team). Guidance for the partner ("register an OAuth 2.0 app in the
 * developer console with the scopes your calls need") creates the one app and hands nothing over.
 */
export function tellsToCreateOAuthApp(text: string): boolean {
  return CREATE.test(text) && OAUTH.test(text) && HANDOVER.test(text) && !TEAM_TEXT.test(text) && /atlassian|jira|confluence|3lo/i.test(text);
}

interface Line {
  readonly start: number;
  readonly text: string;
  /** The ATX headings this line sits under, outermost first. */
  readonly headings: readonly string[];
  readonly isHeading: boolean;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const stack: string[] = [];
  let fence: string | undefined;
  let start = 0;
  for (const raw of text.split('\n')) {
    const t = raw.replace(/\r$/, '');
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(t);
    let isHeading = false;
    if (f) fence = fence === undefined ? f[1]?.[0] : f[1]?.[0] === fence ? undefined : fence;
    else if (fence === undefined) {
      const h = /^\s{0,3}(#{1,6})\s(.*)$/.exec(t);
      if (h) {
        const level = h[1]?.length ?? 1;
        stack.length = Math.min(stack.length, level - 1);
        while (stack.length < level - 1) stack.push('');
        stack.push(h[2] ?? '');
        isHeading = true;
      }
    }
    out.push({ start, text: t, headings: [...stack], isHeading });
    start += raw.length + 1;
  }
  return out;
}

/** Lines before and after a mention that belong to its steps: up to the headings around it. */
const BEFORE = 3;
const AFTER = 8;

/**
 * Console mentions in a document (Markdown, text) that tell a customer to create an OAuth app. The
 * steps around the mention must create an app and speak of OAuth/3LO or its client id and secret;
 * sections and files for the partner's own team are left alone.
 */
export function docInstructions(path: string, text: string): ConsoleMention[] {
  if (!CONSOLE_HINT.test(text) || isTeamDocPath(path)) return [];
  const mentions = consoleMentions(text);
  if (mentions.length === 0) return [];
  const lines = splitLines(text);
  const out: ConsoleMention[] = [];
  let i = 0;
  for (const m of mentions) {
    while (i + 1 < lines.length && (lines[i + 1]?.start ?? Infinity) <= m.start) i++;
    const line = lines[i];
    if (!line) continue;
    const headings = line.isHeading ? line.headings.slice(0, -1) : line.headings;
    if (headings.some((h) => TEAM_HEADING.test(h) && !CUSTOMER_HEADING.test(h))) continue;
    const at = m.start - line.start;
    const window: string[] = [line.text.slice(Math.max(0, at - WINDOW_CHARS / 2), at + WINDOW_CHARS / 2)];
    for (let j = i - 1; j >= Math.max(0, i - BEFORE) && !lines[j]?.isHeading; j--) window.unshift(lines[j]?.text.slice(-WINDOW_CHARS) ?? '');
    for (let j = i + 1; j <= Math.min(lines.length - 1, i + AFTER) && !lines[j]?.isHeading; j++) window.push(lines[j]?.text.slice(0, WINDOW_CHARS) ?? '');
    if (tellsToCreateOAuthApp(window.join('\n'))) out.push(m);
  }
  return out;
}
