// What the fleet knows of each device to say whether it is failing now, since when, and whether another
// device's file speaks for it (issue: anyone who can write to the share can write lines naming any device).
//
// A file's owner is the device named by a strict majority of its lines. Each file's lines are first kept
// per device for that file alone; when the file ends they are added to the device's state from the files
// it owns, or to its state from other files (and, when the file has another owner, counted as foreign).
// At the end a device that owns a file is judged from its own files only; a device that owns none (a
// collected export naming many devices) from all its lines. Memory per device: a few numbers and the
// times of its latest RECENT_FAILURES failures, never its lines.
//
// The same states are a worker's part: a file split across threads is one file whose two parts' states are
// added, in the order of their lines, before the file ends — what one pass would have kept.
import { DIAGNOSIS_CODES } from '../../contract/codes';

/** Failure times kept per device, latest first: `since` is exact unless more failures followed the last pass. */
export const RECENT_FAILURES = 8;

/** One device's checks, over one file or a set of files. Plain data: a worker posts it as it is. */
export interface DeviceState {
  /** Lines naming the device (all of them, whatever the query: who owns a file does not depend on a click). */
  lines: number;
  /** The latest check the query counts (ms; -Infinity: none) and what it was. */
  latest: number;
  latestFail: boolean;
  /** Index in DIAGNOSIS_CODES, -1 for a pass. */
  latestCode: number;
  /** The tally's combination of the latest check (where it ran from: site, instance). */
  latestCombo: number;
  lastPass: number;
  firstFail: number;
  failures: number;
  /** The latest RECENT_FAILURES failure times, in no order. */
  recent: number[];
}

/** Keeps `time` among the latest RECENT_FAILURES failure times (a state's, when files and parts are added). */
function keepRecent(recent: number[], time: number): void {
  if (recent.length < RECENT_FAILURES) {
    recent.push(time);
    return;
  }
  let oldest = 0;
  for (let k = 1; k < recent.length; k++) if (recent[k]! < recent[oldest]!) oldest = k;
  if (time > recent[oldest]!) recent[oldest] = time;
}

/**
 * Adds `later` (lines read after `into`'s) to `into`: what one state over both sets of lines would hold.
 * `mapCombo` renumbers `later`'s combination (a worker's part numbers its own).
 */
export function addState(into: DeviceState, later: DeviceState, mapCombo: (combo: number) => number = (c) => c): void {
  into.lines += later.lines;
  if (later.latest > -Infinity && later.latest >= into.latest) {
    into.latest = later.latest;
    into.latestFail = later.latestFail;
    into.latestCode = later.latestCode;
    into.latestCombo = mapCombo(later.latestCombo);
  }
  if (later.lastPass > into.lastPass) into.lastPass = later.lastPass;
  if (later.firstFail < into.firstFail) into.firstFail = later.firstFail;
  into.failures += later.failures;
  for (const time of later.recent) keepRecent(into.recent, time);
}

/** A failing device's since: the first failure after its last pass, and whether the kept times prove it. */
export function failingSince(state: DeviceState): { since: number; exact: boolean } {
  if (state.lastPass === -Infinity) return { since: state.firstFail, exact: true };
  let since = Infinity;
  let allAfter = true;
  for (const time of state.recent) {
    if (time > state.lastPass) since = Math.min(since, time);
    else allAfter = false;
  }
  // Every failure kept is after the last pass and more were dropped: some of those may have been too.
  const exact = !allAfter || state.failures <= state.recent.length;
  // A failure at the very millisecond of the last pass, read after it: failing since then.
  return { since: since === Infinity ? state.latest : since, exact };
}

/** The code of a failure, UNKNOWN when it had none. */
export const UNKNOWN_CODE_INDEX = DIAGNOSIS_CODES.indexOf('UNKNOWN');

export interface ForeignFile {
  path: string;
  owner: number;
  /** Devices named in it other than its owner, and their lines. */
  devices: number[];
  lines: number;
}

// The open file's states: one row of doubles per device, its fields side by side (a check touches one or two
// cache lines of its device, not one per field: devices come in no order, and a fleet has many).
const LINES = 0,
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

/** A fresh row for each of the devices `from`..`to` (exclusive). */
function clearRows(rows: Float64Array, from: number, to: number): void {
  for (let dev = from; dev < to; dev++) rows.set(EMPTY_ROW, dev * STRIDE);
}

/**
 * The open file's per-device states, and each device's states from its own files and from the others. The
 * open file's are rows of numbers (a check costs a few stores, no object, no call), made into DeviceStates
 * when the file ends.
 */
export class DeviceStates {
  private rows = new Float64Array(64 * STRIDE);
  /** The devices the open file named (their LINES is above 0). */
  private touched: number[] = [];
  readonly own: (DeviceState | undefined)[] = [];
  readonly other: (DeviceState | undefined)[] = [];
  /** Per device: named in a file another device owns. */
  readonly foreign: boolean[] = [];
  foreignLines = 0;
  foreignDevices = 0;
  /** Files with foreign lines, the first `maxFiles` of them kept. */
  readonly foreignFiles: ForeignFile[] = [];

  constructor(private readonly maxFiles: number) {
    clearRows(this.rows, 0, 64);
  }

  /** A device's line in the open file (every line, whatever the query: who owns a file does not depend on it). */
  line(dev: number): void {
    const at = dev * STRIDE;
    if (at >= this.rows.length) this.grow(dev);
    if (this.rows[at + LINES]!++ === 0) this.touched.push(dev);
  }

  /** One check of the device the query counts (after `line`); `codeIndex` -1 for a pass. */
  check(dev: number, time: number, fail: boolean, codeIndex: number, combo: number): void {
    const rows = this.rows;
    const at = dev * STRIDE;
    // Of checks at the same time, the one read last is the latest (as the tally has always said).
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
    this.keepRecent(at, time, rows[at + FAILURES]!++);
  }

  /** Keeps a failure time among the row's latest RECENT_FAILURES; `set` of its slots are in use. */
  private keepRecent(at: number, time: number, set: number): void {
    const rows = this.rows;
    if (set < RECENT_FAILURES) {
      rows[at + RECENT + set] = time;
      return;
    }
    let oldest = at + RECENT;
    for (let k = oldest + 1; k < at + STRIDE; k++) if (rows[k]! < rows[oldest]!) oldest = k;
    if (time > rows[oldest]!) rows[oldest] = time;
  }

  private grow(dev: number): void {
    const devices = this.rows.length / STRIDE;
    const rows = new Float64Array(Math.max(dev + 1, devices * 2) * STRIDE);
    rows.set(this.rows);
    clearRows(rows, devices, rows.length / STRIDE);
    this.rows = rows;
  }

  /** The device's state in the open file as plain data, its row cleared. */
  private takeState(dev: number): DeviceState {
    const rows = this.rows;
    const at = dev * STRIDE;
    const failures = rows[at + FAILURES]!;
    const state: DeviceState = {
      lines: rows[at + LINES]!,
      latest: rows[at + LATEST]!,
      latestFail: rows[at + LATEST_FAIL] === 1,
      latestCode: rows[at + LATEST_CODE]!,
      latestCombo: rows[at + LATEST_COMBO]!,
      lastPass: rows[at + LAST_PASS]!,
      firstFail: rows[at + FIRST_FAIL]!,
      failures,
      recent: [...rows.subarray(at + RECENT, at + RECENT + Math.min(failures, RECENT_FAILURES))],
    };
    clearRows(rows, dev, dev + 1);
    return state;
  }

  /**
   * Adds device `from` of rows counted elsewhere (a worker's range, read after this thread's lines) to
   * device `dev` of the open file: what one pass over both would hold.
   */
  addToFile(dev: number, part: Float64Array, from: number, mapCombo: (combo: number) => number): void {
    const src = from * STRIDE;
    const lines = part[src + LINES]!;
    if (lines === 0) return;
    const at = dev * STRIDE;
    if (at >= this.rows.length) this.grow(dev);
    const rows = this.rows;
    if (rows[at + LINES] === 0) this.touched.push(dev);
    rows[at + LINES]! += lines;
    const latest = part[src + LATEST]!;
    if (latest > -Infinity && latest >= rows[at + LATEST]!) {
      rows[at + LATEST] = latest;
      rows[at + LATEST_FAIL] = part[src + LATEST_FAIL]!;
      rows[at + LATEST_CODE] = part[src + LATEST_CODE]!;
      rows[at + LATEST_COMBO] = mapCombo(part[src + LATEST_COMBO]!);
    }
    rows[at + LAST_PASS] = Math.max(rows[at + LAST_PASS]!, part[src + LAST_PASS]!);
    rows[at + FIRST_FAIL] = Math.min(rows[at + FIRST_FAIL]!, part[src + FIRST_FAIL]!);
    const failures = part[src + FAILURES]!;
    let set = Math.min(rows[at + FAILURES]!, RECENT_FAILURES);
    for (let k = 0; k < Math.min(failures, RECENT_FAILURES); k++) this.keepRecent(at, part[src + RECENT + k]!, set++);
    rows[at + FAILURES]! += failures;
  }

  /** The open file's rows of its first `devices` devices (a worker's range is one open file). */
  rowsOf(devices: number): Float64Array {
    if (devices * STRIDE > this.rows.length) this.grow(devices - 1);
    return this.rows.slice(0, devices * STRIDE);
  }

  /** Closes the open file: its owner decided, its states added to the devices', its foreign lines counted. */
  endFile(path: string): void {
    let total = 0;
    for (const dev of this.touched) total += this.rows[dev * STRIDE + LINES]!;
    const owner = this.touched.find((dev) => this.rows[dev * STRIDE + LINES]! * 2 > total) ?? -1;
    const named: number[] = [];
    let foreignLines = 0;
    for (const dev of this.touched) {
      const state = this.takeState(dev);
      const states = dev === owner ? this.own : this.other;
      const kept = states[dev];
      if (kept) addState(kept, state);
      else states[dev] = state;
      if (owner < 0 || dev === owner) continue;
      named.push(dev);
      foreignLines += state.lines;
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

  /** The state a device is judged by: its own files' when it owns one, else all its lines'. */
  judged(dev: number): DeviceState | undefined {
    return this.own[dev] ?? this.other[dev];
  }
}
