import type { CardParts } from './card-parts.ts';
import { joinMarkdown, md, nested, type SafeMarkdown } from './safe-markdown.ts';

/** One line of "Patient data used": the fact's label and its value, both already card text. */
export interface PatientDataLine {
  readonly label: SafeMarkdown;
  readonly value: SafeMarkdown;
}

/** Card detail in the fixed order of issue 4: patient data, evidence, limitations, references. */
export function renderDetail(parts: CardParts, guidance: SafeMarkdown, patientData: readonly PatientDataLine[]): SafeMarkdown {
  return joinMarkdown([
    md`**Patient data used**`,
    joinMarkdown(patientData.map((d) => md`- ${d.label}: ${nested(d.value)}`), '\n'),
    md`**What the evidence says**`,
    guidance,
    parts.evidence,
    md`**Limitations**`,
    parts.limitations,
    md`**References**`,
    parts.references,
    parts.footer,
  ], '\n\n');
}
