import * as ts from 'typescript';
import type { Visitors } from '../rule';
import { callFields, jsxField, objectField, staticText, type FieldAsk } from './fields';
import { settingField } from './setting-rows';

/**
 * The AST visitors that find every shape a field, prompt or setting asking a person for something can
 * take (JSX inputs, form-schema objects, prompt and option calls, setting rows, `x.prompt = '…'`, HTML
 * written in strings). Shared by the rules that judge what is asked for (API tokens, OAuth app
 * credentials); each passes what it does with an ask and with HTML text.
 */
export function fieldAskVisitors(text: string, consider: (ask: FieldAsk | undefined) => void, html: (node: ts.Node) => void): Visitors {
  const hasHtml = /<(?:input|textarea|label)\b/i.test(text);
  return {
    [ts.SyntaxKind.JsxOpeningElement]: (n) => consider(jsxField(n as ts.JsxOpeningElement)),
    [ts.SyntaxKind.JsxSelfClosingElement]: (n) => consider(jsxField(n as ts.JsxSelfClosingElement)),
    [ts.SyntaxKind.ObjectLiteralExpression]: (n) => consider(objectField(n as ts.ObjectLiteralExpression)),
    [ts.SyntaxKind.CallExpression]: (n) => {
      callFields(n as ts.CallExpression).forEach((a) => consider(a));
      consider(settingField(n as ts.CallExpression));
    },
    [ts.SyntaxKind.NewExpression]: (n) => callFields(n as ts.NewExpression).forEach((a) => consider(a)),
    // inputBox.prompt = 'Jira API token'; field.placeholder = '…'
    [ts.SyntaxKind.BinaryExpression]: (n) => {
      const b = n as ts.BinaryExpression;
      if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) return;
      if (!/^(?:prompt|placeholder|placeHolder)$/.test(b.left.name.text)) return;
      const value = staticText(b.right);
      if (value !== undefined) consider({ kind: 'input box', parts: [{ role: 'text', value, node: b.right }], key: b });
    },
    ...(hasHtml ? { [ts.SyntaxKind.StringLiteral]: html, [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: html, [ts.SyntaxKind.TemplateExpression]: html } : {}),
  };
}

/** Nodes whose text reaches the person using the app (strings, template parts, JSX text); comments do not. */
export const USER_TEXT_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.JsxText,
]);

/** The deepest node at an offset: descends one path, it never walks the whole tree. */
export function nodeAt(sf: ts.SourceFile, pos: number): ts.Node {
  let node: ts.Node = sf;
  for (;;) {
    const child = ts.forEachChild(node, (c) => (c.getStart(sf) <= pos && pos < c.end ? c : undefined));
    if (!child) return node;
    node = child;
  }
}
