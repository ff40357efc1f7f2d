import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTS } from '../../src/facts/fact-catalog.ts';
import { OPERATORS, isKnownOperator } from '../../src/rules/operator-catalog.ts';
import { validateRuleFile } from '../../src/rules/rule-schema.ts';
import { factSummary, renderRuleSchema } from '../../scripts/generate-rule-schema.ts';

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../rules/schema/rule.schema.json');
const RULE_FILE = 'rules/ctc-count/mbc-cellsearch-ctc-elevated.json';

interface EnumSchema {
  readonly enum: string[];
  readonly enumDescriptions: string[];
  readonly markdownEnumDescriptions: string[];
}

const text = readFileSync(SCHEMA_FILE, 'utf8');
const schema = JSON.parse(text) as {
  definitions: {
    factName: EnumSchema;
    operator: { anyOf: [EnumSchema, { pattern: string }] };
    condition: { oneOf: [unknown, { properties: Record<string, { $ref?: string }> }] };
  };
};

function ruleWith(edit: (rule: { conditions: { all: Record<string, unknown>[] }; card: { patientData: string[] } }) => void) {
  const json = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../..', RULE_FILE), 'utf8'));
  edit(json);
  return validateRuleFile({ file: RULE_FILE, text: '', json });
}

describe('rules/schema/rule.schema.json: editor completion of fact names and operators', () => {
  it('holds what the generator writes (run: npm run rules:schema); the hand-written rest may be laid out freely', () => {
    expect(JSON.parse(text)).toEqual(JSON.parse(renderRuleSchema(text)));
    // The check bites: a fact added to the catalog is missing from the committed schema until regenerated.
    const added = [...FACTS, { ...FACTS[0], name: 'ctc.invented', description: 'A fact not in the schema.' } as (typeof FACTS)[number]];
    expect(JSON.parse(text)).not.toEqual(JSON.parse(renderRuleSchema(text, added)));
  });

  it('names every catalog fact with its type and description, and no fact the catalog lacks', () => {
    const { factName } = schema.definitions;
    expect([...factName.enum].sort()).toEqual(FACTS.map((f) => f.name).sort());
    for (const fact of FACTS) {
      const i = factName.enum.indexOf(fact.name);
      expect(factName.enumDescriptions[i]).toBe(factSummary(fact));
      expect(factName.enumDescriptions[i]).toContain(fact.description);
      expect(factName.enumDescriptions[i]?.startsWith(`${fact.type}`)).toBe(true);
      expect(factName.markdownEnumDescriptions[i]).toContain(fact.description);
      if (fact.unit) expect(factName.markdownEnumDescriptions[i]).toContain(fact.unit);
    }
  });

  it("a condition's fact and the card's patientData complete from the fact names; operators from the operator catalog", () => {
    expect(schema.definitions.condition.oneOf[1].properties.fact?.$ref).toBe('#/definitions/factName');
    expect(schema.definitions.condition.oneOf[1].properties.operator?.$ref).toBe('#/definitions/operator');
    const [names, decorated] = schema.definitions.operator.anyOf;
    expect(names.enum).toEqual([...OPERATORS]);
    expect(names.enumDescriptions.every((d) => d.length > 10)).toBe(true);
    expect(new RegExp(decorated.pattern).test('everyFact:greaterThan')).toBe(true);
    expect(new RegExp(decorated.pattern).test('not:swap:in')).toBe(isKnownOperator('not:swap:in'));
    expect(new RegExp(decorated.pattern).test('roughly:in')).toBe(false);
  });

  it("validates: an unknown fact or operator is named with the lint's words, not the 80 allowed values", () => {
    const problems = ruleWith((rule) => {
      Object.assign(rule.conditions.all[0] as object, { fact: 'cancer.noSuchFact' });
      Object.assign(rule.conditions.all[1] as object, { operator: 'roughlyEqual' });
      rule.card.patientData[0] = 'ctc.noSuchCount';
    });
    expect(problems).toEqual([
      { file: RULE_FILE, pointer: '/conditions/all/0/fact', message: 'unknown fact "cancer.noSuchFact" (see docs/facts.md)' },
      { file: RULE_FILE, pointer: '/conditions/all/1/operator', message: 'unknown operator "roughlyEqual"' },
      { file: RULE_FILE, pointer: '/card/patientData/0', message: 'unknown fact "ctc.noSuchCount" (see docs/facts.md)' },
    ]);
  });

  it('still accepts decorated operators, fact-reference values and path', () => {
    expect(
      ruleWith((rule) => {
        rule.conditions.all.push({
          fact: 'ctc.latest.countPer7_5mL',
          operator: 'greaterThanInclusive',
          value: { fact: 'ctc.baseline.countPer7_5mL' },
        });
        rule.conditions.all.push({
          fact: 'ctc.latest',
          operator: 'greaterThan',
          path: '$.countPer7_5mL',
          value: { fact: 'ctc.baseline', path: '$.countPer7_5mL' },
        });
        rule.conditions.all.push({ fact: 'therapy.agents', operator: 'not:contains', value: 'x' });
      }),
    ).toEqual([]);
  });
});
