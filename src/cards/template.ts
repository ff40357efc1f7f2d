import type { FactValue } from '../facts/fact-definition.ts';
import { factMarkdown } from './fact-markdown.ts';
import { joinMarkdown, trustedMarkdown, type SafeMarkdown } from './safe-markdown.ts';

/** {{fact.name}} in a card template (also read by the evidence page, which names the fact instead). */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** The fact names a card template refers to as {{fact.name}}. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/**
 * Fills {{fact.name}} in a rule-authored template (trusted Markdown) with the fact as escaped card
 * text; rule check guarantees the names exist.
 */
export function renderTemplate(template: string, facts: Readonly<Record<string, FactValue>>): SafeMarkdown {
  // split() with the capturing group: even pieces are the author's text, odd pieces fact names.
  const pieces = template.split(PLACEHOLDER);
  return joinMarkdown(
    pieces.map((piece, i) => (i % 2 === 1 ? factMarkdown(piece, facts[piece]) : trustedMarkdown(piece))),
    '',
  );
}
