import { planAudit, readForAnalysis } from '../server/src/core/workspace';
import { analyseFile } from '../server/src/core/engine';
import { RULES_BY_ID } from '../server/src/core/rules';
const plan = planAudit('bench/.work/ws-1000');
const files: { path: string; text: string }[] = [];
for (const f of plan.found.files) { const r = readForAnalysis(f.absolute); if ('text' in r) files.push({ path: f.path, text: r.text }); }
const rule = RULES_BY_ID.get(process.argv[2] ?? 'no-api-token-basic-auth')!;
for (let i = 0; i < 3; i++) for (const f of files) analyseFile(f.path, f.text, { forgeRoots: plan.found.forgeRoots, rules: [rule] });
