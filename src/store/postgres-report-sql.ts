/** The report's grouped queries in PostgreSQL; $1/$2 bound the half-open time range. */
export const REPORT_SQL = {
  evaluations: `SELECT e.rule_id, e.rule_version, COUNT(*) AS evaluated, COUNT(*) FILTER (WHERE e.fired) AS fired
    FROM rule_evaluations e JOIN decisions d ON d.id = e.decision_id
    WHERE d.decided_at >= $1 AND d.decided_at < $2 GROUP BY e.rule_id, e.rule_version`,
  cards: `SELECT rule_id, rule_version, COUNT(*) FILTER (WHERE NOT shadow) AS shown, COUNT(*) FILTER (WHERE shadow) AS shadow_fires
    FROM issued_cards WHERE issued_at >= $1 AND issued_at < $2 GROUP BY rule_id, rule_version`,
  outcomes: `SELECT rule_id, rule_version,
      COUNT(DISTINCT card_uuid) FILTER (WHERE outcome = 'accepted') AS accepted,
      COUNT(DISTINCT card_uuid) FILTER (WHERE outcome = 'overridden') AS overridden,
      COUNT(DISTINCT card_uuid) FILTER (WHERE outcome = 'overridden' AND override_comment IS NOT NULL) AS comments
    FROM feedback WHERE card_issued_at >= $1 AND card_issued_at < $2 GROUP BY rule_id, rule_version`,
  reasons: `SELECT rule_id, rule_version, override_system, override_code, MAX(override_display) AS override_display,
      COUNT(DISTINCT card_uuid) AS count
    FROM feedback WHERE outcome = 'overridden' AND override_code IS NOT NULL AND card_issued_at >= $1 AND card_issued_at < $2
    GROUP BY rule_id, rule_version, override_system, override_code`,
} as const;
