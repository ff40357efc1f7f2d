import type { FeedbackItem } from './feedback-validator.ts';
import type { Problem } from './validation-result.ts';

/** A card's suggestions (by uuid) and override reasons (by system and code), as issued. */
export interface OfferedChoices {
  readonly suggestions: readonly string[];
  readonly overrideReasons: readonly { readonly system: string; readonly code: string }[];
}

/** Long enough to recognise what was sent, short enough to keep an answer (and a log line) small. */
const SHOWN = 80;

/**
 * What each feedback item names that its card never offered: an accepted suggestion id not among the
 * card's suggestions, an override reason (system and code) not among its overrideReasons. One problem
 * per item part, pointing at it. Cards not in `cards` (unknown, another service's) and cards recorded
 * before their offer was kept are left to the store's own check and not judged here.
 */
export function unofferedProblems(
  items: readonly FeedbackItem[],
  cards: ReadonlyMap<string, { readonly offered?: OfferedChoices }>,
): Problem[] {
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const offered = cards.get(item.card)?.offered;
    if (!offered) return;
    const suggestions = new Set(offered.suggestions);
    (item.acceptedSuggestions ?? []).forEach((suggestion, j) => {
      if (!suggestions.has(suggestion.id))
        problems.push({
          path: `/feedback/${i}/acceptedSuggestions/${j}/id`,
          message: `card ${item.card} offered no suggestion ${shown(suggestion.id)}`,
        });
    });
    const reason = item.overrideReason?.reason;
    if (reason && !offered.overrideReasons.some((r) => r.system === reason.system && r.code === reason.code)) {
      problems.push({
        path: `/feedback/${i}/overrideReason/reason`,
        message: `card ${item.card} offered no override reason ${shown(reason.system)}|${shown(reason.code)}`,
      });
    }
  });
  return problems;
}

function shown(text: string): string {
  return JSON.stringify(text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);
}
