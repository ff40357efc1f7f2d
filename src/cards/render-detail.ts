import type { RuleSet } from '../rules/rule-set.ts';
import type { EvidenceItem, LoadedRule } from '../rules/rule-file.ts';

const STRENGTH: Readonly<Record<EvidenceItem['strength'], string>> = {
  'randomised-trial': 'randomised trial',
  cohort: 'cohort study',
  preclinical: 'preclinical (background only)',
  'expert-review': 'expert review',
};

/** Card detail in the fixed order of issue 4: patient data, evidence, limitations, references. */
export function renderDetail(
  loaded: LoadedRule,
  guidance: string,
  patientData: readonly { label: string; value: string }[],
  ruleSet: RuleSet,
): string {
  const { rule } = loaded;
  const refIds = [...new Set(rule.evidence.flatMap((e) => e.references))];
  const number = (id: string) => refIds.indexOf(id) + 1;
  const sections = [
    '**Patient data used**',
    patientData.map((d) => `- ${d.label}: ${d.value}`).join('\n'),
    '**What the evidence says**',
    guidance,
    rule.evidence
      .map((e) => `- ${e.claim} *(${e.type}; ${STRENGTH[e.strength]}; level ${e.level.value} on the ${e.level.scale} scale)* ${e.references.map((r) => `[${number(r)}]`).join('')}`)
      .join('\n'),
    '**Limitations**',
    rule.limitations.map((l) => `- ${l}`).join('\n'),
    '**References**',
    refIds
      .map((id) => {
        const ref = ruleSet.references.references[id];
        if (!ref) return `${number(id)}. ${id}`;
        const mark = ref.kind === 'general-knowledge' ? ' *(general knowledge, not in the source reviews)*' : ref.kind === 'primary-study-via-seed' ? ` *(as cited by ${ref.citedBy ?? 'a source review'})*` : '';
        return `${number(id)}. ${ref.url ? `[${ref.citation}](${ref.url})` : ref.citation}${mark}`;
      })
      .join('\n'),
    `*Advisory only: this card does not recommend starting, stopping or changing any therapy. Rule ${rule.id} v${rule.version}.*`,
  ];
  return sections.join('\n\n');
}
