import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../web/assets/js/markdown.js';

describe('the sandbox Markdown renderer (escape first, then a small subset)', () => {
  it('renders the subset cards use: paragraphs, bold, italics, lists, http(s) links', () => {
    const html = renderMarkdown('**Patient data used**\n\n- Latest: 12\n- Setting: *metastatic*\n\n1. [Cristofanilli 2004](https://doi.org/10.1056/x) *(general knowledge)*');
    expect(html).toBe(
      '<p><strong>Patient data used</strong></p>\n<ul><li>Latest: 12</li><li>Setting: <em>metastatic</em></li></ul>\n<ol><li><a href="https://doi.org/10.1056/x" target="_blank" rel="noopener noreferrer">Cristofanilli 2004</a> <em>(general knowledge)</em></li></ol>',
    );
  });

  it('turns every HTML tag and attribute trick into text', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)> & "quotes"')).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</p>');
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
});
