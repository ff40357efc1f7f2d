/**
 * Card text is GitHub Flavored Markdown (CDS Hooks 2.0 §Card `detail`). Patient and request text
 * must reach it only as literal text, so card text has its own type: a `SafeMarkdown` is made only by
 * `escapeText` (untrusted text), `trustedMarkdown` (rule-authored Markdown, see its callers) and the
 * `md` tag (code-authored Markdown around `SafeMarkdown` values). Render functions accept nothing else.
 */
declare const safe: unique symbol;
export type SafeMarkdown = string & { readonly [safe]: true };

/** Line and paragraph breaks, other control characters and bidi overrides: all become one space. */
const BREAKING = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Characters that open or close inline Markdown, HTML or entities anywhere on a line. */
const INLINE_SYNTAX = /[\\`*_{}[\]<>#|!~&]/g;
/** What makes a list item, thematic break, setext underline, table delimiter row (GFM needs no pipe: ":-") or ordered list at the start of a line. */
const LINE_START = /^(?:[-+=:](?![\p{L}\p{N}])|\d{0,9}[.)](?=\s|$))/u;
/** GFM autolink literals (www., http(s)://, e-mail): a word joiner stops the parser seeing one. */
const AUTOLINK = /www(?=\.)|(?=:\/\/)|(?=@)/gi;
const WORD_JOINER = '\u2060';

/**
 * Untrusted text as literal card text: one line, trimmed, every Markdown and HTML character
 * backslash-escaped, a line-start marker escaped, autolink literals broken. No FHIR or request value
 * may enter a card any other way.
 */
export function escapeText(text: string): SafeMarkdown {
  const line = text.replace(BREAKING, ' ').replace(/\s+/g, ' ').trim();
  const escaped = line.replace(INLINE_SYNTAX, (c) => `\\${c}`).replace(LINE_START, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
  return escaped.replace(AUTOLINK, (m) => `${m}${WORD_JOINER}`) as SafeMarkdown;
}

/**
 * Markdown an informatician wrote in rules/ (card templates, evidence, limitations, references):
 * trusted as written. Only the card parts and the template builder may call this (a test keeps it so).
 */
export function trustedMarkdown(markdown: string): SafeMarkdown {
  return markdown as SafeMarkdown;
}

/** Code-authored Markdown: the literal parts are trusted, every value must already be `SafeMarkdown`. */
export function md(strings: TemplateStringsArray, ...values: readonly SafeMarkdown[]): SafeMarkdown {
  return strings.reduce((out, s, i) => out + (i > 0 ? values[i - 1] : '') + s, '') as SafeMarkdown;
}

export function joinMarkdown(parts: readonly SafeMarkdown[], separator: '' | '\n' | '\n\n' | ', ' | '; '): SafeMarkdown {
  return parts.join(separator) as SafeMarkdown;
}

/** A bullet list, one item per escaped text, each item on a new line (the list follows text it belongs to). */
export function bulletList(items: readonly SafeMarkdown[]): SafeMarkdown {
  return items.map((item) => `\n- ${item}`).join('') as SafeMarkdown;
}

/** At most `max` characters ending in "…", never cutting an escape or a surrogate pair in two. */
export function truncateMarkdown(markdown: SafeMarkdown, max: number): SafeMarkdown {
  if (markdown.length <= max) return markdown;
  let cut = markdown.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  if ((/\\+$/.exec(cut)?.[0].length ?? 0) % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…` as SafeMarkdown;
}
