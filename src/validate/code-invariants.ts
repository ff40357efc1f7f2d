import type { Problem } from './validation-result.ts';

// Rules that JSON Schema cannot say plainly; they walk `unknown` so they can run alongside
// a failed schema check and report everything at once.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** cds-resp-1: with selectionBehavior at-most-one, at most one suggestion is recommended. */
export function checkRecommendedSuggestions(response: unknown): Problem[] {
  if (!isRecord(response) || !Array.isArray(response['cards'])) return [];
  const problems: Problem[] = [];
  response['cards'].forEach((card: unknown, index) => {
    if (!isRecord(card) || card['selectionBehavior'] !== 'at-most-one' || !Array.isArray(card['suggestions'])) return;
    const recommended = card['suggestions'].filter((s: unknown) => isRecord(s) && s['isRecommended'] === true);
    if (recommended.length > 1) {
      problems.push({
        path: `/cards/${index}/suggestions`,
        message: `recommends ${recommended.length} suggestions but selectionBehavior is at-most-one (cds-resp-1)`,
      });
    }
  });
  return problems;
}

/** order-select: every selection names a resource that is in draftOrders. */
export function checkSelectionsInDraftOrders(context: unknown, prefix: string): Problem[] {
  if (!isRecord(context) || !Array.isArray(context['selections'])) return [];
  const draftOrders = context['draftOrders'];
  if (!isRecord(draftOrders) || !Array.isArray(draftOrders['entry'])) return [];
  const drafted = new Set<string>();
  for (const entry of draftOrders['entry'] as unknown[]) {
    const resource = isRecord(entry) ? entry['resource'] : undefined;
    if (isRecord(resource) && typeof resource['resourceType'] === 'string' && typeof resource['id'] === 'string') {
      drafted.add(`${resource['resourceType']}/${resource['id']}`);
    }
  }
  const problems: Problem[] = [];
  context['selections'].forEach((selection: unknown, index) => {
    if (typeof selection === 'string' && !drafted.has(selection)) {
      problems.push({ path: `${prefix}/selections/${index}`, message: `${selection} is not among draftOrders` });
    }
  });
  return problems;
}
