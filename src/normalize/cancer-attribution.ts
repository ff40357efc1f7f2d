import type { CodeableConcept, Condition, Extension, Reference, ServiceRequest } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { baseRef, familyOf } from './reading.ts';
import { refOf } from './observation-hygiene.ts';
import type { Attribution, CancerInput, PrimaryCancer } from './cancer.ts';
import { asArray, type Secondary } from './cancer-conditions.ts';

/** Tumour-cell result families that are attributed to a primary. */
const TUMOUR_CELL_FAMILIES: ReadonlySet<string> = new Set(['ctc', 'ctc-cluster', 'ctc-pdl1', 'dtc']);
/** Condition concepts that are not a primary cancer type of their own. */
const MODIFIERS = new Set([
  'hormone-resistant-status',
  'liver-unspecified',
  'prostate-castration-resistant',
  'site-unstated',
  'haematological',
]);

/** A related-condition extension (mCODE STU1 mcode-related-condition, or one spelled relatedCondition). */
const RELATED_CONDITION = /related-?condition/i;

interface AttributionResult {
  readonly kind: Attribution;
  readonly subject: string | undefined;
  readonly setAside: ReadonlySet<string>;
  readonly unattributedOrders: number;
}

/**
 * The primary a tumour-cell result belongs to: the only active primary, or the one the result
 * names through `focus`, its order's reason (`basedOn` → ServiceRequest.reasonReference/reasonCode)
 * or a related-condition extension. Several primaries and results that name none (or name two
 * different ones) leave the subject undefined, and every unattributed result is set aside.
 */
export function attribute(
  input: CancerInput,
  primaries: readonly PrimaryCancer[],
  typeOfCondition: ReadonlyMap<string, string>,
  secondaries: readonly Secondary[],
  terminology: Terminology,
  notes: DataQualityNote[],
): AttributionResult {
  const types = primaries.map((p) => p.type);
  const primaryOfSecondary = new Map(secondaries.map((s) => [s.ref, s.primary ? typeOfCondition.get(s.primary) : undefined]));
  const typeOfRef = (ref: Reference | undefined | null): string | undefined => {
    const condition = input.index.resolve<Condition>(ref, 'Condition');
    if (!condition) return undefined;
    const r = refOf(condition);
    return typeOfCondition.get(r) ?? primaryOfSecondary.get(r);
  };
  const typeOfReason = (codes: readonly CodeableConcept[] | undefined): string | undefined => {
    for (const code of asArray(codes)) {
      const concept = terminology.lookup('condition', code?.coding);
      if (concept && !MODIFIERS.has(concept)) return concept;
      if (concept === 'prostate-castration-resistant') return 'prostate';
    }
    return undefined;
  };
  const named = (resource: {
    focus?: Reference[];
    basedOn?: Reference[];
    extension?: Extension[];
    reasonReference?: Reference[];
    reasonCode?: CodeableConcept[];
  }): string | undefined => {
    for (const f of asArray(resource.focus)) {
      const t = typeOfRef(f);
      if (t) return t;
    }
    for (const e of asArray(resource.extension))
      if (RELATED_CONDITION.test(String(e?.url)) && e.valueReference) {
        const t = typeOfRef(e.valueReference);
        if (t) return t;
      }
    for (const r of asArray(resource.reasonReference)) {
      const t = typeOfRef(r);
      if (t) return t;
    }
    const byCode = typeOfReason(resource.reasonCode);
    if (byCode) return byCode;
    for (const b of asArray(resource.basedOn)) {
      const order = input.index.resolve<ServiceRequest>(b, 'ServiceRequest');
      if (order) {
        const t = named({ reasonReference: order.reasonReference, reasonCode: order.reasonCode });
        if (t) return t;
      }
    }
    return undefined;
  };

  const results = new Map<string, string | undefined>();
  const observations = new Map(input.observations.map((o) => [refOf(o), o]));
  for (const reading of input.readings) {
    if (!TUMOUR_CELL_FAMILIES.has(familyOf(reading.concept))) continue;
    const ref = baseRef(reading.ref);
    if (results.has(ref)) continue;
    const obs = observations.get(ref);
    results.set(ref, obs ? named(obs) : undefined);
  }
  const orders = input.orders.map((o) => named(o.resource as Parameters<typeof named>[0]));
  const namedTypes = new Set([...results.values(), ...orders].filter((t): t is string => t !== undefined));

  let subject: string | undefined;
  let kind: Attribution;
  if (types.length === 0) kind = 'no-primary';
  else if (types.length === 1) {
    subject = types[0];
    kind = 'single-primary';
  } else if (namedTypes.size === 1 && types.includes([...namedTypes][0] as string)) {
    subject = [...namedTypes][0];
    kind = 'named';
  } else kind = 'ambiguous';

  const setAside = new Set<string>();
  if (kind !== 'no-primary') {
    for (const [ref, type] of results) {
      if (subject !== undefined && (type === subject || (type === undefined && kind === 'single-primary'))) continue;
      setAside.add(ref);
      const missingOrder =
        type === undefined
          ? asArray(observations.get(ref)?.basedOn).find(
              (b) => typeof b?.reference === 'string' && !input.index.resolve(b, 'ServiceRequest'),
            )?.reference
          : undefined;
      const why =
        type === undefined
          ? `does not say which of the recorded primary cancers (${types.join(', ')}) it was taken for${missingOrder ? ` (the order it names, ${missingOrder}, was not available)` : ''}`
          : subject === undefined
            ? `names ${type} cancer while results name more than one primary cancer`
            : `names ${type} cancer, not ${subject} cancer`;
      notes.push({ code: 'unattributed-result', message: `${ref} ${why}; it was not used.`, resource: ref });
    }
  }
  const unattributedOrders = kind === 'ambiguous' ? orders.length : 0;
  return { kind, subject, setAside, unattributedOrders };
}
