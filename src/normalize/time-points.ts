import type { TherapyLine, TherapyTimeline } from './therapy-timeline.ts';
import { parseInstant } from './instant.ts';

export type TimePoint =
  | 'baseline' | 'after-first-cycle' | 'during-therapy' | 'after-therapy'
  | 'pre-neoadjuvant' | 'post-neoadjuvant' | 'pre-surgery' | 'post-surgery' | 'follow-up' | 'unknown';

export type DtcTimePoint = 'diagnosis' | 'post-neoadjuvant' | 'after-therapy' | 'follow-up' | 'unknown';

const DAY = 86_400_000;
/** Months as used for "months after therapy end": 30.4375-day months, rounded down. */
export const MONTH_DAYS = 30.4375;

export function monthsBetween(from: string, to: string): number {
  return monthsFrom(parseInstant(from), parseInstant(to));
}

/** The line a result belongs to (TimelineClock#lineAt), for a caller that holds only the timeline. */
export function lineOf(date: string, timeline: TherapyTimeline): TherapyLine | undefined {
  return new TimelineClock(timeline).lineAt(parseInstant(date));
}

/** The first treatment of any kind (systemic or surgery), as epoch ms. */
export function firstTreatment(timeline: TherapyTimeline): number | undefined {
  const systemic = timeline.firstSystemicStart === undefined ? undefined : parseInstant(timeline.firstSystemicStart);
  const surgery = timeline.surgeryDate === undefined ? undefined : parseInstant(timeline.surgeryDate);
  // Math.min, not a comparison: an unparsable date makes the answer NaN, as it always has.
  return systemic === undefined ? surgery : surgery === undefined ? systemic : Math.min(systemic, surgery);
}

/**
 * A therapy timeline with its dates parsed once, so a series places each result (epoch ms) without
 * parsing the same line starts, ends and surgery date again for every result.
 */
export class TimelineClock {
  private readonly lines: readonly { readonly line: TherapyLine; readonly start: number; readonly end: number | undefined }[];
  private readonly surgery: number | undefined;
  private readonly neoadjuvantEnd: number | undefined;
  private readonly firstTreatment: number | undefined;

  constructor(readonly timeline: TherapyTimeline) {
    this.lines = timeline.lines.map((line) => ({ line, start: parseInstant(line.start), end: line.end === undefined ? undefined : parseInstant(line.end) }));
    this.surgery = timeline.surgeryDate ? parseInstant(timeline.surgeryDate) : undefined;
    this.neoadjuvantEnd = timeline.neoadjuvantEnd ? parseInstant(timeline.neoadjuvantEnd) : undefined;
    this.firstTreatment = firstTreatment(timeline);
  }

  /** The line a result belongs to: the one it falls in, else the next one starting after it. */
  lineAt(t: number): TherapyLine | undefined {
    return this.entryAt(t)?.line;
  }

  /** Whole days from the start of the line a result belongs to (negative = before it), or undefined without one. */
  daysFromLineStart(t: number): number | undefined {
    const entry = this.entryAt(t);
    return entry && Math.floor((t - entry.start) / DAY);
  }

  private entryAt(t: number) {
    const within = this.lines.find((l) => l.start < t && (l.end === undefined || t <= l.end));
    return within ?? this.lines.find((l) => t <= l.start) ?? this.lines[this.lines.length - 1];
  }

  /**
   * Before a line: baseline (pre-neoadjuvant when that line precedes surgery); 21–35 days into a line:
   * after-first-cycle (the CellSearch trial design, seed 004 Table 2); after neoadjuvant therapy up to
   * surgery: post-neoadjuvant; after the last line: after-therapy, then follow-up beyond `followUpMonths`.
   * Without systemic therapy, surgery splits pre- and post-surgery.
   */
  timePoint(t: number, followUpMonths: number): TimePoint {
    const surgery = this.surgery;
    const line = this.entryAt(t);
    if (!line) {
      if (surgery === undefined) return 'unknown';
      if (t <= surgery) return 'pre-surgery';
      return monthsFrom(surgery, t) > followUpMonths ? 'follow-up' : 'post-surgery';
    }
    const start = line.start;
    if (t <= start) {
      if (surgery !== undefined && start < surgery) return 'pre-neoadjuvant';
      if (surgery !== undefined && t <= surgery) return 'pre-surgery';
      return 'baseline';
    }
    // An empty end string counts as no end here, as it always has (lineAt only skips an absent one).
    const end = line.line.end ? line.end : undefined;
    if (end === undefined || t <= end) {
      const days = (t - start) / DAY;
      return days >= 21 && days <= 35 ? 'after-first-cycle' : 'during-therapy';
    }
    if (this.neoadjuvantEnd !== undefined && surgery !== undefined && t >= this.neoadjuvantEnd && t <= surgery) return 'post-neoadjuvant';
    if (surgery !== undefined && t <= surgery) return 'pre-surgery';
    return monthsFrom(end, t) > followUpMonths ? 'follow-up' : 'after-therapy';
  }

  /** DTC studies sample at diagnosis, at surgery after neoadjuvant therapy, and during follow-up. */
  dtcTimePoint(t: number, followUpMonths: number): DtcTimePoint {
    const point = this.timePoint(t, followUpMonths);
    switch (point) {
      case 'baseline':
      case 'pre-neoadjuvant':
      case 'pre-surgery':
        return this.firstTreatment === undefined || t <= this.firstTreatment ? 'diagnosis' : 'unknown';
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
}

/** monthsBetween on epoch ms. */
function monthsFrom(from: number, to: number): number {
  return Math.floor((to - from) / DAY / MONTH_DAYS);
}
