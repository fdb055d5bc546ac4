import * as ts from 'typescript';
import type { RelatedReport } from '../model';
import type { Credential } from './atlassian-auth';
import { constructionRoot } from './atlassian-auth';
import { holes, type SymbolicString } from './values';

/**
 * Where a credential's evidence lives, for a finding that sits at the request: the expression that
 * builds it (`'Basic ' + Buffer.from(…)`, `auth: { username, password }`) and the places its token
 * comes from (`process.env.JIRA_API_TOKEN`, `this.settings.token`, a parameter), in this file or the
 * helper module they were followed into. Names only: never a value.
 */
export function credentialRelated(path: string, cred: Credential, built: ts.Node | undefined): RelatedReport[] {
  const out: RelatedReport[] = [];
  const add = (node: ts.Node, message: string): void => {
    out.push(relatedAt(node, path, message));
  };
  const encoded = cred.encodedAt ?? firstEncoded(cred.secret) ?? (cred.user ? firstEncoded(cred.user) : undefined);
  const root = built && (ts.isStringLiteralLike(built) || ts.isTemplateHead(built)) ? constructionRoot(built) : built;
  if (root) add(root, cred.scheme === 'bearer' ? 'Bearer credential built here' : 'Basic credential built here');
  if (encoded && (!root || encoded.getStart() < root.getStart() || encoded.getEnd() > root.getEnd() || encoded.getSourceFile() !== root.getSourceFile())) add(encoded, 'identity and token joined and encoded here');
  for (const h of holes(cred.secret).slice(0, 2)) add(h.node, `token comes from ${h.name}`);
  return out;
}

/** A node as a related location of a finding in `path`: the node's own file named when it is another. */
export function relatedAt(node: ts.Node, path: string, message: string): RelatedReport {
  const sf = node.getSourceFile();
  return { ...(sf.fileName === path ? {} : { file: sf.fileName }), range: { start: node.getStart(sf), end: node.getEnd() }, message };
}

function firstEncoded(v: SymbolicString): ts.Node | undefined {
  for (const p of v) if (p.kind === 'encoded') return p.node;
  return undefined;
}
