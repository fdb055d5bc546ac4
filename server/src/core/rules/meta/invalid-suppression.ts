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
      missingReason:
        'Suppression of {{rules}} has no reason. Add one after "--" so reviewers know why the finding is accepted.',
      unknownRule: 'Unknown rule "{{rule}}" in a suppression directive; run `marketplace-guard rules` to list rule ids.',
      missingRule: 'Suppression directive names no rule id; name the rule it suppresses.',
    },
    fixable: false,
  },
});
