import { getSearchParameter } from '@medplum/core';
import type { Bundle, BundleLink } from 'fhir/r4';

/**
 * FHIR lets a client send a bare id for a reference parameter with a single target type
 * (`Observation?patient=p1`); medplum's memory store only matches `Patient/p1`, so add the type.
 */
export function qualifyBareReferences(resourceType: string, params: URLSearchParams): URLSearchParams {
  const result = new URLSearchParams();
  for (const [key, value] of params) {
    const code = key.split(':')[0] ?? key;
    const definition = getSearchParameter(resourceType, code);
    const targets = definition?.type === 'reference' ? (definition.target ?? []) : [];
    const qualified =
      targets.length === 1 && !key.includes(':')
        ? value
            .split(',')
            .map((part) => (part.includes('/') ? part : `${targets[0]}/${part}`))
            .join(',')
        : value;
    result.append(key, qualified);
  }
  return result;
}

/** Adds `self` and, while results remain, `next` links that page with `_offset`. */
export function withPagingLinks(bundle: Bundle, requestUrl: URL): Bundle {
  const count = Number(requestUrl.searchParams.get('_count') ?? NaN);
  const offset = Number(requestUrl.searchParams.get('_offset') ?? 0);
  const link: BundleLink[] = [{ relation: 'self', url: requestUrl.href }];
  if (Number.isInteger(count) && count > 0 && bundle.total !== undefined && offset + count < bundle.total) {
    const next = new URL(requestUrl.href);
    next.searchParams.set('_offset', String(offset + count));
    link.push({ relation: 'next', url: next.href });
  }
  return { ...bundle, link };
}

/** A searchset whose `next` link is the request itself: a client that follows it never ends. */
export function withLoopingNextLink(bundle: Bundle, requestUrl: URL): Bundle {
  return {
    ...bundle,
    link: [
      { relation: 'self', url: requestUrl.href },
      { relation: 'next', url: requestUrl.href },
    ],
  };
}
