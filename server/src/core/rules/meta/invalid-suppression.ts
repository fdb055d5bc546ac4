import { defineRule } from '../../rule';

/**
 * Reports suppression directives that hide findings without saying why, or that name no known rule.
 * The engine runs it on every file that has a directive (see engine.ts).
 */
export default defineRule({
  id: 'invalid-suppression',
  kinds: ['code', 'manifest', 'env', 'json', 'yaml', 'markdown'],
  prefilter: /marketplace-guard-disable-/,
  meta: {
    category: 'meta',
    defaultSeverity: 'info',
    policy: 'Marketplace Guard suppression directives',
    description: 'Give every suppression a known rule id and a reason after `--`.',
    messages: {
      missingReason: 'Suppression of {{rules}} has no reason.',
      unknownRule: 'Unknown rule "{{rule}}" in a suppression directive.',
      missingRule: 'Suppression directive names no rule id.',
    },
    details: {
      missingReason: 'Reviewers need to know why the finding is accepted ("Marketplace Guard suppression directives"). Fix: add a reason after "--".',
      unknownRule: 'The directive suppresses nothing ("Marketplace Guard suppression directives"). Fix: correct the id; `marketplace-guard rules` lists rule ids.',
      missingRule: 'The directive suppresses nothing ("Marketplace Guard suppression directives"). Fix: name the rule it suppresses.',
    },
    fixable: false,
  },
});
