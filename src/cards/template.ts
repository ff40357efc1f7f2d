import type { FactValue } from '../facts/fact-definition.ts';
import { formatFact } from '../facts/fact-catalog.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** The fact names a card template refers to as {{fact.name}}. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Fills {{fact.name}} with the fact's card formatting; rule check guarantees the names exist. */
export function renderTemplate(template: string, facts: Readonly<Record<string, FactValue>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => escapeMarkdown(formatFact(name, facts[name])));
}

/** Patient-derived text must not become Markdown or HTML on the card. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|!]/g, (c) => `\\${c}`);
}
