import { dirname } from '../facts';
import { readManifest, type Manifest } from '../manifest/model';
import type { RuleContext } from '../rule';
import type { ScopeToken } from '../analysis/oauth-scopes';
import { assess, assessThreeLo, type Assessment } from './assess';

/**
 * The scope assessment of the manifest a rule is checking, or undefined when no code of its app
 * was seen (a lone manifest: nothing tells which scopes are used, so nothing is reported).
 */
export function manifestAssessment(ctx: RuleContext): { manifest: Manifest; assessment: Assessment } | undefined {
  const manifest = readManifest(ctx.yaml(), ctx.text);
  const usage = ctx.project?.usage(dirname(ctx.path));
  if (!usage) return undefined;
  return { manifest, assessment: assess(manifest, usage) };
}

/** `a, b and 2 more`, for messages. */
export function listText(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * The assessment of the 3LO scopes a non-Forge code file asks for, against the calls of the
 * workspace's non-Forge code; undefined when there is nothing to judge against.
 */
export function threeLoAssessment(ctx: RuleContext, tokens: readonly ScopeToken[]): Assessment | undefined {
  if (tokens.length === 0 || ctx.facts.forge || ctx.facts.test) return undefined;
  const usage = ctx.project?.outsideApps?.();
  if (!usage || usage.length === 0) return undefined;
  return assessThreeLo(tokens.map((t) => ({ value: t.scope, range: t.range, item: t.item })), usage);
}
