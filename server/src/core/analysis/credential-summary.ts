import * as ts from 'typescript';
import { apiTokenVerdict, configuredEndpoints, constructionRoot, credentialOfHeader, credentialOfOption, endpointOf, secretFacts, type Credential, type Endpoint } from './atlassian-auth';
import { authOptionFrom } from './http';
import { findDeclaration, propertyNameText, unwrap } from './scope';
import { NodeMemo } from './session';
import { evaluate, holes, resolveValue } from './values';

/**
 * Summaries of project classes and helper functions that send an Atlassian API token they are
 * given: `class JiraService { constructor({ apiToken }) { this._apiToken = apiToken } send() { … Basic
 * ${this._apiToken} … } }`, `class JiraApi extends Api { constructor(user, token, url) { super({ auth:
 * { username: user, password: token } }) } }`, `createClient(endpoint, user, password)`. Each is
 * summarised once (memoised per declaration node); the places that construct or call it with a token
 * are then reported where the token enters (SPEC rule 2, "wrappers of these clients").
 */

/** Where a credential is built inside a class or function. */
export interface CredentialSite {
  readonly node: ts.Node;
  readonly cred: Credential;
}

/** The token reaches the site from parameter `index` (property `key` of it, when destructured or read). */
export interface TokenInput {
  readonly index: number;
  readonly key?: string;
  readonly site: CredentialSite;
  /** The site itself says Atlassian (host, path, names, code around it); else the caller must. */
  readonly atlassian: boolean;
}

type Callable = ts.ClassLikeDeclaration | ts.FunctionLikeDeclaration;

/** pretend's builder, `.basicAuthentication(username, password)`: a Basic credential; undefined for other calls. */
export function builderCredential(call: ts.CallExpression): Credential | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'basicAuthentication' || call.arguments.length < 2) return undefined;
  const [user, pass] = call.arguments as unknown as [ts.Expression, ts.Expression];
  return { scheme: 'basic', user: evaluate(user), secret: evaluate(pass), authKind: 'client-auth-option' };
}

/** Nodes scanned per declaration: a generated 10,000-line class is not summarised. */
const MAX_NODES = 20_000;
const BASIC = /^\s*basic\b/i;
/** A request made in a declaration's body, by the clients rule 1 knows. */
const SENDS = /\b(?:fetch|axios|got|ky|needle|superagent|request|requestUrl|https?\.(?:request|get))\s*(?:\.\s*\w+\s*)?\(|\.(?:get|post|put|patch|delete|request)\s*\(/;
const MAX_TEXT = 200_000;

/** Per analysis (see ./session): a summary follows call sites and fields outside the declaration. */
const summaries = new NodeMemo<ts.Node, readonly TokenInput[]>();

/** Credential constructions anywhere in a declaration's body. */
export function credentialSites(scope: ts.Node): CredentialSite[] {
  const out: CredentialSite[] = [];
  let budget = MAX_NODES;
  const visit = (n: ts.Node): void => {
    if (--budget < 0) return;
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n)) && BASIC.test(n.text)) {
      const cred = credentialOfHeader({ value: evaluate(constructionRoot(n)), key: n });
      if (cred?.scheme === 'basic') out.push({ node: n, cred });
    } else if (ts.isPropertyAssignment(n) && propertyNameText(n.name) === 'auth') {
      const opt = authOptionFrom(resolveValue(n.initializer));
      if (opt?.kind === 'basic') out.push({ node: n, cred: credentialOfOption(opt) });
    } else if (ts.isCallExpression(n)) {
      const cred = builderCredential(n);
      if (cred) out.push({ node: n, cred });
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return out;
}

function parametersOf(decl: Callable): readonly ts.ParameterDeclaration[] {
  if (ts.isClassLike(decl)) return decl.members.find(ts.isConstructorDeclaration)?.parameters ?? [];
  return decl.parameters;
}

/** `this.x` set in the constructor from a parameter (`this.x = p`, or a parameter property). */
function fieldSource(cls: ts.ClassLikeDeclaration, field: string): ts.Expression | undefined {
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const p of ctor?.parameters ?? []) {
    if (ts.isIdentifier(p.name) && p.name.text === field && ts.getModifiers(p)?.length) return p.name;
  }
  for (const st of ctor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression)) continue;
    const { left, operatorToken, right } = st.expression;
    if (operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === field) return right;
  }
  return undefined;
}

/** Which parameter of `decl` an expression reads, with the property it takes from it. */
function parameterInput(decl: Callable, e: ts.Expression, depth = 0): { index: number; key?: string } | undefined {
  if (depth > 4) return undefined;
  const params = parametersOf(decl);
  const x = unwrap(e);
  if (ts.isIdentifier(x)) {
    const d = findDeclaration(x);
    if (!d) return undefined;
    if (ts.isParameter(d)) {
      const index = params.indexOf(d);
      return index >= 0 ? { index } : undefined;
    }
    if (ts.isBindingElement(d) && ts.isObjectBindingPattern(d.parent) && ts.isParameter(d.parent.parent)) {
      const index = params.indexOf(d.parent.parent);
      const key = d.propertyName ? propertyNameText(d.propertyName) : ts.isIdentifier(d.name) ? d.name.text : undefined;
      return index >= 0 ? { index, ...(key ? { key } : {}) } : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(x)) {
    const owner = unwrap(x.expression);
    if (owner.kind === ts.SyntaxKind.ThisKeyword && ts.isClassLike(decl)) {
      const src = fieldSource(decl, x.name.text);
      return src ? parameterInput(decl, src, depth + 1) : undefined;
    }
    // `config.apiToken`, `this.config.apiToken`: the property of a parameter passed whole.
    const inner = parameterInput(decl, owner, depth + 1);
    return inner && inner.key === undefined ? { index: inner.index, key: x.name.text } : undefined;
  }
  return undefined;
}

const URL_KEYS = ['url', 'baseURL', 'baseUrl', 'uri', 'prefixUrl'];

/** The URL configured beside a credential (`axios({ url, headers })`), to tell GitHub's from Atlassian's. */
function endpointNear(node: ts.Node): Endpoint {
  return configuredEndpoints(node, URL_KEYS).next().value ?? endpointOf(undefined, undefined);
}

/**
 * The parameters of a class constructor (or function) whose value is sent as the secret of an
 * Atlassian Basic credential built inside it. Empty when none is.
 */
export function tokenInputs(decl: Callable): readonly TokenInput[] {
  const known = summaries.get(decl);
  if (known) return known;
  summaries.set(decl, []); // a class that constructs itself recursively sees "nothing" meanwhile
  const out: TokenInput[] = [];
  // A helper that only returns a header string does not send it: the request that does is reported
  // where it is made (rule 1 follows the helper). A wrapper sends: a request in its body, an auth option.
  const sends = SENDS.test(decl.getText().slice(0, MAX_TEXT));
  for (const site of credentialSites(decl)) {
    if (!sends && !ts.isPropertyAssignment(site.node) && !ts.isCallExpression(site.node)) continue;
    const facts = secretFacts(site.cred);
    const endpoint = endpointNear(site.node);
    if (facts.placeholder || facts.clientSecret || endpoint.otherHost) continue;
    const atlassian = apiTokenVerdict(endpoint, site.cred, facts, site.node) !== undefined;
    for (const h of holes(site.cred.secret)) {
      const input = parameterInput(decl, h.node);
      if (input && !out.some((o) => o.index === input.index && o.key === input.key)) out.push({ ...input, site, atlassian });
    }
  }
  summaries.set(decl, out);
  return out;
}
