import * as ts from 'typescript';
import { ACTS_AS_USER, CONNECT_PREFILTER, connectCalls, type ConnectCall } from './connect-usage';
import { EMPTY_USAGE, type FileUsage } from './usage';

/**
 * Connect calls in files that are not parsed as code: iframe pages and server-side templates
 * (`.html`, `.hbs`, `.vue`, …) whose inline `<script>` blocks call `AP.request`, and back ends in other
 * languages under the app's folder. Scripts are parsed in place (everything else blanked, so offsets
 * are the file's); a mention outside them, or any file whose calls cannot be read, may call anything.
 */

const MARKUP = /\.(?:html?|xhtml|hbs|handlebars|ejs|vue|svelte|astro|njk|vm|ftl|jsp)$/i;
/** Back ends in languages the tool does not parse: the Connect calls they make cannot be seen. */
const OTHER_LANGUAGE = /\.(?:py|rb|php|java|kt|kts|groovy|go|rs|cs|swift|scala|pl)$/i;
const OTHER_LANGUAGE_HINT = /\/rest\/|\/wiki\/|authenticatedAs|jwt|httpClient/i;
/** Script types that hold JavaScript (`type="text/x-handlebars-template"` holds markup). */
const JS_TYPE = /^(?:|module|text\/javascript|application\/javascript|text\/babel|text\/jsx|text\/typescript)$/i;
const MAX_SCRIPTS = 200;

const UNKNOWN: ConnectCall = { via: 'unknown', range: { start: 0, end: 0 } };

/** Whether a file of this name is read by {@link connectTextUsage}. */
export function mayHoldConnectCalls(path: string): boolean {
  return MARKUP.test(path) || OTHER_LANGUAGE.test(path);
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

/** The text with everything but inline JavaScript blanked (newlines kept), and what lies outside it. */
export function scriptView(text: string): { code: string; outside: string; typescript: boolean } {
  const lower = text.toLowerCase();
  const keep: Array<[number, number]> = [];
  let typescript = false;
  let from = 0;
  while (keep.length < MAX_SCRIPTS) {
    const open = lower.indexOf('<script', from);
    if (open < 0) break;
    const tagEnd = lower.indexOf('>', open);
    if (tagEnd < 0) break;
    const close = lower.indexOf('</script', tagEnd);
    const end = close < 0 ? text.length : close;
    const tag = text.slice(open, tagEnd + 1);
    const type = attribute(tag, 'type') ?? '';
    const lang = attribute(tag, 'lang') ?? '';
    if (attribute(tag, 'src') === undefined && JS_TYPE.test(type.trim())) {
      keep.push([tagEnd + 1, end]);
      if (/^(?:ts|tsx)$/i.test(lang)) typescript = true;
    }
    from = close < 0 ? text.length : close + 8;
  }
  const blank = (s: string): string => s.replace(/[^\n\r]/g, ' ');
  let code = '';
  let outside = '';
  let last = 0;
  for (const [s, e] of keep) {
    const gap = text.slice(last, s);
    code += blank(gap) + text.slice(s, e);
    outside += gap;
    last = e;
  }
  code += blank(text.slice(last));
  outside += text.slice(last);
  return { code, outside, typescript };
}

function callsOf(sf: ts.SourceFile): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const n = stack.pop() as ts.Node;
    if (ts.isCallExpression(n)) out.push(n);
    ts.forEachChild(n, (c) => void stack.push(c));
  }
  return out;
}

/** Usage of a template or other-language file under a Connect app's folder (its Connect calls only). */
export function connectTextUsage(path: string, text: string): FileUsage {
  const acts = ACTS_AS_USER.test(text) ? { actsAsUser: true } : {};
  if (OTHER_LANGUAGE.test(path)) return OTHER_LANGUAGE_HINT.test(text) ? { ...EMPTY_USAGE, connect: [UNKNOWN], ...acts } : EMPTY_USAGE;
  if (!MARKUP.test(path) || !CONNECT_PREFILTER.test(text)) return { ...EMPTY_USAGE, ...acts };
  const view = scriptView(text);
  const calls: ConnectCall[] = [];
  if (CONNECT_PREFILTER.test(view.code)) {
    try {
      const sf = ts.createSourceFile(path, view.code, ts.ScriptTarget.Latest, true, view.typescript ? ts.ScriptKind.TS : ts.ScriptKind.JS);
      calls.push(...connectCalls(sf, callsOf(sf), view.code));
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      calls.push(UNKNOWN);
    }
  }
  // `onclick="AP.request(…)"`, a `<script src>` we do not follow into, a templating language's own code.
  if (CONNECT_PREFILTER.test(view.outside)) calls.push(UNKNOWN);
  return calls.length > 0 ? { ...EMPTY_USAGE, connect: calls, ...acts } : { ...EMPTY_USAGE, ...acts };
}
