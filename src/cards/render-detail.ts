import type { CardParts } from './card-parts.ts';
import { joinMarkdown, md, type SafeMarkdown } from './safe-markdown.ts';

/** One item of "Patient data used": the fact's label and its value, both already card text. */
export interface PatientDataLine {
  readonly label: SafeMarkdown;
  readonly value: SafeMarkdown;
}

/** Issue 16: a card's detail is at most this many words; the rest is on the evidence page. */
export const DETAIL_MAX_WORDS = 120;

/** Words as a reader counts them: runs of text holding a letter or digit (Markdown marks are not words). */
export function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Card detail (issue 16 §1): one line of the patient data used, what the key evidence says with its
 * level, the single most important limitation, "Advisory only". Everything else is one link away.
 */
export function renderDetail(parts: CardParts, patientData: readonly PatientDataLine[]): SafeMarkdown {
  const data = joinMarkdown(
    patientData.map((d) => md`${d.label}: ${d.value}`),
    '; ',
  );
  return joinMarkdown(
    [
      // A data-quality note ends its own sentence: no second full stop.
      data.endsWith('.') ? md`**Patient data:** ${data}` : md`**Patient data:** ${data}.`,
      parts.keyEvidence,
      ...(parts.keyLimitation === '' ? [] : [parts.keyLimitation]),
      parts.advisory,
    ],
    '\n\n',
  );
}
