import { dirname } from '../facts';
import { readManifest, type Manifest } from '../manifest/model';
import type { RuleContext } from '../rule';
import type { ScopeToken } from '../analysis/oauth-scopes';
import { assess, assessThreeLo, type Assessment } from './assess';
import { isConnectDescriptorPath, parseConnectDescriptor, type ConnectDescriptor, type Located as JsonLocated } from '../analysis/connect-descriptor';
import { assessConnect, type ConnectAssessment } from './connect-assess';

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

/**
 * The scope assessment of the Atlassian Connect descriptor a rule is checking (`atlassian-connect.json`),
 * or undefined when the file is not one or no code of its app was seen (nothing to judge against).
 */
export function connectAssessment(ctx: RuleContext): { descriptor: ConnectDescriptor; assessment: ConnectAssessment } | undefined {
  if (ctx.kind !== 'json' || !isConnectDescriptorPath(ctx.path) || !ctx.project?.connectUsage) return undefined;
  const descriptor = parseConnectDescriptor(ctx.text);
  if (!descriptor || descriptor.scopes.length === 0) return undefined;
  const usage = ctx.project.connectUsage(dirname(ctx.path));
  if (!usage) return undefined;
  return { descriptor, assessment: assessConnect(descriptor, usage) };
}

/** The edit that removes one string of a JSON array (with its comma), given every item of the array in order. */
export function removeJsonItem(items: readonly JsonLocated[], item: JsonLocated): { range: { start: number; end: number }; newText: string } {
  const i = items.indexOf(item);
  const next = items[i + 1];
  const prev = items[i - 1];
  // Strings' ranges are inside the quotes: the item runs from its opening quote to the next item's.
  if (next) return { range: { start: item.start - 1, end: next.start - 1 }, newText: '' };
  if (prev) return { range: { start: prev.end + 1, end: item.end + 1 }, newText: '' };
  return { range: { start: item.start - 1, end: item.end + 1 }, newText: '' };
}
