import { DETAIL_MAX_WORDS, wordCount } from '../cards/render-detail.ts';
import type { RuleProblem } from '../rules/rule-problems.ts';
import { SUMMARY_MAX_LENGTH } from '../rule-set/rule-lint.ts';
import type { RuleTestResult } from './run-rule-tests.ts';

/**
 * The summary length can only be judged once rendered: placeholders expand. The rule's own fixtures
 * (run through the service pipeline by runRuleTests) supply the values; the longest rendering counts.
 */
export function lintRenderedSummaries(results: readonly RuleTestResult[]): RuleProblem[] {
  const longest = new Map<string, RuleTestResult & { renderedSummary: string }>();
  const problems: RuleProblem[] = [];
  for (const r of results) {
    if (
      r.renderedSummary !== undefined &&
      r.renderedSummary.length > (longest.get(r.ruleId)?.renderedSummary.length ?? SUMMARY_MAX_LENGTH)
    ) {
      longest.set(r.ruleId, { ...r, renderedSummary: r.renderedSummary });
    }
    const unrunnable = r.failures.find((f) => f.startsWith('could not run'));
    if (unrunnable) problems.push({ file: r.file, pointer: `/tests/${r.index}/fixture`, message: `test "${r.test.name}" ${unrunnable}` });
  }
  for (const r of longest.values()) {
    problems.push({
      file: r.file,
      pointer: '/card/summary',
      message: `summary is ${r.renderedSummary.length} characters once rendered with ${r.test.fixture} (at most ${SUMMARY_MAX_LENGTH}): "${r.renderedSummary}"`,
    });
  }
  return [...problems, ...lintRenderedDetails(results)];
}

/**
 * Issue 16 §1: a card's detail is at most DETAIL_MAX_WORDS words. Like the summary, it can only be
 * judged rendered: the rule's own fixtures supply the patient data, the longest rendering counts.
 */
function lintRenderedDetails(results: readonly RuleTestResult[]): RuleProblem[] {
  const longest = new Map<string, { result: RuleTestResult; words: number }>();
  for (const r of results) {
    if (r.renderedDetail === undefined) continue;
    const words = wordCount(r.renderedDetail);
    if (words > (longest.get(r.ruleId)?.words ?? DETAIL_MAX_WORDS)) longest.set(r.ruleId, { result: r, words });
  }
  return [...longest.values()].map(({ result, words }) => ({
    file: result.file,
    pointer: '/card',
    message: `card detail is ${words} words once rendered with ${result.test.fixture} (at most ${DETAIL_MAX_WORDS}): shorten the key evidence (card.keyEvidence), the key limitation (card.keyLimitation) or the patient data`,
  }));
}
