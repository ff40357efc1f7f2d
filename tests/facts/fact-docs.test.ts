import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTS } from '../../src/facts/fact-catalog.ts';
import { renderFactDocs } from '../../scripts/generate-fact-docs.ts';

const DOCS = path.resolve(import.meta.dirname, '../../docs/facts.md');

/** Fact names as the Markdown table lists them: the first cell of each row, in backticks. */
function namesInDocs(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string);
}

describe('docs/facts.md', () => {
  const markdown = readFileSync(DOCS, 'utf8');

  it('lists every fact in the catalog, and no fact the catalog lacks', () => {
    expect(namesInDocs(markdown).sort()).toEqual(FACTS.map((f) => f.name).sort());
  });

  it('is exactly what the generator writes (run: npx tsx scripts/generate-fact-docs.ts)', () => {
    expect(markdown).toBe(renderFactDocs(FACTS));
  });

  it('the parser sees a fact added to or removed from the docs', () => {
    expect(namesInDocs(`${markdown}\n| \`ctc.invented\` | x | number |  |  | y |\n`)).toContain('ctc.invented');
  });
});
