import type { Migration } from './migration.ts';

// The (rule_id, rule_version) index made every decision touch one index page per evaluated rule
// (≈56 pages, 0.4 ms of the ≈0.6 ms write on the bench machine) and no query used it: the rule
// report drives from decisions.decided_at and joins on the primary key (docs/performance.md).
export const dropEvaluationRuleIndex: Migration = {
  version: 2,
  file: '002-drop-evaluation-rule-index.ts',
  name: 'drop the unused rule_evaluations (rule_id, rule_version) index',
  sqlite: 'DROP INDEX IF EXISTS rule_evaluations_rule;',
  postgres: 'DROP INDEX IF EXISTS rule_evaluations_rule;',
};
