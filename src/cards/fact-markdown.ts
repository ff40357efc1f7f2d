import type { FactValue } from '../facts/fact-definition.ts';
import { formatFact } from '../facts/fact-catalog.ts';
import { bulletList, escapeText, joinMarkdown, type SafeMarkdown } from './safe-markdown.ts';

/** How a list fact's format (ctc.series, dataQuality.unusableNotes) starts each element. */
const LIST_ITEM = '\n- ';

/**
 * A fact as card text. Facts format plain text, which is escaped here; a fact formatted as a Markdown
 * list has its elements formatted and escaped one by one, and the list itself is built here, so no
 * patient text can add items, headings or links.
 */
export function factMarkdown(name: string, value: FactValue | undefined): SafeMarkdown {
  const items = listItems(name, value);
  return items ? bulletList(items.map(escapeText)) : escapeText(formatFact(name, value));
}

/** A fact on one line (a card's "Patient data used"): a list fact's elements escaped one by one, joined by "; ". */
export function factInline(name: string, value: FactValue | undefined): SafeMarkdown {
  const items = listItems(name, value);
  return items ? joinMarkdown(items.map(escapeText), '; ') : escapeText(formatFact(name, value));
}

/** A list fact's elements as plain text, or undefined when the fact does not format as a list. */
function listItems(name: string, value: FactValue | undefined): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const items = (value as readonly unknown[]).map((element) => formatFact(name, [element] as FactValue));
  return items.every((item) => item.startsWith(LIST_ITEM)) ? items.map((item) => item.slice(LIST_ITEM.length)) : undefined;
}
