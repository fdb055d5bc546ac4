import { removeItem } from '../../manifest/edits';
import { manifestAssessment } from '../../project/context';
import { defineRule } from '../../rule';

/**
 * "Avoid broad or unused scopes" (policy, OAuth scope management). A scope is unused when no API
 * call of the app's code (endpoint → scope table from Atlassian's OpenAPI specs), no storage use, no
 * trigger and no module needs it. Products with calls whose route is decided at run time are not
 * judged: a scope they might need is never called unused.
 */
export default defineRule({
  id: 'no-unused-scope',
  kinds: ['manifest'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'warning',
    policy: 'OAuth scope management',
    description: 'Remove scopes that no API call, storage use, trigger or module of the app needs.',
    messages: {
      unused: '"{{scope}}" is declared but no API call, storage use, trigger or module of this app needs it. Remove it (least privilege; tell existing customers before a scope change).',
    },
    fixable: true,
  },
  check(ctx) {
    const found = manifestAssessment(ctx);
    if (!found) return;
    for (const item of found.assessment.unused) {
      ctx.report({
        range: item.range,
        messageId: 'unused',
        data: { scope: item.value },
        fixes: [{ title: `Remove unused scope ${item.value}`, safe: true, edits: [removeItem(item)] }],
      });
    }
  },
});
