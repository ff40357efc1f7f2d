import { factReferenceIn } from '../evaluate/compile-conditions.ts';
import type { FactDefinition } from '../facts/fact-definition.ts';
import type { LoadedRule, RuleCondition, RuleFile } from '../rules/rule-file.ts';
import type { ReferenceRegistry, TopicCodeSystem } from '../rules/knowledge-files.ts';
import type { RuleProblem } from '../rules/rule-problems.ts';
import { placeholdersIn } from '../cards/template.ts';
import { findForbiddenLanguage } from '../rules/safety-language.ts';
import { isKnownOperator } from '../rules/operator-catalog.ts';

/** CDS Hooks 2.0 §Card: summary "<140 characters". */
export const SUMMARY_MAX_LENGTH = 139;
const NUMERIC = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

interface LintContext {
  readonly facts: ReadonlyMap<string, FactDefinition>;
  readonly references: ReferenceRegistry;
  readonly topics: TopicCodeSystem;
}

/** Semantic checks JSON Schema cannot express. Every problem carries a JSON pointer for `file:line` output. */
export function lintRules(rules: readonly LoadedRule[], ctx: LintContext): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Map<string, string>();
  const topicCodes = new Set(ctx.topics.concepts.map((c) => c.code));
  for (const { file, rule } of rules) {
    const add = (pointer: string, message: string) => problems.push({ file, pointer, message });
    const first = seen.get(rule.id);
    if (first) add('/id', `duplicate rule id "${rule.id}" (also in ${first})`);
    else seen.set(rule.id, file);
    if (!topicCodes.has(rule.topic)) add('/topic', `topic "${rule.topic}" is not in the card-topic vocabulary (rules/topics.json)`);
    lintCondition(rule.conditions, '/conditions', ctx, add);
    for (const [field, text] of [
      ['summary', rule.card.summary],
      ['detail', rule.card.detail],
    ] as const) {
      for (const name of placeholdersIn(text)) {
        if (!ctx.facts.has(name)) add(`/card/${field}`, `placeholder {{${name}}} names no fact`);
      }
      for (const finding of findForbiddenLanguage(text)) add(`/card/${field}`, `forbidden wording: ${finding}`);
    }
    rule.card.keyEvidence?.forEach((index, i) => {
      const item = rule.evidence[index];
      if (!item) add(`/card/keyEvidence/${i}`, `evidence item ${index} does not exist (the rule has ${rule.evidence.length})`);
      else if (item.strength === 'preclinical' || item.background)
        add(`/card/keyEvidence/${i}`, `evidence item ${index} is preclinical or background: a card's key evidence must be clinical`);
    });
    if (rule.card.keyLimitation !== undefined && rule.limitations[rule.card.keyLimitation] === undefined) {
      add('/card/keyLimitation', `limitation ${rule.card.keyLimitation} does not exist (the rule has ${rule.limitations.length})`);
    }
    rule.card.patientData.forEach((name, i) => {
      if (!ctx.facts.has(name)) add(`/card/patientData/${i}`, `unknown fact "${name}"`);
    });
    rule.evidence.forEach((item, i) => {
      item.references.forEach((ref, j) => {
        if (!ctx.references.references[ref]) add(`/evidence/${i}/references/${j}`, `unknown reference id "${ref}" (rules/references.json)`);
      });
    });
    if (!rule.evidence.some((e) => e.strength !== 'preclinical' && !e.background)) {
      add('/evidence', 'preclinical or background evidence alone may not drive a card: add a clinical evidence item');
    }
    lintIndicatorPolicy(rule, ctx, add);
    if (!rule.tests.some((t) => t.expect === 'fires')) add('/tests', 'missing a positive test (expect: "fires")');
    if (!rule.tests.some((t) => t.expect === 'silent')) add('/tests', 'missing a negative test (expect: "silent")');
  }
  return problems;
}

/**
 * The indicator policy (docs/authoring-rules.md): `warning` only for an adverse prognostic finding at
 * a validated cut-off, on the validated assay, in the validated setting; everything else is `info`.
 * "Validated" is an evidence item's `validatedCutoff`: it must be adverse prognostic evidence of CIViC
 * level A or B from a cohort or trial, cite the primary study, and the rule's conditions must hold the
 * patient to the gates it names. A departure needs `indicatorReason`.
 */
function lintIndicatorPolicy(rule: RuleFile, ctx: LintContext, add: (pointer: string, message: string) => void): void {
  const validated: number[] = [];
  rule.evidence.forEach((item, i) => {
    const cutoff = item.validatedCutoff;
    if (!cutoff) return;
    validated.push(i);
    const at = `/evidence/${i}/validatedCutoff`;
    if (item.type !== 'prognostic' || item.direction !== 'unfavourable')
      add(
        at,
        `a validated cut-off is an adverse prognostic finding (type "prognostic", direction "unfavourable"), not ${item.type}/${item.direction}`,
      );
    if (item.strength !== 'cohort' && item.strength !== 'randomised-trial')
      add(at, `a validated cut-off rests on cohort or trial data, not ${item.strength}`);
    if (item.level.value !== 'A' && item.level.value !== 'B')
      add(at, `a validated cut-off has CIViC level A or B, not ${item.level.value}`);
    if (item.background) add(at, 'a background item cannot be a validated cut-off');
    if (
      !item.references.some((ref) => {
        const kind = ctx.references.references[ref]?.kind;
        return kind === 'general-knowledge' || kind === 'primary-study-via-seed';
      })
    ) {
      add(at, 'a validated cut-off cites the primary study that validated it, not only a review');
    }
    for (const [fact, values] of Object.entries(cutoff.gates)) {
      if (!ctx.facts.has(fact)) add(`${at}/gates`, `unknown fact "${fact}" (see docs/facts.md)`);
      else if (!restrictsTo(rule.conditions, fact, values)) {
        add(
          `${at}/gates`,
          `the conditions do not hold ${fact} to ${values.map((v) => JSON.stringify(v)).join(', ')}, where the cut-off "${cutoff.finding}" was validated`,
        );
      }
    }
  });
  if (rule.indicatorReason !== undefined) return;
  if (rule.card.indicator === 'warning' && validated.length === 0) {
    const basis = rule.evidence
      .filter((e) => !e.background && e.type !== 'caveat')
      .map((e) => `${e.type} ${e.strength} CIViC ${e.level.value}`);
    add(
      '/card/indicator',
      `indicator "warning" needs a validated adverse cut-off among the evidence items (validatedCutoff); this rule rests on ${basis.length > 0 ? [...new Set(basis)].join(', ') : 'caveats only'}: make it "info", or state why in indicatorReason`,
    );
  }
  if (rule.card.indicator === 'info' && validated.length > 0) {
    const first = rule.evidence[validated[0] as number]?.validatedCutoff?.finding ?? '';
    add(
      '/card/indicator',
      `indicator "info" on a validated adverse cut-off ("${first}"): make it "warning", or state why in indicatorReason`,
    );
  }
}

/** Whether the top-level `all` of the conditions holds `fact` to a subset of `values` (equal one of them, or `in` a subset). */
function restrictsTo(conditions: RuleCondition, fact: string, values: readonly unknown[]): boolean {
  return (conditions.all ?? []).some((c) => {
    if (c.fact !== fact) return false;
    if (c.operator === 'equal') return values.includes(c.value);
    if (c.operator === 'in') return Array.isArray(c.value) && c.value.length > 0 && c.value.every((v) => values.includes(v));
    return false;
  });
}

function lintCondition(node: RuleCondition, pointer: string, ctx: LintContext, add: (pointer: string, message: string) => void): void {
  for (const key of ['all', 'any'] as const) {
    for (const [i, child] of (node[key] ?? []).entries()) lintCondition(child, `${pointer}/${key}/${i}`, ctx, add);
  }
  if (node.not) lintCondition(node.not, `${pointer}/not`, ctx, add);
  if (node.fact === undefined) return;
  const fact = ctx.facts.get(node.fact);
  if (!fact) {
    add(`${pointer}/fact`, `unknown fact "${node.fact}" (see docs/facts.md)`);
    return;
  }
  const operator = node.operator ?? '';
  if (node.fact === 'cancer.primaryTypes') {
    add(
      `${pointer}/fact`,
      'gate on cancer.type (the primary cancer the results belong to), not cancer.primaryTypes: a patient may have several primary cancers, and a card must speak about the one its data belong to',
    );
  }
  const base = operator.split(':').pop() ?? '';
  if (!isKnownOperator(operator)) add(`${pointer}/operator`, `unknown operator "${operator}"`);
  // `"value": { "fact": "…" }` compares with another fact (json-rules-engine); a misspelt one would fail every call.
  const reference = factReferenceIn(node.value);
  if (reference !== undefined) {
    const name = String(reference.fact);
    if (!ctx.facts.has(name)) add(`${pointer}/value/fact`, `unknown fact "${name}" (see docs/facts.md)`);
    return;
  }
  if (NUMERIC.has(base) && fact.type === 'number' && typeof node.value !== 'number') {
    add(`${pointer}/value`, `${fact.name} is a number; ${base} needs a number, not ${JSON.stringify(node.value)}`);
  }
  if (fact.values) {
    const values = Array.isArray(node.value) ? node.value : [node.value];
    for (const v of values) {
      if (typeof v === 'string' && !fact.values.includes(v))
        add(`${pointer}/value`, `"${v}" is not a value of ${fact.name} (${fact.values.join(', ')})`);
    }
  }
}
