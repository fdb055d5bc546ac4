import { isMap, isScalar, type Document } from 'yaml';
import type { DeclaredInput } from './declared-inputs';

/**
 * The `inputs` a GitHub Action declares in `action.yml`/`action.yaml`: each is a value the workflow
 * author is asked for (`jira_token`, "Jira API token"). The action's `name` and `description` say
 * what it talks to.
 */

export function isActionFile(path: string): boolean {
  return /(?:^|\/)action\.ya?ml$/i.test(path);
}

function scalarText(v: unknown): string | undefined {
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

export function actionInputs(doc: Document.Parsed): DeclaredInput[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const owner = ['name', 'description'].flatMap((k) => scalarText(root.get(k, true)) ?? []);
  const inputs = root.get('inputs', true);
  if (!isMap(inputs)) return [];
  const out: DeclaredInput[] = [];
  for (const pair of inputs.items) {
    const key = pair.key;
    const name = scalarText(key);
    if (!isScalar(key) || name === undefined || !key.range) continue;
    const spec = pair.value;
    const texts = isMap(spec) ? ['description', 'deprecationMessage'].flatMap((k) => scalarText(spec.get(k, true)) ?? []) : [];
    out.push({ kind: 'action input', name, texts, range: { start: key.range[0], end: key.range[1] }, owner });
  }
  return out;
}
