import type { Observation } from 'fhir/r4';
import type { DataQualityNote } from './data-quality.ts';
import { parseInstant } from './instant.ts';

/** An Observation that passed status and time checks, with the clinical time it stands for. */
interface AcceptedObservation {
  readonly resource: Observation;
  readonly ref: string;
  /** ISO date-time: effective[x] where given, else `issued` (and a note says so). */
  readonly time: string;
  /** `time` as epoch ms, parsed once here for every later comparison. */
  readonly timeMs: number;
  readonly preliminary: boolean;
}

/** The Observation statuses that count fully (preliminary is kept but marked). */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['final', 'amended', 'corrected']);
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
    notes.push({
      code: status === 'entered-in-error' ? 'entered-in-error' : 'not-a-result',
      message: `${ref} has status "${status}" and was not used.`,
      resource: ref,
      family,
    });
    return undefined;
  }
  if (!FINAL_STATUSES.has(status) && status !== 'preliminary') {
    notes.push({
      code: 'not-a-result',
      message: `${ref} has status "${status}", which is not a result; it was not used.`,
      resource: ref,
      family,
    });
    return undefined;
  }
  if (obs.dataAbsentReason) {
    const reason =
      obs.dataAbsentReason.text ?? obs.dataAbsentReason.coding?.[0]?.display ?? obs.dataAbsentReason.coding?.[0]?.code ?? 'not stated';
    notes.push({ code: 'data-absent', message: `${ref} carries no value (reason given: ${reason}).`, resource: ref, family });
    return undefined;
  }
  // Each candidate time is parsed once: the parse that proves it valid also dates it.
  let time = clinicalTime(obs);
  if (!time) {
    time = timeOf(obs.issued);
    if (time) {
      notes.push({
        code: 'issued-used-as-time',
        message: `${ref} has no effective time; its issued time ${obs.issued?.slice(0, 10)} was used instead.`,
        resource: ref,
        family,
      });
    } else {
      notes.push({
        code: 'no-clinical-time',
        message: `${ref} has neither an effective nor an issued time; it was not used.`,
        resource: ref,
        family,
      });
      return undefined;
    }
  }
  if (time.ms > at.getTime() + 24 * 3600 * 1000) {
    notes.push({
      code: 'future-date',
      message: `${ref} is dated in the future (${time.text.slice(0, 10)}); it was not used.`,
      resource: ref,
      family,
    });
    return undefined;
  }
  const preliminary = status === 'preliminary';
  if (preliminary)
    notes.push({ code: 'preliminary', message: `${ref} is preliminary; it is shown but may change.`, resource: ref, family });
  return { resource: obs, ref, time: time.text, timeMs: time.ms, preliminary };
}

interface ParsedTime {
  readonly text: string;
  readonly ms: number;
}

function clinicalTime(obs: Observation): ParsedTime | undefined {
  return (
    timeOf(obs.effectiveDateTime) ?? timeOf(obs.effectiveInstant) ?? timeOf(obs.effectivePeriod?.start) ?? timeOf(obs.effectivePeriod?.end)
  );
}

/**
 * A valid date (as isValidDate judges it) with its epoch ms, or undefined. Valid means four digits
 * first (all /^\d{4}(-\d{2}(-\d{2})?)?/ ever required: its groups are optional) and a date Date.parse accepts.
 */
function timeOf(value: unknown): ParsedTime | undefined {
  if (typeof value !== 'string' || !startsWithYear(value)) return undefined;
  const ms = parseInstant(value);
  return Number.isNaN(ms) ? undefined : { text: value, ms };
}

export function isValidDate(value: unknown): value is string {
  return typeof value === 'string' && startsWithYear(value) && !Number.isNaN(parseInstant(value));
}

function startsWithYear(value: string): boolean {
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return false;
  }
  return true;
}
