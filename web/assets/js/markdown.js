// A Markdown subset for CDS card detail (CDS Hooks 2.0: detail is GitHub-flavoured Markdown).
// Escape first, then add only the tags below, so neither rule text nor patient data can bring
// HTML: paragraphs, **bold**, *italics*, `code`, - and 1. lists, [links](http(s) only), ### headings,
// and CommonMark backslash escapes (\* is a literal *, so escaped patient text shows no backslashes).

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @param {string} text */
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** @param {string} source @returns {string} safe HTML */
export function renderMarkdown(source) {
  const lines = String(source ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const blocks = [];
  let current = null;
  const close = () => {
    if (current) blocks.push(current);
    current = null;
  };
  for (const line of lines) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (line.trim() === '') close();
    else if (heading) {
      close();
      blocks.push({ kind: 'h', level: Math.min(6, heading[1].length + 2), lines: [heading[2]] });
    } else if (bullet) {
      if (current?.kind !== 'ul') close();
      current ??= { kind: 'ul', lines: [] };
      current.lines.push(bullet[1]);
    } else if (numbered) {
      if (current?.kind !== 'ol') close();
      current ??= { kind: 'ol', lines: [] };
      current.lines.push(numbered[1]);
    } else if (current && (current.kind === 'ul' || current.kind === 'ol') && /^\s+\S/.test(line)) {
      current.lines[current.lines.length - 1] += ` ${line.trim()}`;
    } else {
      if (current?.kind !== 'p') close();
      current ??= { kind: 'p', lines: [] };
      current.lines.push(line.trim());
    }
  }
  close();
  return blocks.map(renderBlock).join('\n');
}

function renderBlock(block) {
  if (block.kind === 'ul' || block.kind === 'ol')
    return `<${block.kind}>${block.lines.map((l) => `<li>${renderInline(l)}</li>`).join('')}</${block.kind}>`;
  if (block.kind === 'h') return `<h${block.level}>${renderInline(block.lines[0])}</h${block.level}>`;
  return `<p>${renderInline(block.lines.join(' '))}</p>`;
}

/** CommonMark backslash escape: a backslash before ASCII punctuation makes it a literal character. */
const BACKSLASH_ESCAPE = /\\([!-/:-@[-`{-~])/g;
/** Escaped characters wait as \uE000<n>\uE001 while spans are formatted, so none of them opens one. */
const HELD = /\uE000(\d+)\uE001/g;

/**
 * Inline spans. Backslash escapes are set aside first (the service escapes patient text that way:
 * src/cards/safe-markdown.ts), then the text is HTML-escaped, code spans are set aside so nothing inside
 * them is formatted, the rest is formatted, and each escaped character returns as literal, HTML-escaped
 * text (inside a code span as written, backslash included, as CommonMark has it).
 */
function renderInline(text) {
  const held = [];
  const source = String(text)
    .replace(/[\uE000\uE001]/g, '\uFFFD')
    .replace(BACKSLASH_ESCAPE, (_, c) => `\uE000${held.push(c) - 1}\uE001`);
  const restore = (html, inCode) => html.replace(HELD, (_, i) => escapeHtml(`${inCode ? '\\' : ''}${held[Number(i)]}`));
  const parts = escapeHtml(source).split(/(`[^`]+`)/);
  return parts
    .map((part) => (/^`[^`]+`$/.test(part) ? `<code>${restore(part.slice(1, -1), true)}</code>` : restore(formatSpans(part), false)))
    .join('');
}

function formatSpans(escaped) {
  const withLinks = escaped.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_whole, label, url) => {
    // Escaped text cannot hold a quote, so the attribute cannot be broken out of; only http(s) is linked.
    if (!/^https?:\/\//i.test(url)) return label;
    return `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  });
  return withLinks.replace(/\*\*([^*]+?)\*\*/g, '<strong>$1</strong>').replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, '$1<em>$2</em>');
}
