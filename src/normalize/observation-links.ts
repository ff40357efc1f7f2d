import type { Coding, FhirResource, Observation, Reference, Resource } from 'fhir/r4';
import type { SpecimenKind } from './reading.ts';
import type { ResourceIndex } from './resource-index.ts';
import type { Terminology } from './terminology.ts';

// What an Observation points to (its Specimen, its Device) or codes in `method`, read for the kind of
// specimen and the assay. Components share the parent's (fhir-terminology.md §3.5).

export function specimenOf(obs: Observation, delivered: ResourceIndex, terminology: Terminology): SpecimenKind {
  const specimen = resolve(obs.specimen, obs, delivered);
  const hit = specimen?.resourceType === 'Specimen' ? terminology.lookup('specimen', specimen.type?.coding) : undefined;
  return hit === 'blood' || hit === 'bone-marrow' ? hit : 'unknown';
}

export function assayOf(
  obs: Observation,
  delivered: ResourceIndex,
  terminology: Terminology,
): { concept: string; code: string } | undefined {
  const byMethod = assayCoding(obs.method?.coding, terminology);
  if (byMethod) return byMethod;
  const device = resolve(obs.device, obs, delivered);
  return device?.resourceType === 'Device' ? assayCoding(device.type?.coding, terminology) : undefined;
}

/** The first coding that maps to an assay concept, with the concept. */
function assayCoding(codings: readonly Coding[] | undefined, terminology: Terminology): { concept: string; code: string } | undefined {
  if (!Array.isArray(codings)) return undefined;
  for (const coding of codings) {
    const concept = terminology.lookup('assay', [coding]);
    if (concept) return { concept, code: `${coding.system}|${coding.code}` };
  }
  return undefined;
}

/** A contained resource (`#id`) or one delivered alongside (`Type/id`, absolute or relative). */
function resolve(ref: Reference | undefined, obs: Observation, delivered: ResourceIndex): FhirResource | undefined {
  const target = ref?.reference;
  if (!target) return undefined;
  const hit = target.startsWith('#') ? containedWith(obs, target.slice(1)) : delivered.find(target);
  return hit as FhirResource | undefined;
}

/** The first contained resource with this id (compared as text, as `#${id}` always was), without a string per candidate. */
function containedWith(obs: Observation, id: string): Resource | undefined {
  return obs.contained?.find((r) => (typeof r.id === 'string' ? r.id === id : `${r.id}` === id));
}
