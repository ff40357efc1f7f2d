import type { Migration } from './migration.ts';

// Feedback has no foreign key to issued_cards: it outlives the decision log (retention), so it
// carries its own copy of the rule id, version and card issue time.
export const initialSchema: Migration = {
  version: 1,
  file: '001-initial.ts',
  name: 'decisions, rule evaluations, issued cards, feedback',
  sqlite: `
CREATE TABLE decisions (
  id                 TEXT PRIMARY KEY,
  decided_at         TEXT NOT NULL,
  service_id         TEXT NOT NULL,
  hook               TEXT NOT NULL,
  hook_instance      TEXT NOT NULL,
  patient_pseudonym  TEXT,
  rule_set_version   TEXT NOT NULL,
  data_source        TEXT NOT NULL CHECK (data_source IN ('prefetch', 'fhir-fallback', 'mixed', 'none')),
  status_code        INTEGER NOT NULL,
  duration_ms        REAL NOT NULL,
  data_quality_notes TEXT NOT NULL
);
CREATE INDEX decisions_decided_at ON decisions (decided_at);

CREATE TABLE rule_evaluations (
  decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  fired        INTEGER NOT NULL CHECK (fired IN (0, 1)),
  PRIMARY KEY (decision_id, rule_id, rule_version)
);
CREATE INDEX rule_evaluations_rule ON rule_evaluations (rule_id, rule_version);

CREATE TABLE issued_cards (
  uuid         TEXT PRIMARY KEY,
  decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  service_id   TEXT NOT NULL,
  issued_at    TEXT NOT NULL,
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  topic        TEXT NOT NULL,
  indicator    TEXT NOT NULL CHECK (indicator IN ('info', 'warning', 'critical')),
  summary      TEXT NOT NULL,
  shadow       INTEGER NOT NULL CHECK (shadow IN (0, 1))
);
CREATE INDEX issued_cards_decision ON issued_cards (decision_id);
CREATE INDEX issued_cards_issued_at ON issued_cards (issued_at);

CREATE TABLE feedback (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  card_uuid            TEXT NOT NULL,
  service_id           TEXT NOT NULL,
  rule_id              TEXT NOT NULL,
  rule_version         TEXT NOT NULL,
  card_issued_at       TEXT NOT NULL,
  outcome              TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  outcome_at           TEXT NOT NULL,
  received_at          TEXT NOT NULL,
  accepted_suggestions TEXT NOT NULL,
  override_system      TEXT,
  override_code        TEXT,
  override_display     TEXT,
  override_comment     TEXT,
  item                 TEXT NOT NULL
);
CREATE INDEX feedback_card ON feedback (card_uuid);
CREATE INDEX feedback_card_issued_at ON feedback (card_issued_at);
`,
  postgres: `
CREATE TABLE decisions (
  id                 TEXT PRIMARY KEY,
  decided_at         TIMESTAMPTZ NOT NULL,
  service_id         TEXT NOT NULL,
  hook               TEXT NOT NULL,
  hook_instance      TEXT NOT NULL,
  patient_pseudonym  TEXT,
  rule_set_version   TEXT NOT NULL,
  data_source        TEXT NOT NULL CHECK (data_source IN ('prefetch', 'fhir-fallback', 'mixed', 'none')),
  status_code        INTEGER NOT NULL,
  duration_ms        DOUBLE PRECISION NOT NULL,
  data_quality_notes JSONB NOT NULL
);
CREATE INDEX decisions_decided_at ON decisions (decided_at);

CREATE TABLE rule_evaluations (
  decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  fired        BOOLEAN NOT NULL,
  PRIMARY KEY (decision_id, rule_id, rule_version)
);
CREATE INDEX rule_evaluations_rule ON rule_evaluations (rule_id, rule_version);

CREATE TABLE issued_cards (
  uuid         TEXT PRIMARY KEY,
  decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
  service_id   TEXT NOT NULL,
  issued_at    TIMESTAMPTZ NOT NULL,
  rule_id      TEXT NOT NULL,
  rule_version TEXT NOT NULL,
  topic        TEXT NOT NULL,
  indicator    TEXT NOT NULL CHECK (indicator IN ('info', 'warning', 'critical')),
  summary      TEXT NOT NULL,
  shadow       BOOLEAN NOT NULL
);
CREATE INDEX issued_cards_decision ON issued_cards (decision_id);
CREATE INDEX issued_cards_issued_at ON issued_cards (issued_at);

CREATE TABLE feedback (
  id                   BIGSERIAL PRIMARY KEY,
  card_uuid            TEXT NOT NULL,
  service_id           TEXT NOT NULL,
  rule_id              TEXT NOT NULL,
  rule_version         TEXT NOT NULL,
  card_issued_at       TIMESTAMPTZ NOT NULL,
  outcome              TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  outcome_at           TEXT NOT NULL,
  received_at          TIMESTAMPTZ NOT NULL,
  accepted_suggestions JSONB NOT NULL,
  override_system      TEXT,
  override_code        TEXT,
  override_display     TEXT,
  override_comment     TEXT,
  item                 JSONB NOT NULL
);
CREATE INDEX feedback_card ON feedback (card_uuid);
CREATE INDEX feedback_card_issued_at ON feedback (card_issued_at);
`,
};
