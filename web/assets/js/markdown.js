// A Markdown subset for CDS card detail (CDS Hooks 2.0: detail is GitHub-flavoured Markdown).
// Escape first, then add only the tags below, so neither rule text nor patient data can bring
// HTML: paragraphs, **bold**, *italics*, `code`, - and 1. lists, [links](http(s) only), ### headings.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @param {string} text */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** @param {string} source @returns {string} safe HTML */
export function renderMarkdown(source) {
  const lines = String(source ?? '').replace(/\r\n?/g, '\n').split('\n');
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
  if (block.kind === 'ul' || block.kind === 'ol') return `<${block.kind}>${block.lines.map((l) => `<li>${renderInline(l)}</li>`).join('')}</${block.kind}>`;
  if (block.kind === 'h') return `<h${block.level}>${renderInline(block.lines[0])}</h${block.level}>`;
  return `<p>${renderInline(block.lines.join(' '))}</p>`;
}

/** Inline spans on already-escaped text; code spans are set aside first so nothing inside them is formatted. */
export function renderInline(text) {
  const parts = escapeHtml(text).split(/(`[^`]+`)/);
  return parts.map((part) => (/^`[^`]+`$/.test(part) ? `<code>${part.slice(1, -1)}</code>` : formatSpans(part))).join('');
}

function formatSpans(escaped) {
  const withLinks = escaped.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label, url) => {
    // Escaped text cannot hold a quote, so the attribute cannot be broken out of; only http(s) is linked.
    if (!/^https?:\/\//i.test(url)) return label;
    return `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  });
  return withLinks
    .replace(/\*\*([^*]+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, '$1<em>$2</em>');
}
