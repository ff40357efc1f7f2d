/**
 * Which evidence-catalog claims ask for a card in their rule note, and whether each is accounted for:
 * cited by a rule's evidence `catalog` (any status but retired) or given a reasoned line in
 * rules/EXCLUDED.md (issue 16 §3). `npx tsx scripts/claim-coverage.ts` prints the table; the test
 * tests/rules/claim-coverage.test.ts fails on any claim that is neither.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG_PATH, REPO_ROOT, loadRuleDocs } from './generate-traceability.ts';

export const EXCLUDED_PATH = path.join(REPO_ROOT, 'rules', 'EXCLUDED.md');

/** A rule note that mentions a card asks for one, unless it says there is none ("No card", "Exclude from all cards"). */
const ASKS_FOR_CARD = /\bcards?\b|\bwording\b|\bFire when\b|→/i;
const NO_CARD = /^\W*(?:No card|\*\*Exclude from all cards)/i;

export interface ClaimCoverage {
  readonly id: string;
  readonly note: string;
  readonly rules: readonly string[];
  readonly excluded: boolean;
}

/** Every `### E### · …` block's rule note, by claim id. */
export function ruleNotes(markdown: string): ReadonlyMap<string, string> {
  const notes = new Map<string, string>();
  for (const block of markdown.split(/^### (?=E\d{3} · )/m).slice(1)) {
    const id = /^(E\d{3})/.exec(block)?.[1];
    const note = /\*\*Rule note:\*\* (.+)/.exec(block)?.[1]?.trim();
    if (id && note) notes.set(id, note);
  }
  return notes;
}

/** Claim ids that have a line of their own in EXCLUDED.md (first table cell, e.g. "E030, E031" or "E112 (second half)"). */
export function excludedClaims(markdown: string): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const line of markdown.split('\n')) {
    const firstCell = /^\|\s*([^|]+?)\s*\|/.exec(line)?.[1] ?? '';
    for (const id of firstCell.match(/E\d{3}/g) ?? []) ids.add(id);
  }
  return ids;
}

/**
 * EXCLUDED.md lines that say a claim is used ("cited in `rule-id`"): every backticked rule id on such a
 * line, with the claim ids the line names. The test checks that each named rule cites one of them.
 */
export function excludedMentions(
  markdown: string,
): { readonly claims: readonly string[]; readonly rules: readonly string[]; readonly line: string }[] {
  return markdown
    .split('\n')
    .filter((line) => /\bcited (?:in|by)\b/.test(line))
    .map((line) => ({
      claims: line.match(/E\d{3}/g) ?? [],
      rules: [...line.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1] as string),
      line,
    }))
    .filter((m) => m.rules.length > 0);
}

export function claimCoverage(): ClaimCoverage[] {
  const notes = ruleNotes(readFileSync(CATALOG_PATH, 'utf8'));
  const excluded = excludedClaims(readFileSync(EXCLUDED_PATH, 'utf8'));
  const citing = new Map<string, string[]>();
  for (const rule of loadRuleDocs(path.join(REPO_ROOT, 'rules'))) {
    if ((rule as { status?: string }).status === 'retired') continue;
    for (const id of new Set(rule.evidence.flatMap((e) => e.catalog ?? []))) citing.set(id, [...(citing.get(id) ?? []), rule.id]);
  }
  return [...notes]
    .filter(([, note]) => ASKS_FOR_CARD.test(note) && !NO_CARD.test(note))
    .map(([id, note]) => ({ id, note, rules: citing.get(id) ?? [], excluded: excluded.has(id) }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const c of claimCoverage()) {
    const status = c.rules.length > 0 ? `rules: ${c.rules.join(', ')}` : c.excluded ? 'EXCLUDED.md' : 'NOT ACCOUNTED FOR';
    console.log(`${c.id}\t${status}\t${c.note.slice(0, 90)}`);
  }
}
