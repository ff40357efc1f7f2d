import type { FactValue } from '../facts/fact-definition.ts';
import { factMarkdown } from './fact-markdown.ts';
import { joinMarkdown, trustedMarkdown, type SafeMarkdown } from './safe-markdown.ts';

/** {{fact.name}} in a card template (also read by the evidence page, which names the fact instead). */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** The fact names a card template refers to as {{fact.name}}. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** A card template split once, at rule-set load: the author's text (trusted Markdown) around the fact names it fills in. */
export interface CompiledTemplate {
  /** split() with the capturing group: even pieces are the author's text, odd pieces fact names. */
  readonly pieces: readonly string[];
}

export function compileTemplate(template: string): CompiledTemplate {
  return { pieces: template.split(PLACEHOLDER) };
}

/**
 * Fills {{fact.name}} in a rule-authored template (trusted Markdown) with the fact as escaped card
 * text; rule check guarantees the names exist.
 */
export function fillTemplate(template: CompiledTemplate, facts: Readonly<Record<string, FactValue>>): SafeMarkdown {
  return joinMarkdown(
    template.pieces.map((piece, i) => (i % 2 === 1 ? factMarkdown(piece, facts[piece]) : trustedMarkdown(piece))),
    '',
  );
}

/** `fillTemplate` for a template used once (a rule test's summary). */
export function renderTemplate(template: string, facts: Readonly<Record<string, FactValue>>): SafeMarkdown {
  return fillTemplate(compileTemplate(template), facts);
}
