import type { FactDefinition } from './fact-definition.ts';
import { ASSAYS, TIME_POINTS } from './ctc-facts.ts';
import { clusterFinding, clusterTrend } from '../normalize/cluster-series.ts';
import { latestDraw } from '../normalize/draw-groups.ts';
import { asRecord, describeRecord, type RecordField } from './record-value.ts';
import { presence } from './fact-words.ts';

const CLUSTER_TRENDS = ['rising', 'falling', 'stable', 'appeared', 'unknown'] as const;

const CLUSTER_FIELDS: readonly RecordField[] = [
  ['present', 'clusters {}'],
  ['count', '{} clusters'],
  ['countPer2mL', '{} clusters per 2 mL'],
  ['minCells', 'definition ≥{} cells'],
  ['minSize', 'smallest cluster {} cells'],
  ['maxSize', 'largest cluster {} cells'],
  ['assay', ''],
  ['date', ''],
  ['timePoint', ''],
];

/**
 * "Latest" below is one result: the series' last. When several assays reported on the latest draw,
 * that is the one that found clusters (on its platform's definition first), so a rule sees an ISET
 * cluster beside a CellSearch 0; every result of that draw is in ctc.cluster.latestDraw.
 */

export const clusterFacts: readonly FactDefinition[] = [
  {
    name: 'ctc.cluster.present',
    label: 'CTC clusters',
    type: 'boolean',
    format: (v) => presence(v === true),
    description:
      "Whether the latest usable CTC cluster result reports clusters (a presence result, a Positive/Negative answer, or a count above 0). When several assays reported on the latest draw, true if any found clusters; assay and definition facts then describe that result. Null for a CellSearch result whose stated definition is below CellSearch's 3 cells (ctc.cluster.belowDefinition): a 2-cell aggregate is not a cluster.",
    derive: (p) => clusterFinding(p.clusters.at(-1))?.present ?? null,
  },
  {
    name: 'ctc.cluster.belowDefinition',
    label: 'CellSearch aggregate below its cluster definition',
    type: 'boolean',
    description:
      "Whether the latest CTC cluster result is a CellSearch result whose stated cluster definition is below CellSearch's own 3 or more cells (seed 001, catalog E026): a 2-cell aggregate is not a CellSearch cluster, so ctc.cluster.present, ctc.cluster.count and ctc.cluster.countPer2mL are null for it (a method caveat, never a cluster finding). False for any other latest cluster result; null without one.",
    derive: (p) => {
      const last = p.clusters.at(-1);
      return last ? last.belowDefinition === true : null;
    },
  },
  {
    name: 'ctc.cluster.count',
    label: 'CTC cluster count',
    type: 'number',
    description:
      'Number of CTC clusters in the latest sample, as reported (per sample volume stated by the lab); null for a CellSearch result below its ≥3-cell definition (ctc.cluster.belowDefinition).',
    derive: (p) => clusterFinding(p.clusters.at(-1))?.count ?? null,
  },
  {
    name: 'ctc.cluster.countPer2mL',
    label: 'CTC clusters',
    valueUnit: 'per 2 mL',
    type: 'number',
    unit: '/(2.mL)',
    description:
      'Latest CTC cluster count per 2 mL blood, when the unit says per 2 mL (the pancreatic-cancer study design, catalog E036); null for a CellSearch result below its ≥3-cell definition (ctc.cluster.belowDefinition).',
    derive: (p) => clusterFinding(p.clusters.at(-1))?.countPer2mL ?? null,
  },
  {
    name: 'ctc.cluster.minCells',
    label: 'Cluster definition',
    type: 'number',
    format: (v) => `≥${String(v)} cells`,
    description:
      'Minimum cells per cluster in the definition the lab used (code ctc-cluster-cells: 2 or 3; CellSearch clusters are ≥3 cells when the lab states none). Observed cluster sizes are ctc.cluster.minSize and ctc.cluster.maxSize.',
    derive: (p) => p.clusters.at(-1)?.minCells ?? null,
  },
  {
    name: 'ctc.cluster.assay',
    label: 'CTC cluster assay',
    type: 'string',
    values: ASSAYS,
    description: 'Assay platform of the latest CTC cluster result.',
    derive: (p) => p.clusters.at(-1)?.assay ?? null,
  },
  {
    name: 'ctc.cluster.trend',
    label: 'CTC cluster trend',
    type: 'string',
    values: CLUSTER_TRENDS,
    description:
      'Latest cluster result vs the previous one on the same assay: appeared (none → present), rising, falling, stable; unknown without an earlier result on that assay.',
    derive: (p) => (p.clusters.length > 0 ? clusterTrend(p.clusters) : null),
  },
  {
    name: 'ctc.cluster.latest',
    label: 'Latest CTC cluster result',
    type: 'record',
    description:
      'The most recent usable CTC cluster result, for display: presence, count, unit, cells per cluster, definition, assay, date, time point.',
    derive: (p) => asRecord(p.clusters.at(-1)),
    format: (v) => describeRecord(v as Readonly<Record<string, unknown>>, CLUSTER_FIELDS),
  },
  {
    name: 'ctc.cluster.latestDraw',
    label: 'CTC cluster results of the latest draw',
    type: 'record[]',
    description:
      'Every usable CTC cluster result of the latest draw time, one per assay (e.g. a CellSearch count and an ISET presence result from the same tube), for display. A reading that states no assay joins the one assay stated at its draw time; beside two or more stated assays it is a result of its own with assay unknown.',
    derive: (p) => latestDraw(p.clusters).map((r) => r as unknown as Readonly<Record<string, unknown>>),
    format: (v) => (v as readonly Readonly<Record<string, unknown>>[]).map((r) => `\n- ${describeRecord(r, CLUSTER_FIELDS)}`).join(''),
  },
  {
    name: 'ctc.cluster.maxSize',
    label: 'Largest CTC cluster',
    type: 'number',
    unit: '{cells}',
    description:
      'Cells in the largest CTC cluster observed in the latest cluster result (code ctc-cluster-size-max). An observed size, not the cluster definition (ctc.cluster.minCells).',
    derive: (p) => p.clusters.at(-1)?.maxSize ?? null,
  },
  {
    name: 'ctc.cluster.minSize',
    label: 'Smallest CTC cluster',
    type: 'number',
    unit: '{cells}',
    description:
      'Cells in the smallest CTC cluster observed in the latest cluster result (code ctc-cluster-size-min). An observed size: it does not change the cluster definition (ctc.cluster.minCells).',
    derive: (p) => p.clusters.at(-1)?.minSize ?? null,
  },
  {
    name: 'ctc.cluster.timePoint',
    label: 'CTC cluster time point',
    type: 'string',
    values: TIME_POINTS,
    description: 'Time point of the latest CTC cluster result relative to therapy.',
    derive: (p) => p.clusters.at(-1)?.timePoint ?? null,
  },
  {
    name: 'ctc.neutrophilCluster.present',
    label: 'Neutrophil–CTC clusters',
    type: 'boolean',
    format: (v) => presence(v === true),
    description:
      'Whether the latest usable result reports CTC clusters associated with neutrophils (a presence result, a Positive/Negative answer, or a neutrophil–CTC cluster count above 0).',
    derive: (p) => p.neutrophilClusters.at(-1)?.present ?? null,
  },
  {
    name: 'ctc.neutrophilCluster.count',
    label: 'Neutrophil–CTC cluster count',
    type: 'number',
    description:
      'Number of neutrophil–CTC clusters in the latest sample, as reported per sample (code ctc-neutrophil-cluster-count); null when only presence was reported.',
    derive: (p) => p.neutrophilClusters.at(-1)?.count ?? null,
  },
];
