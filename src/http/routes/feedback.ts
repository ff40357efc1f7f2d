import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DecisionStore, FoundCard } from '../../store/decision-store.ts';
import { UnknownCardsError } from '../../store/unknown-cards-error.ts';
import { validateFeedback } from '../../validate/feedback-validator.ts';
import { unofferedProblems } from '../../validate/feedback-against-card.ts';
import { ApiError } from '../../errors/api-error.ts';

interface FeedbackRouterDeps {
  readonly store: DecisionStore;
  readonly knownServiceIds: ReadonlySet<string>;
  readonly logger: Logger;
}

/**
 * CDS Hooks 2.0 §Feedback: `POST /cds-services/{id}/feedback`. Answers 200 `{stored}` only after
 * the items are committed; 400 for a malformed body, 422 when a card was not issued by this
 * service or an item names a suggestion or override reason its card did not offer (nothing is stored
 * then), 404 for an unknown service. Expects express.json() upstream.
 */
export function feedbackRouter(deps: FeedbackRouterDeps): Router {
  const router = Router();
  router.post('/cds-services/:id/feedback', async (req: Request<{ id: string }>, res: Response) => {
    const serviceId = req.params.id;
    if (!deps.knownServiceIds.has(serviceId)) {
      res.status(404).json(new ApiError('unknown_service', undefined, `No CDS service has the id "${serviceId}".`).toBody());
      return;
    }
    const checked = validateFeedback(req.body as unknown);
    if (!checked.ok) {
      deps.logger.info({ event: 'feedback.invalid', serviceId, problems: checked.problems.length }, 'feedback rejected');
      res.status(400).json(new ApiError('invalid_feedback', checked.problems).toBody());
      return;
    }
    // Only what the card offered may be reported as chosen: the store would keep any code or id as sent.
    // Only cards an item names a choice of are looked up, all at once (an outcome alone needs no offer).
    const naming = checked.value.feedback.filter((f) => (f.acceptedSuggestions?.length ?? 0) > 0 || f.overrideReason?.reason !== undefined);
    const found = await Promise.all([...new Set(naming.map((f) => f.card))].map((uuid) => deps.store.findIssuedCard(uuid)));
    const cards = new Map<string, FoundCard>();
    for (const card of found) if (card && card.serviceId === serviceId) cards.set(card.uuid, card);
    const unoffered = unofferedProblems(checked.value.feedback, cards);
    if (unoffered.length > 0) {
      deps.logger.info(
        { event: 'feedback.unoffered_choice', serviceId, problems: unoffered.length },
        'feedback names choices its card did not offer',
      );
      res.status(422).json(new ApiError('unoffered_choice', unoffered).toBody());
      return;
    }
    try {
      const { stored } = await deps.store.recordFeedback(serviceId, checked.value.feedback, new Date());
      deps.logger.info(
        { event: 'feedback.stored', serviceId, stored, cards: checked.value.feedback.map((f) => f.card) },
        'feedback stored',
      );
      res.status(200).json({ stored });
    } catch (error) {
      if (!(error instanceof UnknownCardsError)) throw error;
      deps.logger.info({ event: 'feedback.unknown_card', serviceId, cards: error.cards }, 'feedback for unknown cards');
      res.status(422).json({ ...new ApiError('unknown_card').toBody(), cards: error.cards });
    }
  });
  return router;
}
