import * as ts from 'typescript';
import { propertyNameText, resolveExpression, unwrap } from './scope';

/**
 * Where code asks a person for a value: form fields (JSX/HTML, Forge UI Kit), prompt libraries
 * (inquirer, prompts, @inquirer/prompts, enquirer, @clack/prompts, readline), VS Code input boxes,
 * Obsidian-style setting rows and command-line options (commander, yargs). Each is described by the
 * human texts (labels, placeholders, prompts) and the names (field names, flags) it carries, so the
 * collection rule can decide whether the value asked for is an Atlassian API token.
 */

export type FieldKind = 'form field' | 'prompt' | 'input box' | 'settings field' | 'command-line option';

/**
 * Names of inputs for the other half of a credential or for where it goes (`email`, `siteUrl`,
 * `cloud-id`, `useApiToken`): whatever their description says about the token, they do not hold it.
 */
export const OTHER_VALUE_NAME = /user|e-?mail|login|account|url|uri|host|site|server|domain|instance|name|id$|project|jql|field|enable|use[A-Z_-]|remember|store|save/i;
/** The same, as the text of a row's name ("Email", "Site URL", "Status"). */
export const OTHER_VALUE_TEXT = /\b(?:e-?mail|user(?:name)?|login|url|uri|host|site|server|domain|instance|status|project|id)\b/i;

export interface FieldPart {
  readonly role: 'text' | 'name';
  readonly value: string;
  /** Where a finding about this part goes. */
  readonly node: ts.Node;
}

export interface FieldAsk {
  readonly kind: FieldKind;
  readonly parts: readonly FieldPart[];
  /** One finding per field: texts and names of one field share this key (`id:<id>` joins a label to its input). */
  readonly key: ts.Node | string;
  /** Where the finding goes instead of the matching part (a JSX field: its tag). */
  readonly anchor?: ts.Node;
  /** A `<label>`: reported only when the field it labels is not. */
  readonly isLabel?: boolean;
}

/** The static text of a string, template (literal parts only), `+` concatenation or both branches of `c ? a : b`. */
export function staticText(expr: ts.Expression | undefined, depth = 0): string | undefined {
  if (!expr || depth > 6) return undefined;
  const e = resolveExpression(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isConditionalExpression(e)) {
    // prompt: email ? 'Enter the Jira API token' : 'Enter the personal access token'
    const parts = [staticText(e.whenTrue, depth + 1), staticText(e.whenFalse, depth + 1)].filter((p): p is string => p !== undefined);
    return parts.length > 0 ? parts.join(' / ') : undefined;
  }
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const parts = [staticText(e.left, depth + 1), staticText(e.right, depth + 1)].filter((p): p is string => p !== undefined);
    return parts.length > 0 ? parts.join(' ') : undefined;
  }
  return undefined;
}

export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

const FORM_TAG = /^(?:input|textarea)$|input|field|text|password|secret|token|form|item|label|entry|credential/i;
const LABEL_TAG = /^(?:label|Label|FormLabel|InputLabel|Form\.Label)$/;
const JSX_TEXT_ATTRS = new Set(['label', 'placeholder', 'aria-label', 'ariaLabel', 'helperText', 'description', 'title', 'hint', 'prompt']);
const JSX_NAME_ATTRS = new Set(['name', 'id', 'htmlFor', 'labelFor']);

/** `<input name="apiToken">`, `<Textfield label="Jira API token">`, `<label>Jira API token</label>`. */
export function jsxField(node: ts.JsxOpeningElement | ts.JsxSelfClosingElement): FieldAsk | undefined {
  const tag = node.tagName.getText();
  if (!FORM_TAG.test(tag)) return undefined;
  const isLabel = LABEL_TAG.test(tag);
  const parts: FieldPart[] = [];
  let id: string | undefined;
  for (const attr of node.attributes.properties) {
    if (!ts.isJsxAttribute(attr) || !attr.initializer) continue;
    const name = attr.name.getText();
    const role = JSX_TEXT_ATTRS.has(name) ? 'text' : JSX_NAME_ATTRS.has(name) ? 'name' : undefined;
    if (!role) continue;
    const init = attr.initializer;
    const value = ts.isStringLiteral(init) ? init.text : ts.isJsxExpression(init) ? staticText(init.expression) : undefined;
    if (value === undefined) continue;
    parts.push({ role, value, node: init });
    if (isLabel ? name === 'htmlFor' || name === 'labelFor' : name === 'id') id = value;
  }
  if (isLabel && ts.isJsxOpeningElement(node) && ts.isJsxElement(node.parent)) {
    for (const child of node.parent.children) {
      if (ts.isJsxText(child) && !child.containsOnlyTriviaWhiteSpaces) parts.push({ role: 'text', value: child.text, node: child });
    }
  }
  if (parts.length === 0) return undefined;
  // <label htmlFor="x"> and <input id="x"> are one field.
  return { kind: 'form field', parts, key: id !== undefined ? `id:${id}` : node, anchor: node.tagName, isLabel };
}

const INPUT_TYPES = /^(?:input|password|text|invisible|editor|string)$/;
const PROMPT_FUNCS = /^(?:password|input|text|prompt|ask|secret|invisible)$/;
/** Prompts answered by a choice, not typed text: "Do you have an API token?" collects no token. */
const CHOICE_TYPES = /^(?:confirm|toggle|list|rawlist|expand|checkbox|select|multiselect|autocomplete)$/;
const CHOICE_FUNCS = /^(?:confirm|toggle|select|checkbox|expand|rawlist|search)$/;
/** A question whose answer is yes or no: "Use an existing token? (y/N)". */
const YES_NO = /\(\s*y(?:es)?\s*\/\s*no?\s*\)|\[\s*y(?:es)?\s*\/\s*no?\s*\]/i;
const OBJECT_TEXT_KEYS = new Set(['label', 'placeholder', 'placeHolder', 'prompt', 'helperText', 'hint', 'ariaLabel', 'aria-label']);

/**
 * Question and field objects: `{ type: 'password', name: 'jiraToken', message: 'Jira API token:' }`,
 * `password({ message })`, `showInputBox({ prompt, password: true })`, form schemas `{ name, label }`.
 */
export function objectField(obj: ts.ObjectLiteralExpression): FieldAsk | undefined {
  const own = new Map<string, ts.PropertyAssignment>();
  for (const p of obj.properties) {
    const key = ts.isPropertyAssignment(p) ? propertyNameText(p.name) : undefined;
    if (key !== undefined && ts.isPropertyAssignment(p)) own.set(key, p);
  }
  const call = ts.isCallExpression(obj.parent) ? obj.parent : undefined;
  const fn = call ? calleeName(call) : undefined;
  const type = staticText(own.get('type')?.initializer);
  // A yes/no or pick-one question asks for no value the user types (issue 16, item 15).
  if ((type !== undefined && CHOICE_TYPES.test(type)) || (fn !== undefined && CHOICE_FUNCS.test(fn))) return undefined;
  const inputBox = fn === 'showInputBox' || fn === 'createInputBox';
  const question = own.has('message') && ((type !== undefined && INPUT_TYPES.test(type)) || own.has('name') || (fn !== undefined && PROMPT_FUNCS.test(fn)));
  const textKeys = [...OBJECT_TEXT_KEYS, ...(question ? ['message'] : []), ...(inputBox || own.has('password') ? ['title'] : [])];
  const parts: FieldPart[] = [];
  for (const key of textKeys) {
    const p = own.get(key);
    const value = staticText(p?.initializer);
    if (p && value !== undefined) parts.push({ role: 'text', value, node: p.initializer });
  }
  const isField = parts.length > 0 || (type !== undefined && /^(?:password|invisible)$/.test(type));
  if (!isField) return undefined;
  for (const key of ['name', 'id', 'key']) {
    const p = own.get(key);
    const value = staticText(p?.initializer);
    if (p && value !== undefined) parts.push({ role: 'name', value, node: p.initializer });
  }
  return { kind: inputBox ? 'input box' : question ? 'prompt' : 'form field', parts, key: obj };
}

/** `--jira-token <token>`, `-t, --api-token [value]` → `jira-token`, `api-token`. */
function flagName(flags: string): string {
  const words = flags.split(/[\s,|]+/).filter((w) => /^-{0,2}[\w.-]+$/.test(w));
  const long = words.find((w) => w.startsWith('--')) ?? words[0] ?? '';
  return long.replace(/^-+/, '');
}

function optionAsk(node: ts.Node, flag: string | undefined, flagNode: ts.Node | undefined, desc: ts.Expression | undefined): FieldAsk | undefined {
  if (flag === undefined || !flagNode) return undefined;
  const name = flagName(flag);
  const parts: FieldPart[] = [{ role: 'name', value: name, node: flagNode }];
  // `--cloud-id <id>`, "Atlassian Cloud ID for scoped API tokens": the option holds the id.
  if (OTHER_VALUE_NAME.test(name)) return { kind: 'command-line option', parts, key: node };
  const d = desc ? resolveExpression(desc) : undefined;
  const text = d && ts.isObjectLiteralExpression(d)
    ? staticText(d.properties.map((p) => (ts.isPropertyAssignment(p) && /^(?:describe|description|desc)$/.test(propertyNameText(p.name) ?? '') ? p.initializer : undefined)).find((x) => x))
    : staticText(desc);
  if (text !== undefined && desc) parts.unshift({ role: 'text', value: text, node: desc });
  return { kind: 'command-line option', parts, key: node };
}

const QUESTION_FUNCS = /^(?:question|questionNewPassword|prompt|ask|askQuestion|promptSecret|promptPassword)$/;

/** readline/prompt questions, commander/yargs options (setting rows: `./setting-rows`). */
export function callFields(node: ts.CallExpression | ts.NewExpression): FieldAsk[] {
  const name = calleeName(node);
  const args: readonly ts.Expression[] = node.arguments ?? [];
  if (!name) return [];
  if (ts.isNewExpression(node)) {
    const ask = name === 'Option' ? optionAsk(node, staticText(args[0]), args[0], args[1]) : undefined;
    return ask ? [ask] : [];
  }
  const first = args[0];
  if (QUESTION_FUNCS.test(name)) {
    const text = staticText(first);
    if (text !== undefined && YES_NO.test(text)) return [];
    return text !== undefined && first ? [{ kind: 'prompt', parts: [{ role: 'text', value: text, node: first }], key: node }] : [];
  }
  if (name === 'option' || name === 'requiredOption') {
    const ask = optionAsk(node, staticText(first), first, args[1]);
    return ask ? [ask] : [];
  }
  if (name === 'options' && first) {
    const obj = resolveExpression(first);
    if (!ts.isObjectLiteralExpression(obj)) return [];
    return obj.properties.flatMap((p) => {
      if (!ts.isPropertyAssignment(p)) return [];
      const ask = optionAsk(p, propertyNameText(p.name), p.name, p.initializer);
      return ask ? [ask] : [];
    });
  }
  return [];
}

// A tag ends at the next `<` too: an unclosed `<input ` then scans only to the next tag, so repeated
// ones cost linear time, not quadratic (issue 14: a template of 20,000 `<input `).
const HTML_INPUT = /<(?:input|textarea)\b[^<>]*>/gi;
const HTML_ATTR = /\b(name|id|placeholder|aria-label|title)\s*=\s*(["'])([^"'<>]{1,200})\2/gi;
const HTML_LABEL = /<label\b[^<>]*>([^<]{1,200})</gi;

/** Form fields written as HTML inside a string or template: offsets are into `source`, from `base`. */
export function htmlFields(source: string, base: number): { role: 'text' | 'name'; value: string; offset: number; end: number }[] {
  if (!/<(?:input|textarea|label)\b/i.test(source)) return [];
  const out: { role: 'text' | 'name'; value: string; offset: number; end: number }[] = [];
  for (const tag of source.matchAll(HTML_INPUT)) {
    for (const attr of tag[0].matchAll(HTML_ATTR)) {
      const role = attr[1] === 'name' || attr[1] === 'id' ? 'name' : 'text';
      const offset = base + (tag.index ?? 0) + (attr.index ?? 0);
      out.push({ role, value: attr[3] ?? '', offset, end: offset + attr[0].length });
    }
  }
  for (const label of source.matchAll(HTML_LABEL)) {
    const offset = base + (label.index ?? 0);
    out.push({ role: 'text', value: label[1] ?? '', offset, end: offset + label[0].length - 1 });
  }
  return out;
}
