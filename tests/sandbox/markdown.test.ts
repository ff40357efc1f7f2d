import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../web/assets/js/markdown.js';
import { escapeText } from '../../src/cards/safe-markdown.ts';

/** What a reader sees: tags dropped, entities decoded, the word joiner the escaper puts into autolinks removed. */
const seen = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u2060/g, '');

describe('the sandbox Markdown renderer (escape first, then a small subset)', () => {
  it('renders the subset cards use: paragraphs, bold, italics, lists, http(s) links', () => {
    const html = renderMarkdown(
      '**Patient data used**\n\n- Latest: 12\n- Setting: *metastatic*\n\n1. [Cristofanilli 2004](https://doi.org/10.1056/x) *(general knowledge)*',
    );
    expect(html).toBe(
      '<p><strong>Patient data used</strong></p>\n<ul><li>Latest: 12</li><li>Setting: <em>metastatic</em></li></ul>\n<ol><li><a href="https://doi.org/10.1056/x" target="_blank" rel="noopener noreferrer">Cristofanilli 2004</a> <em>(general knowledge)</em></li></ol>',
    );
  });

  it('turns every HTML tag and attribute trick into text', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)> & "quotes"')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</p>',
    );
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script');
  });

  it('links only http(s) URLs and cannot be broken out of the href', () => {
    expect(renderMarkdown('[x](javascript:alert%281%29)')).toBe('<p>x</p>');
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('<a');
    expect(renderMarkdown('[x](data:text/html,hi)')).toBe('<p>x</p>');
    const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1))');
    expect(html).not.toMatch(/href="[^"]*"onmouseover/);
    expect(html).toContain('&quot;onmouseover=&quot;');
  });

  it('leaves reference markers, underscores and code spans alone', () => {
    expect(renderMarkdown('claim [1][2] snake_case `**not bold**`')).toBe('<p>claim [1][2] snake_case <code>**not bold**</code></p>');
  });

  it('honours CommonMark backslash escapes: escaped patient text shows as written, without backslashes (issue 16)', () => {
    for (const text of [
      'a_b *c* **d** <e> & [f](https://g.example) `h` #i |j| ~k~ !l {m}',
      '1. not a list',
      '- not a list either',
      'C:\\path\\file',
      'x \\* y',
      '<img src=x onerror=alert(1)>',
      '[click](http://evil)',
    ]) {
      const html = renderMarkdown(escapeText(text));
      expect(seen(html)).toBe(text);
      expect(html).not.toMatch(/<(em|strong|a|img|li|code|h\d)\b/);
    }
    expect(renderMarkdown('\\*not emphasised\\* and \\`not code\\`')).toBe('<p>*not emphasised* and `not code`</p>');
    expect(renderMarkdown('`a\\*b`')).toBe('<p><code>a\\*b</code></p>');
    // A backslash before anything but ASCII punctuation stays, as in CommonMark.
    expect(renderMarkdown('a\\b \\é')).toBe('<p>a\\b \\é</p>');
    // Text that holds the placeholder characters cannot bring back another escaped character.
    expect(renderMarkdown('\\< \uE0000\uE001')).toBe('<p>&lt; \uFFFD0\uFFFD</p>');
  });
});
