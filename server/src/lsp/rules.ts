import { CATEGORY_TITLES } from '../core/report/shared';
import { ALL_RULES } from '../core/rules';
import type { RulesResult } from '../protocol';

/** `marketplaceGuard/rules`: every rule's metadata, as Show Rule Documentation lists it. */
export function rulesResult(): RulesResult {
  return {
    rules: ALL_RULES.map((r) => ({
      id: r.id,
      category: r.meta.category,
      area: CATEGORY_TITLES[r.meta.category],
      defaultSeverity: r.meta.defaultSeverity,
      policy: r.meta.policy,
      description: r.meta.description,
      fixable: r.meta.fixable,
    })),
  };
}
