/**
 * Feedback named cards this service never showed (or whose decision was purged, or that another
 * service issued). Nothing of the request was written.
 */
export class UnknownCardsError extends Error {
  readonly cards: readonly string[];

  constructor(cards: readonly string[]) {
    super(`unknown card uuid(s): ${cards.join(', ')}`);
    this.name = 'UnknownCardsError';
    this.cards = cards;
  }
}
