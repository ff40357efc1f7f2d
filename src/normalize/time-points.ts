import type { TherapyLine, TherapyTimeline } from './therapy-timeline.ts';

export type TimePoint =
  | 'baseline' | 'after-first-cycle' | 'during-therapy' | 'after-therapy'
  | 'pre-neoadjuvant' | 'post-neoadjuvant' | 'pre-surgery' | 'post-surgery' | 'follow-up' | 'unknown';

export type DtcTimePoint = 'diagnosis' | 'post-neoadjuvant' | 'after-therapy' | 'follow-up' | 'unknown';

const DAY = 86_400_000;
/** Months as used for "months after therapy end": 30.4375-day months, rounded down. */
export const MONTH_DAYS = 30.4375;

export function monthsBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / DAY / MONTH_DAYS);
}

export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / DAY);
}

/** The line a result belongs to: the one it falls in, else the next one starting after it. */
export function lineOf(date: string, timeline: TherapyTimeline): TherapyLine | undefined {
  const t = Date.parse(date);
  const within = timeline.lines.find((l) => Date.parse(l.start) < t && (l.end === undefined || t <= Date.parse(l.end)));
  return within ?? timeline.lines.find((l) => t <= Date.parse(l.start)) ?? timeline.lines[timeline.lines.length - 1];
}

/**
 * Where a CTC result sits against therapy. Before a line: baseline (pre-neoadjuvant when that line
 * precedes surgery); 21–35 days into a line: after-first-cycle (the CellSearch trial design, seed 004
 * Table 2); after neoadjuvant therapy up to surgery: post-neoadjuvant; after the last line: after-therapy,
 * then follow-up beyond `followUpMonths`. Without systemic therapy, surgery splits pre- and post-surgery.
 */
export function timePointOf(date: string, timeline: TherapyTimeline, followUpMonths: number): TimePoint {
  const t = Date.parse(date);
  const surgery = timeline.surgeryDate ? Date.parse(timeline.surgeryDate) : undefined;
  const line = lineOf(date, timeline);
  if (!line) {
    if (surgery === undefined) return 'unknown';
    if (t <= surgery) return 'pre-surgery';
    return monthsBetween(timeline.surgeryDate as string, date) > followUpMonths ? 'follow-up' : 'post-surgery';
  }
  const start = Date.parse(line.start);
  if (t <= start) {
    if (surgery !== undefined && start < surgery) return 'pre-neoadjuvant';
    if (surgery !== undefined && t <= surgery) return 'pre-surgery';
    return 'baseline';
  }
  const end = line.end ? Date.parse(line.end) : undefined;
  if (end === undefined || t <= end) {
    const days = (t - start) / DAY;
    return days >= 21 && days <= 35 ? 'after-first-cycle' : 'during-therapy';
  }
  if (timeline.neoadjuvantEnd && surgery !== undefined && t >= Date.parse(timeline.neoadjuvantEnd) && t <= surgery) return 'post-neoadjuvant';
  if (surgery !== undefined && t <= surgery) return 'pre-surgery';
  return monthsBetween(line.end as string, date) > followUpMonths ? 'follow-up' : 'after-therapy';
}

/** DTC studies sample at diagnosis, at surgery after neoadjuvant therapy, and during follow-up. */
export function dtcTimePointOf(date: string, timeline: TherapyTimeline, followUpMonths: number): DtcTimePoint {
  const point = timePointOf(date, timeline, followUpMonths);
  switch (point) {
    case 'baseline':
    case 'pre-neoadjuvant':
    case 'pre-surgery':
      return firstTreatment(timeline) === undefined || Date.parse(date) <= (firstTreatment(timeline) as number) ? 'diagnosis' : 'unknown';
    case 'post-neoadjuvant':
      return 'post-neoadjuvant';
    case 'after-therapy':
      return 'after-therapy';
    case 'follow-up':
    case 'post-surgery':
      return point === 'post-surgery' ? 'after-therapy' : 'follow-up';
    default:
      return 'unknown';
  }
}

/** The first treatment of any kind (systemic or surgery), as epoch ms. */
export function firstTreatment(timeline: TherapyTimeline): number | undefined {
  const dates = [timeline.firstSystemicStart, timeline.surgeryDate].filter((d): d is string => d !== undefined).map((d) => Date.parse(d));
  return dates.length > 0 ? Math.min(...dates) : undefined;
}
