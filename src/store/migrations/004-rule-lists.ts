import type { Migration } from './migration.ts';

// A decision no longer gets one row per evaluated rule (≈54 per patient-view call, docs/store.md):
// it points at a rule list, the set of rule versions it evaluated, stored once and shared by every
// decision that evaluated the same set; only fired rules get per-decision rows (rule_fires).
// Backfill: decisions are grouped by their exact evaluated set (a signature of the sorted pairs,
// each part length-prefixed so no two sets share one; used only here), one list per distinct set;
// members come from one decision of each list.
// Rule lists are never deleted or renumbered: store instances remember their ids in process.
// decisions.rule_list has no foreign key: every decision would lock the one hot rule_lists row
// (PostgreSQL's FK check takes a row lock, written to the tuple) for a list that cannot go away.
export const ruleLists: Migration = {
  version: 4,
  file: '004-rule-lists.ts',
  name: 'rule_lists + rule_list_rules (evaluated sets, once) and rule_fires replace rule_evaluations',
  sqlite: `
CREATE TABLE rule_lists (
  id               INTEGER PRIMARY KEY,
  rule_set_version TEXT NOT NULL,
  hook             TEXT NOT NULL
);
CREATE TABLE rule_list_rules (
  rule_list    INTEGER NOT NULL REFERENCES rule_lists (id),
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  PRIMARY KEY (rule_list, rule_id, rule_version)
) WITHOUT ROWID;
CREATE TABLE rule_fires (
  decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  PRIMARY KEY (decision_id, rule_id, rule_version)
) WITHOUT ROWID;
ALTER TABLE decisions ADD COLUMN rule_list INTEGER;

CREATE TEMP TABLE decision_signatures (decision_rowid INTEGER PRIMARY KEY, rule_set_version TEXT, hook TEXT, signature TEXT);
INSERT INTO temp.decision_signatures
  SELECT d.rowid, d.rule_set_version, d.hook, COALESCE((
    SELECT group_concat(length(e.rule_id) || ':' || e.rule_id || length(e.rule_version) || ':' || e.rule_version, ','
      ORDER BY e.rule_id, e.rule_version)
    FROM rule_evaluations e WHERE e.decision_id = d.id), '')
  FROM decisions d;
CREATE TEMP TABLE list_signatures (
  id INTEGER PRIMARY KEY, rule_set_version TEXT, hook TEXT, signature TEXT, UNIQUE (rule_set_version, hook, signature)
);
INSERT INTO temp.list_signatures (rule_set_version, hook, signature)
  SELECT DISTINCT rule_set_version, hook, signature FROM temp.decision_signatures;
INSERT INTO rule_lists (id, rule_set_version, hook) SELECT id, rule_set_version, hook FROM temp.list_signatures;
UPDATE decisions SET rule_list = (
  SELECT l.id FROM temp.decision_signatures s JOIN temp.list_signatures l
    ON l.rule_set_version = s.rule_set_version AND l.hook = s.hook AND l.signature = s.signature
  WHERE s.decision_rowid = decisions.rowid);
INSERT INTO rule_list_rules (rule_list, rule_id, rule_version)
  SELECT r.rule_list, e.rule_id, e.rule_version
  FROM (SELECT rule_list, MIN(id) AS decision_id FROM decisions GROUP BY rule_list) r
  JOIN rule_evaluations e ON e.decision_id = r.decision_id;
INSERT INTO rule_fires (decision_id, rule_id, rule_version)
  SELECT decision_id, rule_id, rule_version FROM rule_evaluations WHERE fired = 1;
DROP TABLE temp.list_signatures;
DROP TABLE temp.decision_signatures;
DROP TABLE rule_evaluations;
`,
  postgres: `
CREATE TABLE rule_lists (
  id               BIGSERIAL PRIMARY KEY,
  rule_set_version TEXT NOT NULL,
  hook             TEXT NOT NULL
);
CREATE TABLE rule_list_rules (
  rule_list    BIGINT NOT NULL REFERENCES rule_lists (id),
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  PRIMARY KEY (rule_list, rule_id, rule_version)
);
CREATE TABLE rule_fires (
  decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  PRIMARY KEY (decision_id, rule_id, rule_version)
);
ALTER TABLE decisions ADD COLUMN rule_list BIGINT;

CREATE TEMP TABLE decision_signatures ON COMMIT DROP AS
  SELECT d.id AS decision_id, d.rule_set_version, d.hook, COALESCE(e.signature, '') AS signature
  FROM decisions d LEFT JOIN (
    SELECT decision_id, string_agg(length(rule_id) || ':' || rule_id || length(rule_version) || ':' || rule_version, ','
      ORDER BY rule_id, rule_version) AS signature
    FROM rule_evaluations GROUP BY decision_id
  ) e ON e.decision_id = d.id;
CREATE TEMP TABLE list_signatures ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY rule_set_version, hook, signature) AS id, rule_set_version, hook, signature
  FROM (SELECT DISTINCT rule_set_version, hook, signature FROM decision_signatures) s;
INSERT INTO rule_lists (id, rule_set_version, hook) SELECT id, rule_set_version, hook FROM list_signatures;
SELECT setval(pg_get_serial_sequence('rule_lists', 'id'), COALESCE((SELECT MAX(id) FROM rule_lists), 0) + 1, false);
UPDATE decisions d SET rule_list = l.id
  FROM decision_signatures s JOIN list_signatures l USING (rule_set_version, hook, signature)
  WHERE s.decision_id = d.id;
ALTER TABLE decisions ALTER COLUMN rule_list SET NOT NULL;
INSERT INTO rule_list_rules (rule_list, rule_id, rule_version)
  SELECT r.rule_list, e.rule_id, e.rule_version
  FROM (SELECT rule_list, MIN(id) AS decision_id FROM decisions GROUP BY rule_list) r
  JOIN rule_evaluations e ON e.decision_id = r.decision_id;
INSERT INTO rule_fires (decision_id, rule_id, rule_version)
  SELECT decision_id, rule_id, rule_version FROM rule_evaluations WHERE fired;
DROP TABLE rule_evaluations;
`,
};
