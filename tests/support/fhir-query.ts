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

/**
 * `patient=Patient/x` as `subject=Patient/x` where that is the same search: R4 defines `patient` for
 * these types as `<Type>.subject.where(resolve() is Patient)`, but medplum's memory store evaluates the
 * parameter's whole shared expression (a union over ~30 resource types, 1,386 characters) for every
 * stored resource, ≈0.3 ms each; `subject` is one path. Same answers, and a server holding every
 * fixture patient (tests/fixtures/all-fixtures-one-server.test.ts) searches in milliseconds.
 */
export function narrowPatientSearch(resourceType: string, params: URLSearchParams): URLSearchParams {
  if (!params.has('patient')) return params;
  const patient = getSearchParameter(resourceType, 'patient');
  const subject = getSearchParameter(resourceType, 'subject');
  const sameAsSubject =
    patient?.expression?.split('|').some((part) => part.trim() === `${resourceType}.subject.where(resolve() is Patient)`) === true;
  if (!sameAsSubject || subject?.type !== 'reference' || subject.expression !== `${resourceType}.subject`) return params;
  const result = new URLSearchParams();
  for (const [key, value] of params) {
    const qualified = value.split(',').every((part) => part.startsWith('Patient/'));
    result.append(key === 'patient' && qualified ? 'subject' : key, value);
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
