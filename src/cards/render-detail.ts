import type { CardParts } from './card-parts.ts';

/** Card detail in the fixed order of issue 4: patient data, evidence, limitations, references. */
export function renderDetail(parts: CardParts, guidance: string, patientData: readonly { label: string; value: string }[]): string {
  return [
    '**Patient data used**',
    patientData.map((d) => `- ${d.label}: ${d.value}`).join('\n'),
    '**What the evidence says**',
    guidance,
    parts.evidence,
    '**Limitations**',
    parts.limitations,
    '**References**',
    parts.references,
    parts.footer,
  ].join('\n\n');
}
