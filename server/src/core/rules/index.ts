import type { Rule } from '../rule';
import invalidSuppression from './meta/invalid-suppression';
import noApiTokenLiteral from './code/no-api-token-literal';

/** Every rule, in SPEC order. A test checks this list equals the files in `rules/code` and `rules/meta`. */
export const ALL_RULES: readonly Rule[] = [
  noApiTokenLiteral,
  invalidSuppression,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));
