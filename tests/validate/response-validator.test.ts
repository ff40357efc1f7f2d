import { describe, expect, it } from 'vitest';
import { formatProblem, validateDiscovery, validateResponse } from '../../src/validate/cds-hooks-validators.ts';
import type { ValidationResult } from '../../src/validate/cds-hooks-validators.ts';
import { discovery, fullResponse } from './examples.ts';

function problems<T>(result: ValidationResult<T>): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

type Json = Record<string, unknown>;

/** A copy of the example response with its first card changed. */
function withCard(change: (card: Json) => void): Json {
  const response = fullResponse();
  change((response.cards as Json[])[0] as Json);
  return response;
}

describe('validateResponse', () => {
  it('accepts an empty card list and a full card', () => {
    expect(problems(validateResponse({ cards: [] }))).toEqual([]);
    expect(problems(validateResponse(fullResponse()))).toEqual([]);
  });

  it('accepts systemActions and a response extension', () => {
    const body = {
      cards: [],
      systemActions: [{ type: 'update', description: 'Mark result reviewed', resource: { resourceType: 'Task', id: 't1' } }],
      extension: { 'org.example.trace': 'abc' },
    };
    expect(problems(validateResponse(body))).toEqual([]);
  });

  it('reports a summary of 140 characters', () => {
    const body = withCard((card) => (card.summary = 'x'.repeat(140)));
    expect(problems(validateResponse(body))).toEqual(['/cards/0/summary: must be at most 139 characters long']);
    expect(problems(validateResponse(withCard((card) => (card.summary = 'x'.repeat(139)))))).toEqual([]);
  });

  it('reports a null field', () => {
    expect(problems(validateResponse(withCard((card) => (card.detail = null))))).toEqual([
      '/cards/0/detail: must not be null (omit the member instead)',
    ]);
  });

  it('reports empty strings, arrays and objects', () => {
    const body = withCard((card) => {
      card.links = [];
      card.detail = '';
      card.extension = {};
    });
    expect(problems(validateResponse(body))).toEqual([
      '/cards/0/detail: must not be empty (omit the member instead)',
      '/cards/0/links: must not be an empty array (omit the member instead)',
      '/cards/0/extension: must not be an empty object (omit the member instead)',
    ]);
  });

  it('reports suggestions without selectionBehavior (cds-resp-6)', () => {
    expect(problems(validateResponse(withCard((card) => delete card.selectionBehavior)))).toEqual([
      '/cards/0/selectionBehavior: is required when suggestions are present (cds-resp-6)',
    ]);
  });

  it('reports an override reason without display (cds-resp-4)', () => {
    const body = withCard((card) => (card.overrideReasons = [{ system: 'https://x.example', code: 'c' }]));
    expect(problems(validateResponse(body))).toEqual([
      '/cards/0/overrideReasons/0/display: is required on every override reason (cds-resp-4)',
    ]);
  });

  it('reports appContext on an absolute link (cds-resp-3)', () => {
    const body = withCard((card) => (card.links = [{ label: 'l', url: 'https://x.example', type: 'absolute', appContext: 'ctx' }]));
    expect(problems(validateResponse(body))).toEqual(['/cards/0/links/0/appContext: is only allowed on smart links (cds-resp-3)']);
  });

  it('reports two recommended suggestions with at-most-one (cds-resp-1) but allows them with any', () => {
    const recommendBoth = (card: Json): void => {
      for (const suggestion of card.suggestions as Json[]) suggestion.isRecommended = true;
    };
    expect(problems(validateResponse(withCard(recommendBoth)))).toEqual([
      '/cards/0/suggestions: recommends 2 suggestions but selectionBehavior is at-most-one (cds-resp-1)',
    ]);
    const any = withCard((card) => {
      recommendBoth(card);
      card.selectionBehavior = 'any';
    });
    expect(problems(validateResponse(any))).toEqual([]);
  });

  it("reports the retired indicator 'hard-stop'", () => {
    expect(problems(validateResponse(withCard((card) => (card.indicator = 'hard-stop'))))).toEqual([
      '/cards/0/indicator: must be one of: info, warning, critical',
    ]);
  });

  it('reports actions without description (cds-resp-5) and deletes carrying a resource (cds-resp-2)', () => {
    const body = withCard((card) => {
      card.suggestions = [{ label: 'Remove', actions: [{ type: 'delete', resource: { resourceType: 'ServiceRequest' } }] }];
    });
    expect(problems(validateResponse(body))).toEqual([
      '/cards/0/suggestions/0/actions/0/resourceId: is required on a delete (cds-resp-2)',
      '/cards/0/suggestions/0/actions/0/resource: must be omitted on a delete; use resourceId (cds-resp-2)',
      '/cards/0/suggestions/0/actions/0/description: is required on every suggestion action (cds-resp-5)',
    ]);
  });

  it('reports unknown members, a missing source label and a bad uuid', () => {
    const body = withCard((card) => {
      card.title = 'not a card field';
      card.source = { url: 'https://x.example' };
      card.uuid = 'card-1';
    });
    expect(problems(validateResponse(body))).toEqual([
      '/cards/0/title: is not allowed here',
      '/cards/0/uuid: must be a valid uuid',
      '/cards/0/source/label: is required',
    ]);
  });

  it('reports a missing cards member', () => {
    expect(problems(validateResponse({}))).toEqual(['/cards: is required']);
  });
});

describe('validateDiscovery', () => {
  it('accepts a service list and an empty one', () => {
    expect(problems(validateDiscovery(discovery()))).toEqual([]);
    expect(problems(validateDiscovery({ services: [] }))).toEqual([]);
  });

  it('reports missing description, a non-string prefetch template and an id with a slash', () => {
    const body = { services: [{ hook: 'patient-view', id: 'a/b', prefetch: { patient: 1 } }] };
    expect(problems(validateDiscovery(body))).toEqual([
      '/services/0/description: is required',
      "/services/0/id: must be a single URL path segment (letters, digits, '.', '_', '~' and '-')",
      '/services/0/prefetch/patient: must be a string',
    ]);
  });
});
