import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes, Root } from 'mdast';

/** Card text as an EHR's GFM renderer reads it (micromark + mdast, CommonMark with the GFM extensions). */
export function parseCardMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/**
 * The document's structure without its words: every node but text in document order, with its depth
 * in the tree and what makes it act (heading depth, list kind, link target). Escaped patient text
 * adds words only, so a card's structure must not change with the patient's text.
 */
export function structureOf(markdown: string): string[] {
  const out: string[] = [];
  const walk = (node: Nodes, depth: number): void => {
    if (node.type !== 'text') out.push(`${depth}:${describe(node)}`);
    if ('children' in node) for (const child of node.children) walk(child, depth + 1);
  };
  walk(parseCardMarkdown(markdown), 0);
  return out;
}

/** Nodes a hostile value could use to show markup, links, headings or list items of its own. */
const ACTIVE =
  /^\d+:(html|link|image|linkReference|imageReference|definition|footnoteReference|footnoteDefinition|heading|list|listItem|table|code|inlineCode|blockquote|thematicBreak)\b/;

/** The structure's active nodes only (for the summary, whose cut-off point moves with the text length). */
export function activeStructureOf(markdown: string): string[] {
  return structureOf(markdown).filter((s) => ACTIVE.test(s));
}

function describe(node: Nodes): string {
  switch (node.type) {
    case 'heading':
      return `heading(${node.depth})`;
    case 'list':
      return `list(${node.ordered ? 'ordered' : 'bullet'})`;
    case 'link':
    case 'image':
    case 'definition':
      return `${node.type}(${node.url})`;
    case 'html':
      return `html(${node.value})`;
    default:
      return node.type;
  }
}

/**
 * The same text with no Markdown in it: breaks and spaces stay spaces, letters and digits stay, every
 * other character becomes "x". Same length class and emptiness, so the pipeline treats it alike.
 */
export function benignTwin(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]/gu, ' ').replace(/[^A-Za-z0-9 ]/gu, 'x');
}

/** What a reader sees: the document's text, without the word joiners that break autolinks. */
export function visibleText(markdown: string): string {
  const texts: string[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'text') texts.push(node.value);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(parseCardMarkdown(markdown));
  return texts.join('').replaceAll('\u2060', '');
}
