import type { TherapyLine, TherapyTimeline } from './therapy-timeline.ts';
import { isDateOnly, parseInstant, statedDay, utcDay } from './instant.ts';

export type TimePoint =
  | 'baseline'
  | 'after-first-cycle'
  | 'during-therapy'
  | 'after-therapy'
  | 'pre-neoadjuvant'
  | 'post-neoadjuvant'
  | 'pre-surgery'
  | 'post-surgery'
  | 'follow-up'
  | 'unknown';

export type DtcTimePoint = 'diagnosis' | 'post-neoadjuvant' | 'after-therapy' | 'follow-up' | 'unknown';

const DAY = 86_400_000;
/** Months as used for "months after therapy end": 30.4375-day months, rounded down. */
const MONTH_DAYS = 30.4375;

/**
 * How results are placed against therapy dates (also in docs/facts.md, from therapy-facts.ts):
 * - a date without a time ("2025-03-10") is the whole calendar day. When either side is such a date
 *   the two are compared by calendar day; two date-times are compared as instants;
 * - the calendar day of a date-time is the one it states in its own offset ("2025-03-10T23:30:00-05:00"
 *   is 10 March); a result given only as an instant (epoch ms) is read on its UTC day;
 * - a result on the day a line starts is before it (baseline); on the day it ends, within it;
 * - surgery is compared by calendar day always: a result on the surgery day is "at surgery", before
 *   anything adjuvant (pre-surgery, or post-neoadjuvant after neoadjuvant therapy).
 */
interface Moment {
  readonly ms: number;
  /** Calendar day, days since 1970-01-01. */
  readonly day: number;
  /** A date without a time: it covers its whole day. */
  readonly wholeDay: boolean;
}

/** A FHIR date or dateTime, or an instant (epoch ms, read on its UTC day), as a Moment. */
function momentOf(at: number | string): Moment {
  if (typeof at === 'number') return { ms: at, day: utcDay(at), wholeDay: false };
  return { ms: parseInstant(at), day: statedDay(at), wholeDay: isDateOnly(at) };
}

/** `a` on or before `b`: by calendar day when either is a whole day, else as instants. */
function notAfter(a: Moment, b: Moment): boolean {
  return a.wholeDay || b.wholeDay ? a.day <= b.day : a.ms <= b.ms;
}

export function monthsBetween(from: string, to: string): number {
  return monthsFrom(parseInstant(from), parseInstant(to));
}

/** The line a result belongs to (TimelineClock#lineAt), for a caller that holds only the timeline. */
export function lineOf(date: string, timeline: TherapyTimeline): TherapyLine | undefined {
  return new TimelineClock(timeline).lineAt(date);
}

interface LineEntry {
  readonly line: TherapyLine;
  readonly start: Moment;
  readonly end: Moment | undefined;
}

/**
 * A therapy timeline with its dates parsed once, so a series places each result (epoch ms or its FHIR
 * date text) without parsing the same line starts, ends and surgery date again for every result.
 */
export class TimelineClock {
  private readonly lines: readonly LineEntry[];
  private readonly surgery: Moment | undefined;
  private readonly firstStart: Moment | undefined;
  private readonly neoadjuvantLine: LineEntry | undefined;
  private readonly neoadjuvantEnd: Moment | undefined;

  constructor(readonly timeline: TherapyTimeline) {
    this.lines = timeline.lines.map((line) => ({
      line,
      start: momentOf(line.start),
      end: line.end === undefined ? undefined : momentOf(line.end),
    }));
    this.surgery = timeline.surgeryDate ? momentOf(timeline.surgeryDate) : undefined;
    this.firstStart = this.lines[0]?.start;
    const neo = timeline.neoadjuvant;
    if (neo) {
      const start = momentOf(neo.start);
      this.neoadjuvantLine = this.lines.find((l) => notAfter(l.start, start) && (l.end === undefined || notAfter(start, l.end)));
      this.neoadjuvantEnd = neo.end === undefined ? undefined : momentOf(neo.end);
    }
  }

  /** The line a result belongs to: the one it falls in, else the next one starting after it. */
  lineAt(at: number | string): TherapyLine | undefined {
    return this.entryAt(momentOf(at))?.line;
  }

  /** Whole days from the start of the line a result belongs to (negative = before it), or undefined without one. */
  daysFromLineStart(at: number | string): number | undefined {
    const t = momentOf(at);
    const entry = this.entryAt(t);
    return entry && Math.floor((t.ms - entry.start.ms) / DAY);
  }

  private entryAt(t: Moment): LineEntry | undefined {
    const inside = this.lines.find((l) => within(t, l));
    return inside ?? this.lines.find((l) => notAfter(t, l.start)) ?? this.lines[this.lines.length - 1];
  }

  /**
   * On the surgery day: pre-surgery, or post-neoadjuvant after neoadjuvant therapy. Before a line:
   * baseline (pre-neoadjuvant when that line is neoadjuvant); 21–35 days into a line: after-first-cycle
   * (the CellSearch trial design, seed 004 Table 2); after neoadjuvant therapy up to surgery (or, with no
   * surgery yet, up to `followUpMonths` after it): post-neoadjuvant; after the last line: after-therapy,
   * then follow-up beyond `followUpMonths`. Without systemic therapy, surgery splits pre- and post-surgery.
   */
  timePoint(at: number | string, followUpMonths: number): TimePoint {
    const t = momentOf(at);
    const surgery = this.surgery;
    if (surgery !== undefined && t.day === surgery.day) return this.timeline.neoadjuvant ? 'post-neoadjuvant' : 'pre-surgery';
    const beforeSurgery = surgery !== undefined && t.day < surgery.day;
    const line = this.entryAt(t);
    if (!line) {
      if (surgery === undefined) return 'unknown';
      if (beforeSurgery) return 'pre-surgery';
      return monthsFrom(surgery.ms, t.ms) > followUpMonths ? 'follow-up' : 'post-surgery';
    }
    if (within(t, line)) {
      const days = (t.ms - line.start.ms) / DAY;
      return days >= 21 && days <= 35 ? 'after-first-cycle' : 'during-therapy';
    }
    const end = this.neoadjuvantEnd;
    // After the neoadjuvant course and before any later line began.
    if (end !== undefined && !notAfter(t, end) && (line === this.neoadjuvantLine || notAfter(t, line.start))) {
      if (surgery !== undefined ? beforeSurgery : monthsFrom(end.ms, t.ms) <= followUpMonths) return 'post-neoadjuvant';
    }
    if (notAfter(t, line.start)) {
      if (line === this.neoadjuvantLine) return 'pre-neoadjuvant';
      return beforeSurgery ? 'pre-surgery' : 'baseline';
    }
    if (beforeSurgery) return 'pre-surgery';
    // `within` is false after the start, so this line has an end.
    return monthsFrom((line.end as Moment).ms, t.ms) > followUpMonths ? 'follow-up' : 'after-therapy';
  }

  /** DTC studies sample at diagnosis (up to and including primary surgery), after neoadjuvant therapy, and during follow-up. */
  dtcTimePoint(at: number | string, followUpMonths: number): DtcTimePoint {
    const point = this.timePoint(at, followUpMonths);
    switch (point) {
      case 'baseline':
      case 'pre-neoadjuvant':
      case 'pre-surgery':
        return this.beforeTreatment(momentOf(at)) ? 'diagnosis' : 'unknown';
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

  /** On or before the first systemic start and no later than the surgery day (by the day a date-time states in its own offset). */
  beforeTreatment(at: number | string | Moment): boolean {
    const t = typeof at === 'object' ? at : momentOf(at);
    return (this.firstStart === undefined || notAfter(t, this.firstStart)) && (this.surgery === undefined || t.day <= this.surgery.day);
  }
}

/** After a line's start and on or before its end (an open line, or an empty end text, has no end). */
function within(t: Moment, l: LineEntry): boolean {
  return !notAfter(t, l.start) && (l.end === undefined || !l.line.end || notAfter(t, l.end));
}

/** monthsBetween on epoch ms. */
function monthsFrom(from: number, to: number): number {
  return Math.floor((to - from) / DAY / MONTH_DAYS);
}
