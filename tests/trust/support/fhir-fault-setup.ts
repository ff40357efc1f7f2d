import { readFileSync } from 'node:fs';
import type { Bundle, Observation, Resource } from 'fhir/r4';
import { fhirAuthorization } from '../../support/fhir-authorization.ts';

export const FIXTURE = 'mbc-ctc-12-cellsearch';
export const ACCESS_TOKEN = 'fhir-access-token-3f9a';

/** The fixture patient's resources, plus `extra` CTC observations so searches can page. */
export function fixtureResources(extra = 0): Resource[] {
  const bundle = JSON.parse(readFileSync(new URL(`../../../fhir-fixtures/patients/${FIXTURE}.json`, import.meta.url), 'utf8')) as Bundle;
  const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
  const template = resources.find((r): r is Observation => r.resourceType === 'Observation');
  if (!template) throw new Error(`${FIXTURE} has no Observation`);
  const more = Array.from(
    { length: extra },
    (_, i): Observation => ({ ...template, id: `ctc-extra-${i}`, effectiveDateTime: `2025-0${1 + (i % 9)}-15` }),
  );
  return [...resources, ...more];
}

/** The ready patient-view request for the fixture, with its prefetch replaced. */
export function patientViewRequest(fhirServer: string | undefined, prefetch: Record<string, unknown>): Record<string, unknown> {
  const request = JSON.parse(
    readFileSync(new URL(`../../../fhir-fixtures/requests/${FIXTURE}.patient-view.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  return {
    ...request,
    prefetch,
    ...(fhirServer
      ? {
          fhirServer,
          fhirAuthorization: fhirAuthorization(ACCESS_TOKEN),
        }
      : {}),
  };
}

/** The fixture request's own complete prefetch. */
export function fullPrefetch(): Record<string, unknown> {
  const request = JSON.parse(
    readFileSync(new URL(`../../../fhir-fixtures/requests/${FIXTURE}.patient-view.json`, import.meta.url), 'utf8'),
  ) as { prefetch: Record<string, unknown> };
  return request.prefetch;
}

/** Only the keys the service requires (conditions, observations): the optional ones must be fetched. */
export function requiredOnlyPrefetch(): Record<string, unknown> {
  const { conditions, observations } = fullPrefetch();
  return { conditions, observations };
}

export function cardDetails(body: unknown): string {
  return ((body as { cards?: { detail?: string }[] }).cards ?? []).map((c) => c.detail ?? '').join('\n');
}
