import * as ts from 'typescript';
import { importedValue } from './modules';
import { findDeclaration, memberName, propertyNameText, unwrap } from './scope';
import { checkBudget, NodeMemo } from './session';

/**
 * Where a call writes to a log, without a type checker: `console.*` and logger-named receivers,
 * VS Code output channels (a receiver created by `createOutputChannel` or typed `OutputChannel`,
 * whatever it is called), and project-local helpers that forward a parameter to one of those
 * (same file, a class method, or a function imported from a relative module). Real extensions and
 * CLIs log through such a helper far more often than through `console` directly.
 */

/** A log call: who writes, with which method, and which arguments end up in the log. */
export interface LogSink {
  /** The receiver as the code names it (`console`, `logger`, `outputChannel`). */
  readonly logger: string;
  readonly method: string;
  readonly args: readonly ts.Expression[];
  /** The project helper the call goes through (`log`, `this.trace`), when it is not the sink itself. */
  readonly helper?: string;
}

const LOG_METHODS = /^(?:log|info|debug|warn|warning|error|trace|fatal|verbose|silly|dir|notice|critical)$/;
const LOGGER = /^(?:console|logger|log|_?logger|winston|pino|signale|debugLog)$|Logger$|^logger/i;
/** `OutputChannel` writes; `LogOutputChannel` adds the level methods. */
const CHANNEL_WRITE = /^(?:append|appendLine|replace)$/;
const CHANNEL_LEVEL = /^(?:info|debug|trace|warn|error)$/;
const CHANNEL_TYPE = /^(?:Log)?OutputChannel$/;
/** Names of imported functions worth following: `log`, `logInfo`, `debug`, `trace`, `printLine`, `writeOutput`. */
const LOG_NAME = /log|trace|debug|info|warn|error|print|write|output|verbose/i;
/** Statements looked at in one helper body: helpers are a few lines; anything longer is not one. */
const MAX_HELPER_NODES = 400;

const channelsByFile = new WeakMap<ts.SourceFile, ReadonlySet<string>>();
/** Per analysis (see ./session): an incremental parse reuses helper nodes whose callees changed. */
const helperCache = new NodeMemo<ts.Node, HelperSummary | null>();

interface HelperSummary {
  readonly logger: string;
  readonly method: string;
  /** Parameter indexes whose value reaches the log; `rest` from this index on, all of them. */
  readonly params: ReadonlySet<number>;
  readonly rest?: number;
}

function isCreateChannel(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const x = unwrap(e);
  return ts.isCallExpression(x) && memberName(unwrap(x.expression)) === 'createOutputChannel';
}

function isChannelType(t: ts.TypeNode | undefined): boolean {
  if (!t) return false;
  if (ts.isTypeReferenceNode(t)) {
    const n = t.typeName;
    return CHANNEL_TYPE.test(ts.isIdentifier(n) ? n.text : n.right.text);
  }
  return ts.isUnionTypeNode(t) && t.types.some(isChannelType);
}

/** Names (variables, fields, parameters) this file binds to an output channel. */
function channelNames(sf: ts.SourceFile): ReadonlySet<string> {
  const known = channelsByFile.get(sf);
  if (known) return known;
  const out = new Set<string>();
  if (sf.text.includes('OutputChannel')) {
    const visit = (n: ts.Node): void => {
      if ((ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isParameter(n)) && (isCreateChannel(n.initializer) || isChannelType(n.type))) {
        const name = ts.isIdentifier(n.name) ? n.name.text : propertyNameText(n.name as ts.PropertyName);
        if (name) out.add(name);
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && isCreateChannel(n.right)) {
        const name = memberName(unwrap(n.left));
        if (name) out.add(name);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  channelsByFile.set(sf, out);
  return out;
}

/** Whether a receiver is an output channel: created or typed as one here, or a channel another module exports. */
function isChannel(receiver: ts.Expression): boolean {
  const r = unwrap(receiver);
  if (isCreateChannel(r)) return true;
  const name = memberName(r);
  if (name === undefined) return false;
  if (channelNames(r.getSourceFile()).has(name)) return true;
  if (!ts.isIdentifier(r)) return false;
  const decl = findDeclaration(r);
  if (!decl || !(ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isBindingElement(decl))) return false;
  const v = importedValue(r);
  return v !== undefined && ts.isVariableDeclaration(v) && (isCreateChannel(v.initializer) || isChannelType(v.type));
}

/** `console.log(…)`, `logger.info(…)`, `channel.appendLine(…)`: the call itself writes to a log. */
export function directSink(call: ts.CallExpression): LogSink | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const owner = unwrap(callee.expression);
  const logger = memberName(owner);
  const channelMethod = CHANNEL_WRITE.test(method) || CHANNEL_LEVEL.test(method);
  if (channelMethod && isChannel(owner)) {
    const args = CHANNEL_WRITE.test(method) ? call.arguments.slice(0, 1) : call.arguments;
    return { logger: logger ?? 'outputChannel', method, args };
  }
  if (!LOG_METHODS.test(method)) return undefined;
  const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : undefined;
  return name !== undefined && LOGGER.test(name) ? { logger: name, method, args: call.arguments } : undefined;
}

type HelperFn = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

function asHelper(n: ts.Node | undefined): HelperFn | undefined {
  if (!n) return undefined;
  if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) return n;
  const init = ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n) ? n.initializer : ts.isExpression(n) ? n : undefined;
  const e = init ? unwrap(init) : undefined;
  return e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) ? e : undefined;
}

/** The function a helper call goes to: `log(…)`, `this.log(…)`, an imported `log`. */
function helperOf(callee: ts.Expression): HelperFn | undefined {
  const c = unwrap(callee);
  if (ts.isIdentifier(c)) {
    const decl = findDeclaration(c);
    if (!decl) return undefined;
    // Another module is parsed only for a name that says it logs.
    if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isBindingElement(decl)) return LOG_NAME.test(c.text) ? asHelper(importedValue(c)) : undefined;
    return asHelper(decl);
  }
  if (ts.isPropertyAccessExpression(c) && c.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ts.findAncestor(c, ts.isClassLike);
    const m = cls?.members.find((x) => propertyNameText(x.name) === c.name.text);
    return asHelper(m);
  }
  return undefined;
}

/** Which parameters an expression passes on: the parameter itself, inside a template, a concatenation or an array. */
function forwarded(e: ts.Expression, params: ReadonlyMap<string, number>, into: Set<number>, depth = 0): void {
  const x = unwrap(e);
  if (depth > 4) return;
  if (ts.isIdentifier(x)) {
    const i = params.get(x.text);
    if (i !== undefined) into.add(i);
  } else if (ts.isTemplateExpression(x)) {
    for (const s of x.templateSpans) forwarded(s.expression, params, into, depth + 1);
  } else if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    forwarded(x.left, params, into, depth + 1);
    forwarded(x.right, params, into, depth + 1);
  } else if (ts.isSpreadElement(x)) {
    forwarded(x.expression, params, into, depth + 1);
  } else if (ts.isCallExpression(x) && /(?:^|\.)(?:String|stringify|format|toString|join)$/.test(x.expression.getText())) {
    for (const a of x.arguments) forwarded(a, params, into, depth + 1);
    if (ts.isPropertyAccessExpression(x.expression)) forwarded(x.expression.expression, params, into, depth + 1);
  }
}

/** What a helper does with its parameters: the sink they reach, or null when none does. */
function summarise(fn: HelperFn, depth: number): HelperSummary | null {
  const cached = helperCache.get(fn);
  if (cached !== undefined) return cached;
  helperCache.set(fn, null);
  const params = new Map<string, number>();
  let rest: number | undefined;
  fn.parameters.forEach((p, i) => {
    if (!ts.isIdentifier(p.name)) return;
    params.set(p.name.text, i);
    if (p.dotDotDotToken) rest = i;
  });
  if (params.size === 0 || !fn.body) return null;
  let seen = 0;
  let result: HelperSummary | null = null;
  const visit = (n: ts.Node): void => {
    if (result || ++seen > MAX_HELPER_NODES || (ts.isFunctionLike(n) && n !== fn)) return;
    checkBudget(); // one walk per helper called: the per-file budget applies inside it
    if (ts.isCallExpression(n)) {
      const sink = directSink(n) ?? (depth < 1 ? helperSink(n, depth + 1) : undefined);
      if (sink) {
        const reached = new Set<number>();
        for (const a of sink.args) forwarded(a, params, reached);
        if (reached.size > 0) {
          result = { logger: sink.logger, method: sink.method, params: reached, ...(rest !== undefined && reached.has(rest) ? { rest } : {}) };
          return;
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  helperCache.set(fn, result);
  return result;
}

function helperSink(call: ts.CallExpression, depth: number): LogSink | undefined {
  const fn = helperOf(call.expression);
  if (!fn || fn === ts.findAncestor(call, (n) => n === fn)) return undefined;
  const s = summarise(fn, depth);
  if (!s) return undefined;
  const args = call.arguments.filter((_a, i) => s.params.has(i) || (s.rest !== undefined && i >= s.rest));
  return args.length > 0 ? { logger: s.logger, method: s.method, args, helper: unwrap(call.expression).getText() } : undefined;
}

/** The log a call writes to, directly or through a project helper; undefined when it writes none. */
export function logSinkOf(call: ts.CallExpression): LogSink | undefined {
  return directSink(call) ?? helperSink(call, 0);
}
