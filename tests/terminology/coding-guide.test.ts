import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TerminologyFile } from '../../src/normalize/terminology.ts';
import { TARGET, TERMINOLOGY, generateCodingGuide, renderCodingGuide } from '../../scripts/generate-coding-guide.ts';

const file = JSON.parse(readFileSync(TERMINOLOGY, 'utf8')) as TerminologyFile;

/** Concept ids as the guide heads them: "#### `id`". */
function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#### `([^`]+)`$/gm)].map((m) => m[1] as string);
}

describe('docs/coding-guide.md', () => {
  const markdown = readFileSync(TARGET, 'utf8');

  it('is exactly what the generator writes from rules/terminology.json (run: npm run docs:coding-guide)', () => {
    expect(markdown).toBe(generateCodingGuide());
  });

  it('shows every concept of every category once, with its codes', () => {
    const ids = Object.values(file.concepts).flatMap((c) => Object.keys(c ?? {}));
    const shown = headings(markdown);
    expect([...shown].sort()).toEqual([...ids].sort());
    expect(markdown).toContain('| `http://hl7.org/fhir/sid/icd-10-cm` | `Z19.2` | Hormone resistant malignancy status | seen |');
    expect(markdown).toContain('| `http://snomed.info/sct` | `64368001` | Partial mastectomy | valueset |');
  });

  it('a category the template does not name is appended, not dropped', () => {
    const small = {
      version: 't',
      canonicalBase: 'https://example.org',
      units: {},
      concepts: { order: { x: { description: 'an order', codings: [{ system: 's', code: 'c' }] } } },
    } as unknown as TerminologyFile;
    const out = renderCodingGuide(small, '# T\n\n{{concepts:condition}}\n');
    expect(out).toContain('## Other code tables');
    expect(headings(out)).toEqual(['x']);
  });

  it('a selector shows only the concepts it names, and rest shows the others once', () => {
    const small = {
      version: 't',
      canonicalBase: 'https://example.org',
      units: {},
      concepts: {
        procedure: {
          'cancer-surgery': { description: 'a' },
          'lung-cancer-surgery': { description: 'b' },
          radiotherapy: { description: 'c' },
        },
      },
    } as unknown as TerminologyFile;
    const out = renderCodingGuide(small, '{{concepts:procedure:*-cancer-surgery}}\n\nREST\n\n{{rest:procedure}}\n');
    const [before, after] = out.split('REST');
    expect(headings(before ?? '')).toEqual(['lung-cancer-surgery']);
    expect(headings(after ?? '')).toEqual(['cancer-surgery', 'radiotherapy']);
  });
});
