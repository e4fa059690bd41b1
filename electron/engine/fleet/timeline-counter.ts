// The fleet's timeline, counted as the checks stream past: one row per time bucket (checks, failures, and
// failures per diagnosis code), in the finest unit the span so far allows — hours while the first and last
// checks are at most FLEET_HOUR_SPAN_MS apart, then days up to FLEET_DAY_SPAN_MS, then weeks. When the
// span outgrows a unit, the rows are summed into the next (hours into days into weeks: each bucket lies
// inside exactly one of the next unit, so nothing is approximated). Memory is at most ~FLEET_MAX_BUCKETS
// rows whatever the lines: past that many weeks, the oldest are summed into `earlier`.
//
// Counted for every check the tally accepts, whatever the query: the timeline is the context a click on
// one of its buckets narrows the rest to.
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../../contract/codes';
import {
  FLEET_DAY_SPAN_MS,
  FLEET_HOUR_SPAN_MS,
  FLEET_MAX_BUCKETS,
  type FleetBucket,
  type FleetTimeline,
} from '../../contract/fleet';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Weeks start on Monday 00:00 UTC: the epoch (1970-01-01) was a Thursday, so a Monday is 3 days before it. */
const WEEK_ORIGIN_MS = -3 * DAY_MS;
const UNITS = ['hour', 'day', 'week'] as const;
const UNIT_MS = [HOUR_MS, DAY_MS, WEEK_MS];
const UNIT_ORIGIN_MS = [0, 0, WEEK_ORIGIN_MS];
/** The longest span (last check minus first) each unit is used for; weeks have no limit. */
const UNIT_SPAN_MS = [FLEET_HOUR_SPAN_MS, FLEET_DAY_SPAN_MS, Infinity];
const WEEK = 2;
/** A row: checks, failures, then failures per code (DIAGNOSIS_CODES' order). */
const CHECKS = 0;
const FAILURES = 1;
const ROW_LENGTH = 2 + DIAGNOSIS_CODES.length;

/** A timeline counter's plain data (a worker's part), merged by `TimelineCounter.merge`. */
export interface TimelinePart {
  unit: number;
  first: number;
  last: number;
  earlier: number;
  /** Bucket indices (in `unit`s from the unit's origin), and their rows one after another. */
  indices: number[];
  rows: number[];
}

const bucketOf = (time: number, unit: number) => Math.floor((time - UNIT_ORIGIN_MS[unit]!) / UNIT_MS[unit]!);
const startOf = (index: number, unit: number) => index * UNIT_MS[unit]! + UNIT_ORIGIN_MS[unit]!;

export class TimelineCounter {
  private unit = 0;
  /** The span this unit is used up to (UNIT_SPAN_MS of it). */
  private spanLimit = UNIT_SPAN_MS[0]!;
  private first = Infinity;
  private last = -Infinity;
  /** Checks in weeks older than the latest FLEET_MAX_BUCKETS. */
  private earlier = 0;
  private rows = new Map<number, Int32Array>();
  // The row the last check went to, and its bucket's [start, end): a history file's next check is mostly in it.
  private cachedRow: Int32Array | null = null;
  private cachedStart = 0;
  private cachedEnd = 0;

  /** One accepted check; `codeIndex` is its code's index in DIAGNOSIS_CODES (UNKNOWN's for a failure without one). */
  add(time: number, fail: boolean, codeIndex: number): void {
    // The common case first (a history file's next check, in the same bucket, later than the last): a few
    // comparisons and stores, no call.
    if (time > this.last) {
      this.last = time;
      if (time - this.first > this.spanLimit) this.widen(time, time);
    }
    if (time < this.first) this.widen(time, time);
    let row = this.cachedRow;
    if (row === null || time < this.cachedStart || time >= this.cachedEnd) {
      row = this.rowAt(bucketOf(time, this.unit));
      if (row === null) {
        this.earlier++;
        return;
      }
    }
    row[CHECKS]!++;
    if (fail) {
      row[FAILURES]!++;
      row[2 + codeIndex]!++;
    }
  }

  /** The row of a bucket (made when new; the cache points at it), or null for a week older than those kept. */
  private rowAt(index: number): Int32Array | null {
    let row = this.rows.get(index);
    if (!row) {
      if (this.unit === WEEK) {
        const newest = bucketOf(this.last, WEEK);
        if (index <= newest - FLEET_MAX_BUCKETS) return null;
        // A new week: the oldest kept may now be more than FLEET_MAX_BUCKETS before the newest.
        if (index === newest) this.dropOldWeeks();
      }
      row = new Int32Array(ROW_LENGTH);
      this.rows.set(index, row);
    }
    this.cachedRow = row;
    this.cachedStart = startOf(index, this.unit);
    this.cachedEnd = this.cachedStart + UNIT_MS[this.unit]!;
    return row;
  }

  /**
   * The span now reaches `from`..`to`: a coarser unit when it outgrew this one. (In weeks, the oldest are
   * dropped when a newer week's row is made: rowAt.)
   */
  private widen(from: number, to: number): void {
    if (from < this.first) this.first = from;
    if (to > this.last) this.last = to;
    let unit = this.unit;
    while (this.last - this.first > UNIT_SPAN_MS[unit]!) unit++;
    if (unit !== this.unit) this.regroup(unit);
  }

  /** Sums the rows into the buckets of a coarser unit. */
  private regroup(unit: number): void {
    const old = this.rows;
    const oldUnit = this.unit;
    this.rows = new Map();
    this.unit = unit;
    this.spanLimit = UNIT_SPAN_MS[unit]!;
    this.cachedRow = null;
    for (const [index, row] of old) this.addRow(bucketOf(startOf(index, oldUnit), unit), row);
    if (unit === WEEK) this.dropOldWeeks();
  }

  private addRow(index: number, row: ArrayLike<number>, offset = 0): void {
    const into = this.rowAt(index);
    if (into === null) {
      this.earlier += row[offset + CHECKS]!;
      return;
    }
    for (let k = 0; k < ROW_LENGTH; k++) into[k]! += row[offset + k]!;
  }

  private dropOldWeeks(): void {
    const oldest = bucketOf(this.last, WEEK) - FLEET_MAX_BUCKETS;
    for (const [index, row] of this.rows) {
      if (index <= oldest) {
        this.earlier += row[CHECKS]!;
        this.rows.delete(index);
      }
    }
    this.cachedRow = null;
  }

  part(): TimelinePart {
    const indices = [...this.rows.keys()];
    const rows: number[] = [];
    for (const index of indices) rows.push(...this.rows.get(index)!);
    return { unit: this.unit, first: this.first, last: this.last, earlier: this.earlier, indices, rows };
  }

  /** Adds a part counted elsewhere: the same rows one counter over all the checks would hold. */
  merge(part: TimelinePart): void {
    if (!(part.first <= part.last)) return;
    this.widen(part.first, part.last);
    // A part's unit can be coarser than this span's own (a worker's span can only be shorter, never longer).
    let unit = this.unit;
    while (unit < part.unit) unit++;
    if (unit !== this.unit) this.regroup(unit);
    this.earlier += part.earlier;
    part.indices.forEach((index, k) =>
      this.addRow(bucketOf(startOf(index, part.unit), this.unit), part.rows, k * ROW_LENGTH),
    );
  }

  result(): FleetTimeline {
    if (!(this.first <= this.last)) return { unit: 'hour', buckets: [], earlier: 0 };
    const unit = this.unit;
    const lastIndex = bucketOf(this.last, unit);
    const firstIndex = Math.max(bucketOf(this.first, unit), lastIndex - FLEET_MAX_BUCKETS + 1);
    const buckets: FleetBucket[] = [];
    for (let index = firstIndex; index <= lastIndex; index++) {
      const row = this.rows.get(index);
      const byCode: FleetBucket['byCode'] = [];
      if (row)
        DIAGNOSIS_CODES.forEach((code: DiagnosisCode, k) => {
          if (row[2 + k]! > 0) byCode.push({ code, failures: row[2 + k]! });
        });
      byCode.sort((a, b) => b.failures - a.failures || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      buckets.push({
        start: new Date(startOf(index, unit)).toISOString(),
        end: new Date(startOf(index + 1, unit)).toISOString(),
        checks: row?.[CHECKS] ?? 0,
        failures: row?.[FAILURES] ?? 0,
        byCode,
      });
    }
    return { unit: UNITS[unit]!, buckets, earlier: this.earlier };
  }
}
