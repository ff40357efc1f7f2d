import type { Observation, ObservationComponent } from 'fhir/r4';
import type { DataQualityNote } from './data-quality.ts';
import { acceptObservation } from './observation-hygiene.ts';
import { assayOf, specimenOf } from './observation-links.ts';
import { familyOf, type Reading } from './reading.ts';
import { hasValue, readingOf, type SharedFields } from './reading-value.ts';
import type { ResourceIndex } from './resource-index.ts';
import type { Terminology } from './terminology.ts';

/** A component with the observation concept its code maps to, if any. */
type Part = { readonly component: ObservationComponent; readonly concept: string | undefined };

/**
 * Every mapped value in the Observations, after status/time hygiene (once per Observation).
 * Components share the parent's subject, time, method and specimen (fhir-terminology.md §3.5).
 * Observations whose code and components map to nothing are not ours and leave no note.
 */
export function collectReadings(
  observations: readonly Observation[],
  delivered: ResourceIndex,
  terminology: Terminology,
  at: Date,
  notes: DataQualityNote[],
): Reading[] {
  const readings: Reading[] = [];
  for (const obs of observations) {
    const top = terminology.lookup('observation', obs.code?.coding);
    // Most Observations have no components: they share one empty list instead of mapping a new one.
    const parts =
      obs.component == null
        ? NO_PARTS
        : obs.component.map((c) => ({ component: c, concept: terminology.lookup('observation', c.code?.coding) }));
    const first = top ?? parts.find((p) => p.concept)?.concept;
    if (!first) continue;
    const accepted = acceptObservation(obs, familyOf(first), at, notes);
    if (!accepted) continue;
    const assay = assayOf(obs, delivered, terminology);
    const shared: SharedFields = {
      time: accepted.time,
      timeMs: accepted.timeMs,
      preliminary: accepted.preliminary,
      specimen: specimenOf(obs, delivered, terminology),
      assay: assay?.concept,
      assayCode: assay?.code,
    };
    const interpretation = terminology.lookup(
      'answer',
      obs.interpretation?.flatMap((i) => i.coding ?? []),
    );
    if (top && hasValue(obs)) {
      readings.push(readingOf(top, accepted.ref, shared, obs, terminology, interpretation));
    } else if (top && !parts.some((p) => p.concept)) {
      notes.push({
        code: 'missing-value',
        message: `${accepted.ref} carries no value; it was not used.`,
        resource: accepted.ref,
        family: familyOf(top),
      });
    }
    readComponents(parts, accepted.ref, shared, terminology, readings, notes);
  }
  return readings.sort((a, b) => a.time.localeCompare(b.time));
}

const NO_PARTS: readonly Part[] = [];

/** A reading for each mapped component with a value; a note for each mapped one without. */
function readComponents(
  parts: readonly Part[],
  parentRef: string,
  shared: SharedFields,
  terminology: Terminology,
  readings: Reading[],
  notes: DataQualityNote[],
): void {
  for (const { component, concept } of parts) {
    if (!concept) continue;
    const ref = `${parentRef} (component ${concept})`;
    if (component.dataAbsentReason) {
      notes.push({
        code: 'data-absent',
        message: `${ref} carries no value (reason given: ${absentReason(component)}).`,
        resource: parentRef,
        family: familyOf(concept),
      });
      continue;
    }
    if (!hasValue(component)) {
      notes.push({
        code: 'missing-value',
        message: `${ref} carries no value; it was not used.`,
        resource: parentRef,
        family: familyOf(concept),
      });
      continue;
    }
    const own = terminology.lookup(
      'answer',
      component.interpretation?.flatMap((i) => i.coding ?? []),
    );
    readings.push(readingOf(concept, ref, shared, component, terminology, own));
  }
}

function absentReason(component: ObservationComponent): string {
  const reason = component.dataAbsentReason;
  return reason?.text ?? reason?.coding?.[0]?.display ?? reason?.coding?.[0]?.code ?? 'not stated';
}
