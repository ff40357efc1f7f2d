import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { escapeText, joinMarkdown, md, trustedMarkdown, truncateMarkdown, type SafeMarkdown } from '../../src/cards/safe-markdown.ts';
import { renderDetail } from '../../src/cards/render-detail.ts';
import type { CardParts } from '../../src/cards/card-parts.ts';
import { compileTemplate, fillTemplate } from '../../src/cards/template.ts';
import { benignTwin, structureOf, visibleText } from '../safety/card-markdown.ts';

/** The red team's strings (issue 17 item 1) and their relatives. */
const RED_TEAM = [
  '<img src=x onerror=alert(1)>',
  '[click](http://evil)',
  '\n# STOP ALL THERAPY NOW',
  '\r\n- item',
  '![x](y)',
  '<http://evil>',
  'www.evil.com',
  'https://evil.example/a?b=c',
  'nurse@evil.example',
  'mailto:a@evil.example',
  '<script>alert(1)</script>',
  '<!-- hidden -->',
  '&lt;b&gt;',
  '&#60;img&#62;',
  '```',
  '~~~',
  '`code`',
  '**bold**',
  '_em_',
  '~~struck~~',
  '> quote',
  '# heading',
  '1. one',
  '2) two',
  '* star',
  '+ plus',
  '---',
  '===',
  '***',
  '___',
  '| a | b |\n| --- | --- |',
  '[^1]',
  '[x]: http://evil',
  '- [ ] task',
  '\u2028# x',
  '\u2029- x',
  '\u0085# x',
  '\v\f- x',
  '\t- tab',
  '    indented',
  'a  \nb',
  'a\\\nb',
  '\\',
  '<a href="javascript:alert(1)">x</a>',
  'WWW.EVIL.COM',
  'HTTP://EVIL',
  '\u202Egnp.exe',
  '-',
  '1.',
  '12)',
  ')',
  '.',
  '=',
  ':-:',
  ':--',
  '-:',
  '| x',
  ':',
];

/** The contexts a value meets on a card: mid-line, line start, a list item, next to another value. */
const CONTEXTS: readonly ((value: SafeMarkdown) => SafeMarkdown)[] = [
  (v) => md`Latest result ${v} today`,
  (v) => md`Guidance paragraph.\n${v}`,
  (v) => md`${v}`,
  (v) => md`- Latest CTC result: ${v}\n- Setting: metastatic`,
  (v) => md`- Results:\n  - ${v}\n  - ${v}`,
  (v) => md`| a | b |\n| --- | --- |\n| ${v} | x |`,
  (v) => md`${v}${v}\n${v}`,
];
const BENIGN = escapeText('benign');

describe('escapeText: patient text becomes literal card text', () => {
  it.each(RED_TEAM)('%j adds no structure in any context', (hostile) => {
    for (const context of CONTEXTS) expect(structureOf(context(escapeText(hostile)))).toEqual(structureOf(context(BENIGN)));
  });

  it('keeps the words: what the reader sees is the text with its line breaks collapsed', () => {
    expect(visibleText(escapeText('<img src=x onerror=alert(1)>'))).toBe('<img src=x onerror=alert(1)>');
    expect(visibleText(escapeText('\n# STOP ALL THERAPY NOW'))).toBe('# STOP ALL THERAPY NOW');
    expect(visibleText(escapeText('a\r\n- item\u2028b'))).toBe('a - item b');
    expect(visibleText(escapeText('see www.evil.com or a@b.example'))).toBe('see www.evil.com or a@b.example');
    expect(escapeText('12 CTC/7.5 mL · 2026-02-24 · (Observation/ctc-1)')).toBe('12 CTC/7.5 mL · 2026-02-24 · (Observation/ctc-1)');
  });

  it('escapes a list, break or setext marker only at the start, where it would act', () => {
    expect(escapeText('- item')).toBe('\\- item');
    expect(escapeText('-5 d')).toBe('-5 d');
    expect(escapeText('12. x')).toBe('12\\. x');
    expect(escapeText('1.5 CTC')).toBe('1.5 CTC');
    expect(escapeText('a - b')).toBe('a - b');
    expect(escapeText(':-:')).toBe('\\:-:');
    expect(escapeText('10:30')).toBe('10:30');
  });

  it('property (seed 17, 5,000 strings): no structure in any context, and the words survive', () => {
    const piece = fc.oneof(fc.constantFrom(...RED_TEAM), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
    const hostile = fc.array(piece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostile, fc.constantFrom(...CONTEXTS), (text, context) => {
        expect(structureOf(context(escapeText(text)))).toEqual(structureOf(context(escapeText(benignTwin(text)))));
        const collapsed = text
          .replace(/[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim();
        if (collapsed !== '') expect(visibleText(md`x ${escapeText(text)} x`)).toBe(`x ${collapsed} x`);
      }),
      { seed: 17, numRuns: 5_000 },
    );
    // ≈12 s alone; a minute leaves room on a loaded two-core machine (a deadline, not a speed claim).
  }, 60_000);
});

describe('SafeMarkdown: only the escaper and trusted builders make card text', () => {
  it('truncates without leaving half an escape', () => {
    const text = escapeText(`${'a'.repeat(8)}<b>`);
    expect(truncateMarkdown(text, 10)).toBe('aaaaaaaa…');
    expect(truncateMarkdown(text, 11)).toBe('aaaaaaaa\\<…');
    expect(truncateMarkdown(escapeText('short'), 139)).toBe('short');
  });

  it("a template split once fills facts as escaped text and keeps the author's Markdown, wherever the placeholders stand", () => {
    const template = compileTemplate('{{ctc.latest.countPer7_5mL}} CTCs, **{{cancer.setting}}** ({{ cancer.type }})');
    expect(template.pieces).toHaveLength(7);
    const facts = { 'ctc.latest.countPer7_5mL': 12, 'cancer.setting': 'metastatic', 'cancer.type': 'breast' };
    expect(fillTemplate(template, facts)).toBe('12 CTCs, **metastatic** (breast cancer)');
    expect(fillTemplate(template, { ...facts, 'cancer.setting': '*x*' })).toBe('12 CTCs, **\\*x\\*** (breast cancer)');
  });

  it('joins and nests only SafeMarkdown', () => {
    const parts: CardParts = {
      summary: compileTemplate('s'),
      patientData: [],
      keyEvidence: md`**What the evidence says:** e`,
      keyLimitation: md`**Main limitation:** l`,
      advisory: md`*f*`,
      referenceLinks: [],
      topicDisplay: undefined,
    };
    const detail = renderDetail(parts, [
      { label: escapeText('Notes'), value: joinMarkdown([escapeText('a'), escapeText('b')], '; ') },
      { label: escapeText('Setting'), value: escapeText('early') },
    ]);
    expect(detail.split('\n\n')).toEqual([
      '**Patient data:** Notes: a; b; Setting: early.',
      '**What the evidence says:** e',
      '**Main limitation:** l',
      '*f*',
    ]);
    expect(joinMarkdown([md`a`, md`b`], ', ')).toBe('a, b');
    // Type-level guarantees (npm run typecheck): plain strings are refused.
    // @ts-expect-error a plain string is not card text
    renderDetail(parts, [{ label: 'raw patient text', value: md`x` }]);
    // @ts-expect-error values in md`` must be SafeMarkdown
    void md`- ${'raw'}`;
  });

  it('trustedMarkdown is called only for rule-authored text, and nothing else casts to SafeMarkdown', () => {
    const files = readdirSync(path.join(PROJECT_ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const using = (pattern: RegExp) =>
      files
        .filter((f) => pattern.test(readFileSync(path.join(PROJECT_ROOT, 'src', f), 'utf8')))
        .map((f) => f.split(path.sep).join('/'))
        .sort();
    expect(using(/trustedMarkdown\(/)).toEqual(['cards/card-parts.ts', 'cards/safe-markdown.ts', 'cards/template.ts']);
    expect(using(/as SafeMarkdown/)).toEqual(['cards/safe-markdown.ts']);
    // Facts format plain text; the card layer turns it into card text in one place.
    expect(using(/\bformatFact\b/).filter((f) => f.startsWith('cards/'))).toEqual(['cards/fact-markdown.ts']);
    expect(trustedMarkdown('*rule text*')).toBe('*rule text*');
  });
});
