import type { FactDefinition } from './fact-definition.ts';
import { ASSAYS, TIME_POINTS } from './ctc-facts.ts';
import { clusterTrend } from '../normalize/cluster-series.ts';
import { asRecord, describeRecord } from './record-value.ts';

export const CLUSTER_TRENDS = ['rising', 'falling', 'stable', 'appeared', 'unknown'] as const;

export const clusterFacts: readonly FactDefinition[] = [
  {
    name: 'ctc.cluster.present',
    label: 'CTC clusters present',
    type: 'boolean',
    description: 'Whether the latest usable CTC cluster result reports clusters (a presence result or a count above 0).',
    derive: (p) => p.clusters.at(-1)?.present ?? null,
  },
  {
    name: 'ctc.cluster.count',
    label: 'CTC clusters',
    type: 'number',
    description: 'Number of CTC clusters in the latest sample, as reported (per sample volume stated by the lab).',
    derive: (p) => p.clusters.at(-1)?.count ?? null,
  },
  {
    name: 'ctc.cluster.countPer2mL',
    label: 'CTC clusters per 2 mL',
    type: 'number',
    unit: '/(2.mL)',
    description: 'Latest CTC cluster count per 2 mL blood, when the unit says per 2 mL (the pancreatic-cancer study design, catalog E036).',
    derive: (p) => p.clusters.at(-1)?.countPer2mL ?? null,
  },
  {
    name: 'ctc.cluster.minCells',
    label: 'Cluster definition (cells)',
    type: 'number',
    description: 'Minimum cells per cluster in the definition the lab used (2 or 3; CellSearch clusters are ≥3 cells).',
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
    description: 'Latest vs previous cluster result: appeared (none → present), rising, falling, stable; unknown with fewer than two results.',
    derive: (p) => (p.clusters.length > 0 ? clusterTrend(p.clusters) : null),
  },
  {
    name: 'ctc.cluster.latest',
    label: 'Latest CTC cluster result',
    type: 'record',
    description: 'The most recent usable CTC cluster result, for display: presence, count, unit, cells per cluster, definition, assay, date, time point.',
    derive: (p) => asRecord(p.clusters.at(-1)),
    format: (v) => describeRecord(v as Readonly<Record<string, unknown>>, [['present', 'clusters present: '], ['count', '{} clusters'], ['countPer2mL', '{} per 2 mL'], ['minCells', 'definition ≥{} cells'], ['assay', 'assay: '], ['date', ''], ['timePoint', 'time point: ']]),
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
    label: 'Neutrophil–CTC clusters present',
    type: 'boolean',
    description: 'Whether the latest usable result reports CTC clusters associated with neutrophils.',
    derive: (p) => p.neutrophilClusters.at(-1)?.present ?? null,
  },
];
