import * as ts from 'typescript';
import type { DeclaredInput, InputKind } from './declared-inputs';

/**
 * Inputs a `package.json` declares: VS Code `contributes.configuration` properties (one section or
 * an array of them) and Raycast `preferences` (of the extension and of each command). Parsed with the
 * TypeScript JSON parser, which keeps exact key ranges and reads what it can of a broken file.
 */

type Json = ts.Expression;

function entries(obj: Json | undefined): [string, ts.PropertyAssignment][] {
  if (!obj || !ts.isObjectLiteralExpression(obj)) return [];
  return obj.properties.flatMap((p) => (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) ? [[p.name.text, p] as [string, ts.PropertyAssignment]] : []));
}

function get(obj: Json | undefined, key: string): Json | undefined {
  return entries(obj).find(([k]) => k === key)?.[1].initializer;
}

function text(obj: Json | undefined, key: string): string | undefined {
  const v = get(obj, key);
  return v && ts.isStringLiteral(v) ? v.text : undefined;
}

function texts(obj: Json | undefined, keys: readonly string[]): string[] {
  return keys.flatMap((k) => {
    const t = text(obj, k);
    return t === undefined ? [] : [t];
  });
}

function items(v: Json | undefined): Json[] {
  if (!v) return [];
  return ts.isArrayLiteralExpression(v) ? [...v.elements] : [v];
}

const SETTING_TEXTS = ['title', 'description', 'markdownDescription', 'deprecationMessage', 'placeholder'];
/** Settings that hold no typed-in secret (`jira.useApiToken: boolean`). */
const NOT_TEXT = /^(?:boolean|number|integer|array|object|null)$/;

function isTextSetting(schema: Json): boolean {
  const type = get(schema, 'type');
  if (!type) return true;
  return items(type).some((t) => ts.isStringLiteral(t) && !NOT_TEXT.test(t.text));
}

/** The inputs of a `package.json` text (VS Code settings, Raycast preferences). */
export function packageInputs(path: string, source: string): DeclaredInput[] {
  const sf = ts.parseJsonText(path, source);
  const root = sf.statements[0]?.expression;
  const pkg = texts(root, ['displayName', 'name', 'title', 'description']);
  const out: DeclaredInput[] = [];
  const add = (kind: InputKind, name: string, key: ts.Node, schema: Json, owner: readonly string[]): void => {
    out.push({ kind, name, texts: texts(schema, SETTING_TEXTS), range: { start: key.getStart(sf), end: key.end }, owner });
  };
  for (const section of items(get(get(root, 'contributes'), 'configuration'))) {
    const owner = [...pkg, ...texts(section, ['title'])];
    for (const [name, p] of entries(get(section, 'properties'))) if (isTextSetting(p.initializer)) add('VS Code setting', name, p.name, p.initializer, owner);
  }
  const preferences = (list: Json | undefined, owner: readonly string[]): void => {
    for (const pref of items(list)) {
      const name = get(pref, 'name');
      const type = text(pref, 'type') ?? 'textfield';
      if (name && ts.isStringLiteral(name) && /^(?:password|textfield)$/.test(type)) add('Raycast preference', name.text, name, pref, owner);
    }
  };
  preferences(get(root, 'preferences'), pkg);
  for (const cmd of items(get(root, 'commands'))) preferences(get(cmd, 'preferences'), [...pkg, ...texts(cmd, ['title', 'description'])]);
  return out;
}
