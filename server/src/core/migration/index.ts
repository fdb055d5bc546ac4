import type { HttpRequest } from '../analysis/http';
import type { Fix } from '../model';
import type { RuleContext } from '../rule';
import { foreignFile } from '../analysis/modules';
import { projectFrontEndReason } from '../analysis/project-kind';
import { credentialKeys, isRefusal, relativePath, type Refusal } from './edits';
import { scopeLookup } from './scopes';
import { forgeFixes } from './forge';
import { threeLoFix } from './three-lo';

/**
 * The API-token migration (SPEC §4.2) as the API-token rules offer it: the fixes for one request, or
 * the reason there is none, which the rule appends to its message (`{{fixNote}}`).
 */
export interface MigrationOffer {
  readonly fixes: Fix[];
  /** '' when fixes are offered; otherwise " No automatic fix: <reason>." */
  readonly fixNote: string;
}

export function refusalNote(r: Refusal): string {
  return ` No automatic fix: ${r.reason}.`;
}

function offer(result: Fix | Refusal | readonly Fix[]): MigrationOffer {
  if (Array.isArray(result)) return { fixes: [...(result as readonly Fix[])], fixNote: '' };
  const single = result as Fix | Refusal;
  return isRefusal(single) ? { fixes: [], fixNote: refusalNote(single) } : { fixes: [single], fixNote: '' };
}

/**
 * The credential is built in another module (a helper or config the file imports): the fix edits one
 * file and that module may serve other callers, so it is left to the developer, who is told where.
 */
function importedCredential(ctx: RuleContext, req: HttpRequest): Refusal | undefined {
  const sf = ctx.sourceFile();
  for (const key of credentialKeys(req)) {
    const other = foreignFile(key, sf);
    if (other !== undefined) {
      const what = req.authorization.some((h) => h.key === key) ? 'the Authorization header' : 'the auth option';
      return { reason: `${what} is built in ${relativePath(ctx.path, other)}, which this fix does not edit; change it there to an OAuth 2.0 (3LO) access token` };
    }
  }
  return undefined;
}

/**
 * Code that runs in the browser or ships to users cannot hold the 3LO helper: it needs the client
 * secret and the refresh tokens, which whoever runs the app could then read (SPEC rule 8).
 */
export function browserCode(ctx: RuleContext): Refusal | undefined {
  if (ctx.facts.forge) return undefined;
  const read = ctx.readFile;
  const why =
    ctx.facts.frontEnd ??
    (read ? projectFrontEndReason(ctx.path, ctx.text, (p) => read(p)) : undefined) ??
    (/\.[jt]sx$/i.test(ctx.path) && /from\s+['"]react(?:-dom)?(?:\/client)?['"]/.test(ctx.text) ? 'a React component, which runs in the browser' : undefined);
  if (why === undefined) return undefined;
  return {
    reason: `this code is ${why.replace(/^(?:a|an)\s/i, (m) => m.toLowerCase())}: the OAuth 2.0 (3LO) helper needs the client secret and refresh tokens, which must not ship to users; move these calls to your back end and migrate them there`,
  };
}

/** Fixes for a request that sends an API token: the 3LO form (the Forge form in Forge code). */
export function migrateRequest(ctx: RuleContext, req: HttpRequest, requests: readonly HttpRequest[], endpoint: { method?: string; path?: string }): MigrationOffer {
  try {
    const elsewhere = importedCredential(ctx, req) ?? browserCode(ctx);
    if (elsewhere) return offer(elsewhere);
    const input = { path: ctx.path, sf: ctx.sourceFile(), requests, lookup: scopeLookup(), ...(ctx.readFile ? { readFile: (p: string) => ctx.readFile?.(p) } : {}) };
    return offer(ctx.facts.forge ? forgeFixes(input, req, endpoint) : threeLoFix(input, req, endpoint));
  } catch (err) {
    // A fix that cannot be computed must never cost the finding itself.
    return { fixes: [], fixNote: refusalNote({ reason: `the rewrite failed (${err instanceof Error ? err.message : String(err)})` }) };
  }
}
