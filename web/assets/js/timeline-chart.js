// The CTC/DTC timeline as inline SVG, laid out from /sandbox/api/timeline. Counts are drawn on a
// log1p scale so 0, 5 and 500 are all readable; a data table carries the same content as text.
import { el, svg } from './dom.js';

const W = 900;
const M = { left: 64, right: 150, top: 34 };
const CTC_H = 250;
const DTC_TOP = M.top + CTC_H + 44;
const DTC_H = 36;
const AXIS_Y = DTC_TOP + DTC_H + 8;
const H = AXIS_Y + 70;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TICKS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
const DAY = 86_400_000;

const day = (iso) => String(iso).slice(0, 10);
const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function domainOf(t) {
  const times = [
    ...t.ctc.map((p) => p.date),
    ...t.therapy.flatMap((p) => [p.start, p.end].filter(Boolean)),
    ...t.clusters.map((m) => m.date),
    ...t.pdl1.map((m) => m.date),
    ...t.dtc.map((m) => m.date),
    t.surgeryDate,
  ]
    .filter(Boolean)
    .map((d) => Date.parse(d));
  const ongoing = t.therapy.some((p) => !p.end);
  if (ongoing || times.length === 0) times.push(Date.parse(t.evaluatedAt));
  let lo = Math.min(...times);
  let hi = Math.max(...times);
  if (hi - lo < 60 * DAY) {
    lo -= 30 * DAY;
    hi += 30 * DAY;
  }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

function monthTicks(lo, hi) {
  const months = (hi - lo) / (30.4 * DAY);
  const step = [1, 2, 3, 6, 12, 24].find((s) => months / s <= 8) ?? 48;
  const start = new Date(lo);
  let y = start.getUTCFullYear();
  let m = Math.ceil((start.getUTCMonth() + (start.getUTCDate() > 1 ? 1 : 0)) / step) * step;
  const ticks = [];
  for (;;) {
    y += Math.floor(m / 12);
    m %= 12;
    const t = Date.UTC(y, m, 1);
    if (t > hi) break;
    if (t >= lo) ticks.push({ t, label: m === 0 || ticks.length === 0 ? `${MONTHS[m]} ${y}` : MONTHS[m] });
    m += step;
  }
  return ticks;
}

/** @param {any} t the timeline JSON @returns {SVGSVGElement} */
export function renderTimelineChart(t) {
  const s = scalesOf(t);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: '100%',
    role: 'img',
    'aria-labelledby': 'timeline-title timeline-desc',
    class: 'timeline',
    'data-testid': 'timeline-chart',
  });
  root.append(
    svg('title', { id: 'timeline-title' }, 'CTC and DTC timeline'),
    svg('desc', { id: 'timeline-desc' }, describe(t)),
    // Therapy bands first, so points and lines sit on top of them.
    therapyBands(t, s),
    ...countAxis(s),
    ...cutOffLines(t, s),
    ...surgeryLine(t, s),
    ...ctcLines(t, s),
    ctcPoints(t, s),
    resultMarkers(t, s),
    dtcTrack(t, s),
    timeAxis(s),
    legend(),
  );
  return root;
}

/**
 * The time domain [lo, hi] in epoch ms, `x` (an ISO date to a horizontal position), `y` (a count per
 * 7.5 mL to a vertical one, log1p up to `top`) and the plot's left and right edges.
 */
function scalesOf(t) {
  const [lo, hi] = domainOf(t);
  const x = (iso) => M.left + ((Date.parse(iso) - lo) / (hi - lo)) * (W - M.left - M.right);
  const maxValue = Math.max(10, ...t.ctc.map((p) => p.countPer7_5mL), ...t.thresholds.map((th) => th.value * 1.5));
  const top = Math.log1p(maxValue) * 1.15;
  const y = (v) => M.top + CTC_H - (Math.log1p(Math.max(0, v)) / top) * CTC_H;
  return { lo, hi, x, y, top, left: M.left, right: W - M.right };
}

/** One band per systemic therapy period, labelled; an ongoing one runs to the evaluation time. */
function therapyBands(t, { x, left, right }) {
  const bands = svg('g', { class: 'therapy' });
  t.therapy.forEach((p, i) => {
    const x0 = Math.max(left, x(p.start));
    const x1 = Math.min(right, x(p.end ?? t.evaluatedAt));
    const label = `${p.kind} from ${day(p.start)}${p.end ? ` to ${day(p.end)}` : ' (ongoing)'}`;
    bands.append(
      svg(
        'rect',
        { x: x0, y: M.top, width: Math.max(2, x1 - x0), height: CTC_H, class: 'therapy-band', 'data-kind': 'therapy' },
        svg('title', {}, label),
      ),
      svg('text', { x: x0 + 4, y: M.top + CTC_H - 6 - (i % 3) * 13, class: 'therapy-label' }, p.end ? p.kind : `${p.kind} (ongoing)`),
    );
  });
  return bands;
}

/** The log-scale count axis with its grid lines, and the frame of the CTC plot. */
function countAxis({ y, top, left, right }) {
  const grid = svg('g', { class: 'y-axis' });
  for (const v of TICKS.filter((v) => Math.log1p(v) <= top)) {
    grid.append(
      svg('line', { x1: left, x2: right, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: left - 8, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, String(v)),
    );
  }
  grid.append(
    svg(
      'text',
      { x: 14, y: M.top + CTC_H / 2, class: 'axis-label', transform: `rotate(-90 14 ${M.top + CTC_H / 2})`, 'text-anchor': 'middle' },
      'CTC per 7.5 mL (log scale)',
    ),
  );
  return [grid, svg('rect', { x: left, y: M.top, width: right - left, height: CTC_H, class: 'frame' })];
}

/** A horizontal line per rule cut-off that applies to this patient, named at the right edge. */
function cutOffLines(t, { y, left, right }) {
  return t.thresholds.map((th) =>
    svg(
      'g',
      { class: 'threshold', 'data-kind': 'threshold', 'data-value': th.value },
      svg('title', {}, `${th.comparison}${th.value} per 7.5 mL: rule ${th.ruleId} v${th.ruleVersion} (${th.title})`),
      svg('line', { x1: left, x2: right, y1: y(th.value), y2: y(th.value) }),
      svg('text', { x: right + 6, y: y(th.value) + 4 }, `${th.comparison}${th.value} cut-off`),
    ),
  );
}

/** A vertical line at the cancer surgery, through the CTC plot and the DTC track; none without a date. */
function surgeryLine(t, { x }) {
  if (!t.surgeryDate) return [];
  return [
    svg(
      'g',
      { class: 'surgery', 'data-kind': 'surgery' },
      svg('line', { x1: x(t.surgeryDate), x2: x(t.surgeryDate), y1: M.top, y2: DTC_TOP + DTC_H }),
      svg('text', { x: x(t.surgeryDate) + 3, y: M.top + CTC_H - 6 }, `surgery ${day(t.surgeryDate)}`),
    ),
  ];
}

/** One line per assay joining its counts (counts from different assays are not joined). */
function ctcLines(t, { x, y }) {
  const byAssay = new Map();
  for (const p of t.ctc) byAssay.set(p.assay, [...(byAssay.get(p.assay) ?? []), p]);
  return [...byAssay]
    .filter(([, points]) => points.length > 1)
    .map(([assay, points]) =>
      svg('polyline', { class: `ctc-line assay-${assay}`, points: points.map((p) => `${x(p.date)},${y(p.countPer7_5mL)}`).join(' ') }),
    );
}

/** A focusable, labelled point per CTC count, with the count written beside it. */
function ctcPoints(t, { x, y }) {
  const dots = svg('g', { class: 'ctc-points' });
  for (const p of t.ctc) {
    const label = `${day(p.date)}: ${p.comparator ?? ''}${fmt(p.countPer7_5mL)} CTC per 7.5 mL (${p.assayLabel}, ${p.timePointWords}${p.preliminary ? ', preliminary' : ''})`;
    dots.append(
      svg(
        'circle',
        {
          cx: x(p.date),
          cy: y(p.countPer7_5mL),
          r: 6,
          class: `ctc-point assay-${p.assay}${p.preliminary ? ' preliminary' : ''}`,
          'data-kind': 'ctc-point',
          'data-count': p.countPer7_5mL,
          'data-date': day(p.date),
          tabindex: '0',
          'aria-label': label,
        },
        svg('title', {}, label),
      ),
      svg('text', { x: x(p.date) + 9, y: y(p.countPer7_5mL) - 8, class: 'point-label' }, `${p.comparator ?? ''}${fmt(p.countPer7_5mL)}`),
    );
  }
  return dots;
}

/** CTC cluster results (diamonds) and PD-L1+ CTC results (triangles) along the top of the CTC plot. */
function resultMarkers(t, { x }) {
  const markerAt = (m, kind, shape) => {
    const cx = x(m.date);
    const cy = M.top + 8;
    const path =
      shape === 'diamond'
        ? `M${cx},${cy - 7} L${cx + 7},${cy} L${cx},${cy + 7} L${cx - 7},${cy} Z`
        : `M${cx},${cy - 7} L${cx + 7},${cy + 6} L${cx - 7},${cy + 6} Z`;
    return svg(
      'path',
      { d: path, class: `marker ${kind} result-${m.result}`, 'data-kind': kind, tabindex: '0', 'aria-label': `${day(m.date)}: ${m.label}` },
      svg('title', {}, `${day(m.date)}: ${m.label}`),
    );
  };
  return svg(
    'g',
    { class: 'markers' },
    ...t.clusters.map((m) => markerAt(m, 'cluster', 'diamond')),
    ...t.pdl1.map((m) => markerAt(m, 'pdl1', 'triangle')),
  );
}

/** The bone-marrow DTC track under the CTC plot: a point per result, or a line saying there are none. */
function dtcTrack(t, { x, left, right }) {
  const dtc = svg(
    'g',
    { class: 'dtc-track' },
    svg('rect', { x: left, y: DTC_TOP, width: right - left, height: DTC_H, class: 'frame' }),
    svg('text', { x: left - 8, y: DTC_TOP + DTC_H / 2 + 4, class: 'tick', 'text-anchor': 'end' }, 'DTC'),
  );
  dtc.append(svg('text', { x: right + 6, y: DTC_TOP + DTC_H / 2 + 4, class: 'track-label' }, 'bone-marrow DTC'));
  if (t.dtc.length === 0)
    dtc.append(
      svg(
        'text',
        { x: (left + right) / 2, y: DTC_TOP + DTC_H / 2 + 4, class: 'none', 'text-anchor': 'middle' },
        'no bone-marrow DTC results',
      ),
    );
  for (const m of t.dtc) {
    const label = `${day(m.date)}: ${m.label}${m.method ? ` (${m.method})` : ''}`;
    dtc.append(
      svg(
        'circle',
        {
          cx: x(m.date),
          cy: DTC_TOP + DTC_H / 2,
          r: 7,
          class: `dtc-point result-${m.result}`,
          'data-kind': 'dtc',
          tabindex: '0',
          'aria-label': label,
        },
        svg('title', {}, label),
      ),
    );
  }
  return dtc;
}

/** Month ticks under the DTC track; a year is written at January and at the first tick. */
function timeAxis({ lo, hi, left, right }) {
  const xAxis = svg('g', { class: 'x-axis' });
  for (const tick of monthTicks(lo, hi)) {
    const tx = M.left + ((tick.t - lo) / (hi - lo)) * (right - left);
    xAxis.append(
      svg('line', { x1: tx, x2: tx, y1: AXIS_Y - 4, y2: AXIS_Y + 2 }),
      svg('text', { x: tx, y: AXIS_Y + 16, class: 'tick', 'text-anchor': 'middle' }, tick.label),
    );
  }
  return xAxis;
}

function legend() {
  let y0 = H - 30;
  const items = [
    ['circle', 'ctc-point assay-cellsearch', 'CTC count (CellSearch)'],
    ['circle', 'ctc-point assay-other-ctc-platform', 'CTC count (other platform)'],
    ['rect', 'therapy-band', 'systemic therapy'],
    ['line', 'threshold', 'cut-off from a rule'],
    ['diamond', 'marker cluster', 'CTC clusters'],
    ['triangle', 'marker pdl1', 'PD-L1+ CTCs'],
  ];
  const g = svg('g', { class: 'legend', 'aria-hidden': 'true' });
  let x = M.left;
  for (const [shape, cls, text] of items) {
    const width = 30 + text.length * 6.8;
    if (x + width > W - 10) {
      x = M.left;
      y0 += 18;
    }
    if (shape === 'circle') g.append(svg('circle', { cx: x + 6, cy: y0, r: 5, class: cls }));
    if (shape === 'rect') g.append(svg('rect', { x, y: y0 - 6, width: 12, height: 12, class: cls }));
    if (shape === 'line') g.append(svg('g', { class: cls }, svg('line', { x1: x, x2: x + 14, y1: y0, y2: y0 })));
    if (shape === 'diamond')
      g.append(svg('path', { d: `M${x + 6},${y0 - 6} L${x + 12},${y0} L${x + 6},${y0 + 6} L${x},${y0} Z`, class: cls }));
    if (shape === 'triangle') g.append(svg('path', { d: `M${x + 6},${y0 - 6} L${x + 12},${y0 + 5} L${x},${y0 + 5} Z`, class: cls }));
    g.append(svg('text', { x: x + 18, y: y0 + 4 }, text));
    x += width;
  }
  return g;
}

/** The chart as one paragraph, for the SVG's <desc> and screen readers. */
function describe(t) {
  const parts = [];
  if (t.ctc.length === 0) parts.push('No usable CTC results.');
  else {
    const last = t.ctc[t.ctc.length - 1];
    parts.push(
      `${t.ctc.length} CTC result${t.ctc.length === 1 ? '' : 's'} from ${day(t.ctc[0].date)} to ${day(last.date)}; latest ${last.comparator ?? ''}${fmt(last.countPer7_5mL)} per 7.5 mL (${last.assayLabel}).`,
    );
  }
  parts.push(
    t.thresholds.length
      ? `Cut-offs for this patient: ${t.thresholds.map((th) => `${th.comparison}${th.value} per 7.5 mL (rule ${th.ruleId})`).join('; ')}.`
      : 'No CTC cut-off from the rule base applies to this patient.',
  );
  if (t.therapy.length)
    parts.push(
      `Systemic therapy: ${t.therapy.map((p) => `${p.kind} from ${day(p.start)}${p.end ? ` to ${day(p.end)}` : ', ongoing'}`).join('; ')}.`,
    );
  if (t.clusters.length) parts.push(`${t.clusters.length} CTC cluster result${t.clusters.length === 1 ? '' : 's'}.`);
  if (t.pdl1.length) parts.push(`${t.pdl1.length} PD-L1+ CTC result${t.pdl1.length === 1 ? '' : 's'}.`);
  parts.push(
    t.dtc.length
      ? `${t.dtc.length} bone-marrow DTC result${t.dtc.length === 1 ? '' : 's'}: ${t.dtc.map((m) => `${day(m.date)} ${m.result}`).join(', ')}.`
      : 'No bone-marrow DTC results.',
  );
  return parts.join(' ');
}

/** The same data as a table: every point, band and marker as a row. */
export function renderTimelineTable(t) {
  const rows = [
    ...t.ctc.map((p) => [
      day(p.date),
      'CTC count',
      `${p.comparator ?? ''}${fmt(p.countPer7_5mL)} per 7.5 mL (reported ${p.reported})`,
      `${p.assayLabel}; ${p.timePointWords}${p.preliminary ? '; preliminary' : ''}`,
    ]),
    ...t.therapy.map((p) => [day(p.start), 'Systemic therapy', p.kind, p.end ? `until ${day(p.end)}` : 'ongoing']),
    ...t.clusters.map((m) => [day(m.date), 'CTC clusters', m.label, m.result]),
    ...t.pdl1.map((m) => [day(m.date), 'PD-L1+ CTCs', m.label, m.result]),
    ...t.dtc.map((m) => [day(m.date), 'Bone-marrow DTC', m.label, m.method ?? '']),
    ...(t.surgeryDate ? [[day(t.surgeryDate), 'Cancer surgery', '', '']] : []),
  ].sort((a, b) => a[0].localeCompare(b[0]));
  return el(
    'table',
    { class: 'data-table', 'data-testid': 'timeline-table' },
    el(
      'caption',
      {},
      `Timeline data. ${t.thresholds.length ? `Cut-offs: ${t.thresholds.map((th) => `${th.comparison}${th.value} per 7.5 mL (${th.title})`).join(', ')}.` : 'No cut-off applies.'}`,
    ),
    el('thead', {}, el('tr', {}, ...['Date', 'What', 'Result', 'Context'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  );
}
