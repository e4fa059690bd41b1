// What the fleet knows of each device to say whether it is failing now, since when, and whether another
// device's file speaks for it (issue: anyone who can write to the share can write lines naming any device).
//
// A file's owner is the device named by a strict majority of its lines. Each file's lines are first kept
// per device for that file alone; when the file ends they are added to the device's state from the files
// it owns, or to its state from other files (and, when the file has another owner, counted as foreign).
// At the end a device that owns a file is judged from its own files only; a device that owns none (a
// collected export naming many devices) from all its lines. Memory per device: a row of 16 numbers (its
// latest check, last pass, first failure and the times of its latest RECENT_FAILURES failures) for the open
// file and one for its own files or the others — never its lines, and no object per device.
//
// The same rows are a worker's part: a file split across threads is one file whose two parts' rows are
// added, in the order of their lines, before the file ends — what one pass would have kept.
import { DIAGNOSIS_CODES } from '../../contract/codes';

/** Failure times kept per device, latest first: `since` is exact unless more failures followed the last pass. */
export const RECENT_FAILURES = 8;

/** A failing device's state, as the failing-now list needs it. */
export interface FailingState {
  latest: number;
  /** Index in DIAGNOSIS_CODES. */
  latestCode: number;
  /** The tally's combination of the latest check (where it ran from: site, instance). */
  latestCombo: number;
  /** -Infinity: never passed. */
  lastPass: number;
  /** The first failure after the last pass; `exact` false: at least since then (too few times kept). */
  since: number;
  exact: boolean;
}

/** The failure without a code: UNKNOWN. */
export const UNKNOWN_CODE_INDEX = DIAGNOSIS_CODES.indexOf('UNKNOWN');

// A device's row: its fields side by side (a check touches one or two cache lines of its device, not one per
// field: devices come in no order, and a fleet has many).
const LINES = 0,
  /** The latest check the query counts (ms; -Infinity: none) and what it was. */
  LATEST = 1,
  LATEST_FAIL = 2,
  LATEST_CODE = 3,
  LATEST_COMBO = 4,
  LAST_PASS = 5,
  FIRST_FAIL = 6,
  FAILURES = 7,
  /** RECENT_FAILURES times; the first min(failures, RECENT_FAILURES) are set. */
  RECENT = 8;
const STRIDE = RECENT + RECENT_FAILURES;
const EMPTY_ROW = [0, -Infinity, 0, -1, -1, -Infinity, Infinity, 0];

/** Rows of devices, grown as devices come (by half again: a fleet's count is not a power of two). */
class Rows {
  data = new Float64Array(0);

  /** The row of `dev` (made, empty, when new): its offset in `data`. */
  at(dev: number): number {
    const at = dev * STRIDE;
    if (at >= this.data.length) this.grow(dev);
    return at;
  }

  private grow(dev: number): void {
    const had = this.data.length / STRIDE;
    const data = new Float64Array(Math.max(dev + 1, Math.ceil(had * 1.5), 64) * STRIDE);
    data.set(this.data);
    for (let row = had; row < data.length / STRIDE; row++) data.set(EMPTY_ROW, row * STRIDE);
    this.data = data;
  }
}

/** Keeps a failure time among the row's latest RECENT_FAILURES; `set` of its slots are in use. */
function keepRecent(rows: Float64Array, at: number, time: number, set: number): void {
  if (set < RECENT_FAILURES) {
    rows[at + RECENT + set] = time;
    return;
  }
  let oldest = at + RECENT;
  for (let slot = oldest + 1; slot < at + STRIDE; slot++) if (rows[slot]! < rows[oldest]!) oldest = slot;
  if (time > rows[oldest]!) rows[oldest] = time;
}

/**
 * Adds row `from` (lines read after `into`'s) to row `into`: what one row over both sets of lines would hold.
 * `mapCombo` renumbers the combination (a worker's part numbers its own).
 */
function addRow(
  into: Float64Array,
  intoAt: number,
  from: Float64Array,
  fromAt: number,
  mapCombo: (combo: number) => number,
): void {
  into[intoAt + LINES]! += from[fromAt + LINES]!;
  const latest = from[fromAt + LATEST]!;
  // Of checks at the same time, the one read last is the latest.
  if (latest > -Infinity && latest >= into[intoAt + LATEST]!) {
    into[intoAt + LATEST] = latest;
    into[intoAt + LATEST_FAIL] = from[fromAt + LATEST_FAIL]!;
    into[intoAt + LATEST_CODE] = from[fromAt + LATEST_CODE]!;
    into[intoAt + LATEST_COMBO] = mapCombo(from[fromAt + LATEST_COMBO]!);
  }
  into[intoAt + LAST_PASS] = Math.max(into[intoAt + LAST_PASS]!, from[fromAt + LAST_PASS]!);
  into[intoAt + FIRST_FAIL] = Math.min(into[intoAt + FIRST_FAIL]!, from[fromAt + FIRST_FAIL]!);
  const failures = from[fromAt + FAILURES]!;
  let set = Math.min(into[intoAt + FAILURES]!, RECENT_FAILURES);
  for (let slot = 0; slot < Math.min(failures, RECENT_FAILURES); slot++)
    keepRecent(into, intoAt, from[fromAt + RECENT + slot]!, set++);
  into[intoAt + FAILURES]! += failures;
}

const sameCombo = (combo: number) => combo;

export interface ForeignFile {
  path: string;
  owner: number;
  /** Devices named in it other than its owner. */
  devices: number[];
  lines: number;
}

/** The open file's rows, and each device's row from its own files and from the others. */
export class DeviceStates {
  private readonly open = new Rows();
  /** The devices the open file named (their LINES is above 0). */
  private touched: number[] = [];
  private readonly own = new Rows();
  private readonly other = new Rows();
  /** Per device: named in a file another device owns. */
  readonly foreign: boolean[] = [];
  foreignLines = 0;
  foreignDevices = 0;
  /** Files with foreign lines, the first `maxFiles` of them kept. */
  readonly foreignFiles: ForeignFile[] = [];

  constructor(private readonly maxFiles: number) {}

  /**
   * A device's line in the open file: counted for who owns the file (every line, whatever the query), and,
   * when the query counts it (`counted`), its check. `codeIndex` -1 for a pass.
   */
  line(dev: number, counted: boolean, time: number, fail: boolean, codeIndex: number, combo: number): void {
    const at = this.open.at(dev);
    const rows = this.open.data;
    if (rows[at + LINES]!++ === 0) this.touched.push(dev);
    if (!counted) return;
    if (time >= rows[at + LATEST]!) {
      rows[at + LATEST] = time;
      rows[at + LATEST_FAIL] = fail ? 1 : 0;
      rows[at + LATEST_CODE] = codeIndex;
      rows[at + LATEST_COMBO] = combo;
    }
    if (!fail) {
      if (time > rows[at + LAST_PASS]!) rows[at + LAST_PASS] = time;
      return;
    }
    if (time < rows[at + FIRST_FAIL]!) rows[at + FIRST_FAIL] = time;
    keepRecent(rows, at, time, rows[at + FAILURES]!++);
  }

  /**
   * Adds device `from` of rows counted elsewhere (a worker's range, read after this thread's lines) to
   * device `dev` of the open file: what one pass over both would hold.
   */
  addToFile(dev: number, part: Float64Array, from: number, mapCombo: (combo: number) => number): void {
    if (part[from * STRIDE + LINES] === 0) return;
    const at = this.open.at(dev);
    if (this.open.data[at + LINES] === 0) this.touched.push(dev);
    addRow(this.open.data, at, part, from * STRIDE, mapCombo);
  }

  /**
   * The open file's rows of its first `devices` devices (a worker's range is one open file): a view, not a
   * copy — the worker hands its buffer over (postMessage's transfer list) as its last act.
   */
  rowsOf(devices: number): Float64Array {
    if (devices > 0) this.open.at(devices - 1);
    return this.open.data.subarray(0, devices * STRIDE);
  }

  /** Closes the open file: its owner decided, its rows added to the devices', its foreign lines counted. */
  endFile(path: string): void {
    const open = this.open.data;
    let total = 0;
    for (const dev of this.touched) total += open[dev * STRIDE + LINES]!;
    const owner = this.touched.find((dev) => open[dev * STRIDE + LINES]! * 2 > total) ?? -1;
    const named: number[] = [];
    let foreignLines = 0;
    for (const dev of this.touched) {
      const from = dev * STRIDE;
      const lines = open[from + LINES]!;
      const kept = dev === owner ? this.own : this.other;
      const at = kept.at(dev);
      addRow(kept.data, at, open, from, sameCombo);
      open.set(EMPTY_ROW, from);
      if (owner < 0 || dev === owner) continue;
      named.push(dev);
      foreignLines += lines;
      if (!this.foreign[dev]) {
        this.foreign[dev] = true;
        this.foreignDevices++;
      }
    }
    this.touched = [];
    this.foreignLines += foreignLines;
    if (named.length && this.foreignFiles.length < this.maxFiles)
      this.foreignFiles.push({ path, owner, devices: named, lines: foreignLines });
  }

  /**
   * The device's failing state when its latest check failed — from its own files when it owns one, else
   * from all its lines — or null.
   */
  failing(dev: number): FailingState | null {
    const ownsAFile = dev * STRIDE < this.own.data.length && this.own.data[dev * STRIDE + LINES]! > 0;
    const judged = ownsAFile ? this.own : this.other;
    const at = dev * STRIDE;
    const rows = judged.data;
    if (at >= rows.length || rows[at + LATEST] === -Infinity || rows[at + LATEST_FAIL] !== 1) return null;
    const lastPass = rows[at + LAST_PASS]!;
    const failures = rows[at + FAILURES]!;
    let since = Infinity;
    let allAfter = true;
    for (let slot = 0; slot < Math.min(failures, RECENT_FAILURES); slot++) {
      const time = rows[at + RECENT + slot]!;
      if (time > lastPass) since = Math.min(since, time);
      else allAfter = false;
    }
    const state = {
      latest: rows[at + LATEST]!,
      latestCode: rows[at + LATEST_CODE]!,
      latestCombo: rows[at + LATEST_COMBO]!,
      lastPass,
    };
    // Never passed: its first failure. Else the earliest kept failure after the last pass — exact when a kept
    // one is not after it or none was dropped; a failure at the very millisecond of the pass: the latest.
    if (lastPass === -Infinity) return { ...state, since: rows[at + FIRST_FAIL]!, exact: true };
    const exact = !allAfter || failures <= RECENT_FAILURES;
    return { ...state, since: since === Infinity ? state.latest : since, exact };
  }
}
