/** The report's grouped queries in PostgreSQL; $1/$2 bound the half-open time range. */
export const REPORT_SQL = {
  // Decisions in range counted per rule list first, then spread over the list's rules.
  evaluations: `SELECT m.rule_id, m.rule_version, SUM(n.decisions) AS evaluated
    FROM (SELECT rule_list, COUNT(*) AS decisions FROM decisions WHERE decided_at >= $1 AND decided_at < $2 GROUP BY rule_list) n
    JOIN rule_list_rules m ON m.rule_list = n.rule_list GROUP BY m.rule_id, m.rule_version`,
  fires: `SELECT f.rule_id, f.rule_version, COUNT(*) AS fired
    FROM rule_fires f JOIN decisions d ON d.id = f.decision_id
    WHERE d.decided_at >= $1 AND d.decided_at < $2 GROUP BY f.rule_id, f.rule_version`,
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
