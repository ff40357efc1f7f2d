import type { ClinicalPicture } from '../normalize/clinical-picture.ts';

export type Presence = 'positive' | 'negative' | 'unknown';

/** One non-count liquid-biopsy result placed on the timeline (cluster, PD-L1+ CTCs, bone-marrow DTC). */
export interface TimelineMarker {
  readonly kind: 'cluster' | 'pdl1' | 'dtc';
  readonly date: string;
  readonly result: Presence;
  readonly value: number | null;
  readonly unit: string | null;
  readonly method: string | null;
  readonly label: string;
  readonly resource: string;
}

/**
 * Cluster, PD-L1+ and DTC results for the chart, read from the same clinical picture the rules see,
 * so the chart never disagrees with the cards (and FHIR is parsed in one place only).
 */
export function markerSeries(picture: ClinicalPicture): TimelineMarker[] {
  const known = (method: string): string | null => (method === 'unknown' ? null : method);
  const presence = (present: boolean | undefined): Presence => (present === undefined ? 'unknown' : present ? 'positive' : 'negative');
  const markers: TimelineMarker[] = [
    ...picture.clusters.map((c): TimelineMarker => {
      const value = c.countPer2mL ?? c.count ?? null;
      const unit = c.countPer2mL !== undefined ? 'per 2 mL' : c.count !== undefined ? 'clusters' : null;
      const result = presence(c.present ?? (c.count !== undefined ? c.count > 0 : undefined));
      return {
        kind: 'cluster',
        date: c.date,
        result,
        value,
        unit,
        method: known(c.assay),
        label: `CTC clusters: ${value !== null ? `${value} ${unit}` : result}`,
        resource: c.resource,
      };
    }),
    ...picture.neutrophilClusters.map((n): TimelineMarker => {
      const result = presence(n.present);
      return {
        kind: 'cluster',
        date: n.date,
        result,
        value: null,
        unit: null,
        method: null,
        label: `Neutrophil–CTC clusters: ${result}`,
        resource: n.resource,
      };
    }),
    ...picture.pdl1.map((p): TimelineMarker => {
      const value = p.positiveCount ?? p.fractionPercent ?? null;
      const unit = p.positiveCount !== undefined ? 'cells' : p.fractionPercent !== undefined ? '%' : null;
      const result = presence(p.present);
      return {
        kind: 'pdl1',
        date: p.date,
        result,
        value,
        unit,
        method: known(p.assay),
        label: `PD-L1+ CTCs: ${value !== null ? `${value} ${unit}` : result}`,
        resource: p.resource,
      };
    }),
    ...picture.dtc.map((d): TimelineMarker => {
      const value = d.countPer2M ?? null;
      return {
        kind: 'dtc',
        date: d.date,
        result: d.result,
        value,
        unit: value !== null ? 'per 2×10⁶ cells' : null,
        method: known(d.method),
        label: `Bone-marrow DTCs: ${value !== null ? `${value} per 2×10⁶ cells` : d.result}`,
        resource: d.resource,
      };
    }),
  ];
  return markers.sort((a, b) => a.date.localeCompare(b.date));
}
