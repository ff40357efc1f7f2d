import type { Observation } from 'fhir/r4';
import type { DataQualityNote } from './data-quality.ts';

/** An Observation that passed status and time checks, with the clinical time it stands for. */
export interface AcceptedObservation {
  readonly resource: Observation;
  readonly ref: string;
  /** ISO date-time: effective[x] where given, else `issued` (and a note says so). */
  readonly time: string;
  readonly preliminary: boolean;
}

const USABLE = new Set(['final', 'amended', 'corrected']);
const IGNORED = new Set(['entered-in-error', 'cancelled', 'registered']);

export function refOf(resource: { resourceType: string; id?: string | undefined }): string {
  return `${resource.resourceType}/${resource.id ?? '(no id)'}`;
}

/**
 * FHIR R4 Observation semantics (fhir-terminology.md §3): status is a modifier, so only
 * final/amended/corrected count fully; preliminary is kept but marked; the rest is dropped with a note.
 */
export function acceptObservation(obs: Observation, family: string, at: Date, notes: DataQualityNote[]): AcceptedObservation | undefined {
  const ref = refOf(obs);
  const status = typeof obs.status === 'string' ? obs.status : 'unknown';
  if (IGNORED.has(status)) {
    notes.push({ code: status === 'entered-in-error' ? 'entered-in-error' : 'not-a-result', message: `${ref} has status "${status}" and was not used.`, resource: ref, family });
    return undefined;
  }
  if (!USABLE.has(status) && status !== 'preliminary') {
    notes.push({ code: 'not-a-result', message: `${ref} has status "${status}", which is not a result; it was not used.`, resource: ref, family });
    return undefined;
  }
  if (obs.dataAbsentReason) {
    const reason = obs.dataAbsentReason.coding?.[0]?.code ?? obs.dataAbsentReason.text ?? 'unspecified';
    notes.push({ code: 'data-absent', message: `${ref} carries no value (dataAbsentReason: ${reason}).`, resource: ref, family });
    return undefined;
  }
  const effective = clinicalTime(obs);
  let time = effective;
  if (!time) {
    if (isValidDate(obs.issued)) {
      time = obs.issued;
      notes.push({ code: 'issued-used-as-time', message: `${ref} has no effective time; its issued time ${obs.issued?.slice(0, 10)} was used instead.`, resource: ref, family });
    } else {
      notes.push({ code: 'no-clinical-time', message: `${ref} has neither an effective nor an issued time; it was not used.`, resource: ref, family });
      return undefined;
    }
  }
  if (Date.parse(time as string) > at.getTime() + 24 * 3600 * 1000) {
    notes.push({ code: 'future-date', message: `${ref} is dated in the future (${(time as string).slice(0, 10)}); it was not used.`, resource: ref, family });
    return undefined;
  }
  const preliminary = status === 'preliminary';
  if (preliminary) notes.push({ code: 'preliminary', message: `${ref} is preliminary; it is shown but may change.`, resource: ref, family });
  return { resource: obs, ref, time: time as string, preliminary };
}

function clinicalTime(obs: Observation): string | undefined {
  if (isValidDate(obs.effectiveDateTime)) return obs.effectiveDateTime;
  if (isValidDate(obs.effectiveInstant)) return obs.effectiveInstant;
  if (isValidDate(obs.effectivePeriod?.start)) return obs.effectivePeriod?.start;
  if (isValidDate(obs.effectivePeriod?.end)) return obs.effectivePeriod?.end;
  return undefined;
}

export function isValidDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?/.test(value) && !Number.isNaN(Date.parse(value));
}
