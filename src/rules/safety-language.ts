/**
 * Phrases no card may carry (issue 4, safety principles 1 and 2): advice to change therapy because of
 * a CTC/DTC value, and reassurance from a low or negative result. Checked at rule load on the
 * templates and in tests on every rendered card. Negated mentions ("did not improve") are fine;
 * these patterns target directive or reassuring wording.
 */
const FORBIDDEN: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  {
    pattern:
      /\b(switch|change|escalate|de-?escalate|stop|discontinue|start|initiate|intensify)\b[^.]{0,40}\b(therapy|treatment|chemotherapy|regimen|drug)\b/i,
    why: 'suggests a therapy change',
  },
  { pattern: /\bconsider\b[^.]{0,30}\b(switch(?:ing)?|changing|escalat\w*|stopping|adding)\b/i, why: 'suggests a therapy change' },
  { pattern: /\blow[- ]risk\b/i, why: 'presents a result as reassurance' },
  { pattern: /\b(favou?rable|reassur\w*|good) (prognosis|outcome|result|news)\b/i, why: 'presents a result as reassurance' },
  { pattern: /\bno (need|cause) for concern\b/i, why: 'presents a result as reassurance' },
  { pattern: /\brules? out\b/i, why: 'presents a result as reassurance' },
];

/** Sentences that report evidence ("did not improve survival") are allowed even if they name therapy. */
const REPORTING =
  /\b(did not|does not|has not|was not|were not|no evidence|not shown|not validated|did not improve|no benefit|not been shown)\b/i;

export function findForbiddenLanguage(text: string): string[] {
  const findings: string[] = [];
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    for (const { pattern, why } of FORBIDDEN) {
      if (pattern.test(sentence) && !REPORTING.test(sentence)) findings.push(`"${sentence.trim().slice(0, 80)}" ${why}`);
    }
  }
  return findings;
}
