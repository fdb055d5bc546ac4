import * as ts from 'typescript';
import {
  credentialOfHeader,
  credentialOfOption,
  describeCredential,
  endpointData,
  endpointOf,
  apiTokenVerdict,
  mayBeApiToken,
  quietInTests,
  secretFacts,
  constructionRoot,
  hostNearby,
  type Credential,
  type Endpoint,
  type Verdict,
} from '../../analysis/atlassian-auth';
import { authOptionFrom, httpIndexFor, httpVisitors, type HttpRequest } from '../../analysis/http';
import { propertyNameText } from '../../analysis/scope';
import { credentialRelated } from '../../analysis/credential-related';
import { builderCredential } from '../../analysis/credential-summary';
import { evaluate, resolveValue } from '../../analysis/values';
import { migrateRequest, refusalNote } from '../../migration';
import type { Range } from '../../model';
import { defineRule, type RuleContext } from '../../rule';
import { API_TOKEN_FIX, API_TOKEN_POLICY } from '../../policy-words';

/**
 * An Atlassian API token sent with HTTP Basic (or Bearer) auth. Atlassian's Marketplace security
 * policy, "Personal access tokens": "Marketplace apps must not collect, transmit, or store Atlassian
 * user account API tokens"; enforced since 2026-01-01. Each request is reported with its endpoint,
 * which the migration report lists (the notice asks partners for exactly that list).
 */

const SCHEME = /^\s*(?:basic|bearer)\b/i;

function rangeOf(node: ts.Node, end: ts.Node = node): Range {
  return { start: node.getStart(), end: end.getEnd() };
}

export default defineRule({
  id: 'no-api-token-basic-auth',
  kinds: ['code'],
  // Something Atlassian-ish (host, REST path, name, token) and something auth-ish must both appear.
  // Or an Atlassian word and a project import: headers and configs built in another module.
  prefilter:
    /^(?=[\s\S]*?(?:atlassian|jira|confluence|\/rest\/|\/wiki\/|ATATT3|ATCTT3|atl|jsm))(?=[\s\S]*?(?:auth|basic|bearer|password|username|(?:from|require\()\s*['"]\.\.?\/))/i,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not send Atlassian API tokens with HTTP Basic (or Bearer) auth; use OAuth 2.0 (3LO) or Forge.',
    messages: {
      basicAuth: 'API token sent with Basic auth to {{call}}.',
      bearerToken: 'API token sent as a Bearer token to {{call}}.',
      authOption: 'API token sent by the {{client}} auth option to {{call}}.',
      headerBuilt: 'Authorization header built from an API token for {{call}}.',
    },
    detail: `The credential ({{credential}}) goes to {{endpoint}}.{{hostNote}} ${API_TOKEN_POLICY} ${API_TOKEN_FIX}{{fixNote}}`,
    fixable: true,
  },
  create(ctx) {
    const { index, feed } = httpIndexFor(ctx.sourceFile());
    const literals: ts.Node[] = [];
    const authProps: ts.PropertyAssignment[] = [];
    const onLiteral = (n: ts.Node): void => {
      const text = (n as ts.LiteralLikeNode).text;
      const c = text.charCodeAt(0) | 0x20;
      if ((c === 98 || c === 32) && SCHEME.test(text)) literals.push(n);
    };
    // Visitors are registered only when the text can hold what they look for: each costs per node.
    const literalVisitors = /(?:basic|bearer)\b/i.test(ctx.text)
      ? { [ts.SyntaxKind.StringLiteral]: onLiteral, [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: onLiteral, [ts.SyntaxKind.TemplateHead]: onLiteral }
      : {};
    const authVisitors = /\bauth['"]?\s*:/.test(ctx.text)
      ? {
          [ts.SyntaxKind.PropertyAssignment]: (n: ts.Node) => {
            if (propertyNameText((n as ts.PropertyAssignment).name) === 'auth') authProps.push(n as ts.PropertyAssignment);
          },
        }
      : {};
    return {
      ...httpVisitors(index, feed),
      ...literalVisitors,
      ...authVisitors,
      onEnd: () => {
        const consumed = new Set<ts.Node>();
        const requests = index.requests();
        for (const req of requests) checkRequest(ctx, req, consumed, requests);
        for (const lit of literals) {
          if (consumed.has(lit)) continue;
          const root = constructionRoot(lit);
          const cred = credentialOfHeader({ value: evaluate(root), key: lit });
          if (cred) standalone(ctx, root, cred, 'headerBuilt');
        }
        // pretend's builder: `.basicAuthentication(username, token)`.
        if (ctx.text.includes('basicAuthentication')) for (const { call, cred } of builderCalls(ctx.sourceFile())) standalone(ctx, call, cred, 'authOption', 'pretend');
        for (const prop of authProps) {
          const value = resolveValue(prop.initializer);
          if (consumed.has(value.expr)) continue;
          const opt = authOptionFrom(value);
          if (opt) standalone(ctx, prop, credentialOfOption(opt), 'authOption');
        }
      },
    };
  },
});

function checkRequest(ctx: RuleContext, req: HttpRequest, consumed: Set<ts.Node>, requests: readonly HttpRequest[]): void {
  const found: { cred: Credential; messageId: string; built: ts.Node }[] = [];
  for (const h of req.authorization) {
    consumed.add(h.key);
    const cred = credentialOfHeader(h);
    if (cred) found.push({ cred, messageId: cred.scheme === 'bearer' ? 'bearerToken' : 'basicAuth', built: h.key });
  }
  for (const a of req.auth) {
    consumed.add(a.key);
    found.push({ cred: credentialOfOption(a), messageId: a.kind === 'bearer' ? 'bearerToken' : 'authOption', built: a.key });
  }
  let endpoint: Endpoint | undefined;
  for (const { cred, messageId, built } of found) {
    const facts = secretFacts(cred);
    if (!mayBeApiToken(cred, facts)) continue;
    endpoint ??= endpointOf(req.url, req.method);
    const verdict = apiTokenVerdict(endpoint, cred, facts, req.node);
    if (!verdict) continue;
    if (ctx.facts.test && quietInTests(endpoint, facts)) continue;
    const migration = migrateRequest(ctx, req, requests, endpoint);
    ctx.report({
      range: rangeOf(req.node, req.node.arguments[0] ?? req.node),
      messageId,
      data: { credential: describeCredential(cred), endpoint: endpoint.display, call: callOf(endpoint), client: req.client, fixNote: migration.fixNote, hostNote: hostNote(endpoint, verdict) },
      endpoint: endpointData(endpoint, cred.authKind),
      fixes: migration.fixes,
      related: credentialRelated(ctx.path, cred, built),
    });
    return;
  }
}

/** The part of an endpoint that tells two findings apart: `GET /rest/api/3/search/jql` (the host is in the detail). */
function callOf(endpoint: Endpoint): string {
  return endpoint.method && endpoint.path ? `${endpoint.method} ${endpoint.path}` : endpoint.display;
}

/** With a host decided at run time, the finding says why it is Atlassian's and that Data Center differs. */
function hostNote(endpoint: Endpoint, verdict: Verdict): string {
  if (endpoint.atlassianHost) return '';
  const why = verdict.by === 'context' ? ` (${verdict.evidence.reason})` : '';
  return ` The host is set at run time${why}: on Atlassian Cloud this credential can only be an API token (a Data Center site may take a password).`;
}

/** pretend's `.basicAuthentication(user, token)` calls and their credentials (files that mention it only). */
function builderCalls(sf: ts.SourceFile): { call: ts.CallExpression; cred: Credential }[] {
  const out: { call: ts.CallExpression; cred: Credential }[] = [];
  const visit = (n: ts.Node): void => {
    const cred = ts.isCallExpression(n) ? builderCredential(n) : undefined;
    if (cred) out.push({ call: n as ts.CallExpression, cred });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function standalone(ctx: RuleContext, node: ts.Node, cred: Credential, messageId: string, client = 'client'): void {
  const endpoint = hostNearby(node) ?? endpointOf(undefined, undefined);
  const facts = secretFacts(cred);
  const verdict = apiTokenVerdict(endpoint, cred, facts, node);
  if (!verdict) return;
  if (ctx.facts.test && quietInTests(endpoint, facts)) return;
  ctx.report({
    range: rangeOf(node),
    messageId,
    data: {
      credential: describeCredential(cred),
      endpoint: endpoint.display,
      call: callOf(endpoint),
      client,
      fixNote: refusalNote({ reason: 'no request in this file sends this credential, so there is no call to rewrite' }),
      hostNote: hostNote(endpoint, verdict),
    },
    endpoint: endpointData(endpoint, cred.authKind),
    related: credentialRelated(ctx.path, cred, node),
  });
}
