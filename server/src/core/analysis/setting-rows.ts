import * as ts from 'typescript';
import { calleeName, OTHER_VALUE_TEXT, staticText, type FieldAsk } from './fields';

/**
 * Obsidian-style setting rows: `new Setting(el).setName('Jira API token').setDesc(…).addText(t =>
 * t.setPlaceholder(…))`. The name, description, tooltip and the placeholder of the row's text input
 * are one field. A row whose only controls are buttons, toggles or dropdowns asks for no typed value
 * ("Activate API token authentication"), and a row named for something else ("Email", "Site URL")
 * does not become a token field because its description mentions the token.
 */

const SETTING_FUNCS = /^(?:setName|setDesc|setPlaceholder|setTooltip)$/;
const TEXT_CONTROL = /^add(?:Text|TextArea|Search|Password)$/;
const OTHER_CONTROL = /^add(?:Button|ExtraButton|Toggle|Dropdown|Slider|ColorPicker|MomentFormat)$/;
/** A row name that itself says token or secret, whatever else it names ("Atlassian account API token"). */
const SECRET_TEXT = /token|password|passwd|\bPATs?\b|\bkey\b|secret|credential/i;

/** The innermost receiver of a method chain: `new Setting(el).setName(…).setDesc(…)` → `new Setting(el)`. */
function chainRoot(expr: ts.Expression): ts.Node {
  let e = expr;
  while (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e)) e = e.expression;
  return e;
}

/** The text control whose callback a call sits in: `.addText((t) => t.setPlaceholder(…))`. */
function textControl(call: ts.CallExpression): ts.CallExpression | undefined {
  let n: ts.Node = call;
  for (let i = 0; i < 10 && n.parent; i++) {
    const from = n;
    n = n.parent;
    // Inside its callback, not the chain it is called on.
    if (ts.isCallExpression(n) && n.arguments.some((a) => a === from) && TEXT_CONTROL.test(calleeName(n) ?? '')) return n;
  }
  return undefined;
}

/** The calls of the whole chain a call is part of, below and above it. */
function chainCalls(call: ts.CallExpression): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  for (let e: ts.Expression = call; ts.isCallExpression(e) || ts.isPropertyAccessExpression(e); e = e.expression) if (ts.isCallExpression(e)) out.push(e);
  let n: ts.Node = call;
  while (ts.isPropertyAccessExpression(n.parent) && ts.isCallExpression(n.parent.parent) && n.parent.parent.expression === n.parent) {
    n = n.parent.parent;
    out.push(n as ts.CallExpression);
  }
  return out;
}

/** A setting-row call as a field ask, keyed by its row. */
export function settingField(call: ts.CallExpression): FieldAsk | undefined {
  const fn = calleeName(call) ?? '';
  const first = call.arguments[0];
  if (!SETTING_FUNCS.test(fn) || !first) return undefined;
  const text = staticText(first);
  if (text === undefined) return undefined;
  const control = textControl(call);
  if (!control) {
    const calls = chainCalls(call);
    const methods = calls.map((c) => calleeName(c) ?? '');
    if (methods.some((m) => OTHER_CONTROL.test(m)) && !methods.some((m) => TEXT_CONTROL.test(m))) return undefined;
    const name = fn === 'setName' ? undefined : staticText(calls.find((c) => calleeName(c) === 'setName')?.arguments[0]);
    if (name !== undefined && OTHER_VALUE_TEXT.test(name) && !SECRET_TEXT.test(name)) return undefined;
  }
  return { kind: 'settings field', parts: [{ role: 'text', value: text, node: first }], key: chainRoot(control ?? call) };
}
