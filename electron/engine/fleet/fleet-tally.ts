// Counts checks into the fleet's groups as they stream past: memory is the groups (at most FLEET_MAX_GROUPS
// keys per dimension), the devices seen (at most FLEET_MAX_DEVICES) and the drill-down list (at most its
// limit), never the lines.
//
// Why combinations: a fleet's checks repeat a few hundred combinations of code, OS build, flow, subnet, KDC
// and instance; only the device and the time change from line to line. Every key is a small number (its
// dimension's id for it), a line costs one lookup of its combination's six numbers and, for its device, a
// look along that device's short list of combinations (a fleet's device shows a handful); the dimensions,
// and the distinct devices of each group, are summed from the combinations and those lists once, at the
// end. Lines the fast reader scanned are looked up by their bytes (byte-table.ts), so they cost no string
// per key; lines the schema read (and saved reports) by their strings; both land on the same ids.
//
// A tally can also be one part of a file (a byte range a worker counted, fleet-workers.ts): `part()` is its
// plain data, `merge()` adds it to the whole. The merge is exact — it is what one tally over all the lines
// would have counted — as long as the part never had to refuse a key (a cap reached inside the range);
// `part().refused` says so, and the caller then counts that range here instead.
//
// Beside the groups: the timeline (timeline-counter.ts: every accepted check, whatever the query) and each
// device's state for the failing-now list (device-states.ts: by file, so a file's owner is known and other
// devices' lines in it are foreign). A query's code and time range narrow the counts, the groups and the
// failing-now list: the range when a line is counted, the code when the combinations are summed at the end.
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../../contract/codes';
import { CHAIN_FLOWS } from '../../contract/chain-flow';
import {
  FLEET_DIMENSIONS,
  FLEET_EARLIEST_TIME,
  FLEET_FUTURE_SKEW_MS,
  FLEET_MAX_DEVICES,
  FLEET_MAX_DRILL,
  FLEET_MAX_FAILING_NOW,
  FLEET_MAX_FOREIGN_DEVICES,
  FLEET_MAX_FOREIGN_FILES,
  FLEET_MAX_GROUPS,
  OTHER_KEY,
  PASS_KEY,
  UNKNOWN_KEY,
  type FleetDrillEntry,
  type FleetFailingDevice,
  type FleetGroup,
  type FleetQuery,
  type FleetSummary,
} from '../../contract/fleet';
import type { HistoryEntry } from '../../contract/history';
import { ByteTable } from './byte-table';
import { DeviceStates, UNKNOWN_CODE_INDEX, failingSince } from './device-states';
import type { FleetFields } from './fleet-fields';
import type { ScannedLine } from './fleet-scan';
import { TimelineCounter, type TimelinePart } from './timeline-counter';

/** The times a check may have, in ms since the epoch (both ends included). */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The sane window as of `now`: from FLEET_EARLIEST_TIME to now + FLEET_FUTURE_SKEW_MS. */
export function fleetTimeWindow(now: number): TimeWindow {
  return { from: Date.parse(FLEET_EARLIEST_TIME), to: now + FLEET_FUTURE_SKEW_MS };
}

const [CODE, OS, FLOW, SUBNET, KDC, SERVER] = (['code', 'os', 'flow', 'subnet', 'kdc', 'server'] as const).map((d) =>
  FLEET_DIMENSIONS.indexOf(d),
) as [number, number, number, number, number, number];
const DIMS = FLEET_DIMENSIONS.length;
const codeKey = (code: string | null, fail: boolean) => code ?? (fail ? 'UNKNOWN' : PASS_KEY);
const CODE_INDEX = new Map<string, number>(DIAGNOSIS_CODES.map((code, index) => [code, index]));
/** A check's code as an index in DIAGNOSIS_CODES: -1 for a pass, UNKNOWN's for a failure without a code. */
const codeIndexOf = (code: string | null, fail: boolean) =>
  fail ? (code === null ? UNKNOWN_CODE_INDEX : (CODE_INDEX.get(code) ?? UNKNOWN_CODE_INDEX)) : -1;
const scannedCodeIndex = (scanned: ScannedLine) =>
  scanned.fail ? (scanned.code < 0 ? UNKNOWN_CODE_INDEX : scanned.code) : -1;
const keyOf: ((f: FleetFields) => string)[] = [
  (f) => codeKey(f.code, f.fail),
  (f) => f.os || UNKNOWN_KEY,
  (f) => f.flow ?? UNKNOWN_KEY,
  (f) => f.subnet ?? UNKNOWN_KEY,
  (f) => f.kdc ?? UNKNOWN_KEY,
  (f) => f.server,
];
/** Combinations kept apart; past this (hostile input) new ones share the catch-all of every dimension. */
const MAX_COMBOS = 50_000;
/** Byte ranges remembered per dimension (a hostile file's endless distinct keys are decoded, not remembered). */
const MAX_CACHED = 4096;
/** Bytes of keys the combinations' cache keeps (a real fleet's few thousand combinations take ~100 KB). */
const MAX_CACHED_BYTES = 4 << 20;
/** A device's combinations are looked for along its list up to this many; past it, in a set. */
const LIST_MAX = 16;
/** Ids per dimension stay below this (the cap, the catch-all, one spare), so six pack into two int32s. */
const ID_SPAN = FLEET_MAX_GROUPS + 2;

/** One dimension's keys, numbered in the order first seen; past the cap a new key gets OTHER_KEY's number. */
class KeyIds {
  readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  private admitted = 0;
  refused = false;

  id(key: string): number {
    const id = this.ids.get(key);
    if (id !== undefined) return id;
    if (this.admitted >= FLEET_MAX_GROUPS) {
      this.refused = true;
      return this.other();
    }
    this.admitted++;
    return this.add(key);
  }

  other(): number {
    return this.ids.get(OTHER_KEY) ?? this.add(OTHER_KEY);
  }

  private add(key: string): number {
    this.keys.push(key);
    this.ids.set(key, this.keys.length - 1);
    return this.keys.length - 1;
  }
}

/** Two int32s to a number: the combinations' table (open addressing). */
class PairTable {
  private slots = new Int32Array(1024).fill(-1);
  private his: number[] = [];
  private los: number[] = [];

  get size(): number {
    return this.his.length;
  }

  /** The value (the insertion index) of (hi, lo); -1 when absent. */
  get(hi: number, lo: number): number {
    const mask = this.slots.length - 1;
    for (let i = (Math.imul(hi, 0x9e3779b1) ^ lo) & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]!;
      if (e < 0 || (this.his[e] === hi && this.los[e] === lo)) return e;
    }
  }

  add(hi: number, lo: number): number {
    const e = this.his.length;
    this.his.push(hi);
    this.los.push(lo);
    if (this.his.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      for (let k = 0; k < this.his.length; k++) this.place(k);
    } else this.place(e);
    return e;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let i = (Math.imul(this.his[e]!, 0x9e3779b1) ^ this.los[e]!) & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    this.slots[i] = e;
  }
}

/**
 * The combination of a scanned line looked up by what it is made of — code, flow and verdict, and the
 * bytes of its OS, subnet, KDC and server — so a line seen before costs one probe instead of six. A miss
 * takes the six keys' way and remembers the answer (always the same answer for the same bytes).
 */
class ComboCache {
  private slots = new Int32Array(1024).fill(-1);
  private readonly hashes: number[] = [];
  private readonly tags: number[] = [];
  /** Per entry four (start, length) pairs into the pool: OS, subnet, KDC, server; length -1 for null. */
  private readonly ranges: number[] = [];
  private readonly values: number[] = [];
  private pool = Buffer.allocUnsafe(4096);
  private used = 0;

  /** Room for more: a hostile file's endless distinct long keys are not all remembered. */
  get full(): boolean {
    return this.values.length >= MAX_COMBOS || this.used >= MAX_CACHED_BYTES;
  }

  get(b: Buffer, s: ScannedLine): number {
    const tag = ComboCache.tag(s);
    const mask = this.slots.length - 1;
    for (let i = s.comboHash & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]!;
      if (e < 0) return -1;
      if (this.hashes[e] === s.comboHash && this.tags[e] === tag && this.same(e, b, s)) return this.values[e]!;
    }
  }

  set(b: Buffer, s: ScannedLine, value: number): void {
    const e = this.values.length;
    this.hashes.push(s.comboHash);
    this.tags.push(ComboCache.tag(s));
    this.values.push(value);
    this.keep(b, s.osStart, s.osEnd);
    this.keep(b, s.subnetStart, s.subnetEnd);
    this.keep(b, s.kdcStart, s.kdcEnd);
    this.keep(b, s.serverStart, s.serverEnd);
    if (this.values.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      for (let k = 0; k < this.values.length; k++) this.place(k);
    } else this.place(e);
  }

  private static tag(s: ScannedLine): number {
    return (s.code + 1) * 64 + (s.flow + 1) * 2 + (s.fail ? 1 : 0);
  }

  private keep(b: Buffer, start: number, end: number): void {
    if (start < 0) {
      this.ranges.push(0, -1);
      return;
    }
    const len = end - start;
    if (this.used + len > this.pool.length) {
      const pool = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + len));
      this.pool.copy(pool, 0, 0, this.used);
      this.pool = pool;
    }
    b.copy(this.pool, this.used, start, end);
    this.ranges.push(this.used, len);
    this.used += len;
  }

  private same(e: number, b: Buffer, s: ScannedLine): boolean {
    const r = e * 8;
    return (
      this.sameRange(r, b, s.osStart, s.osEnd) &&
      this.sameRange(r + 2, b, s.subnetStart, s.subnetEnd) &&
      this.sameRange(r + 4, b, s.kdcStart, s.kdcEnd) &&
      this.sameRange(r + 6, b, s.serverStart, s.serverEnd)
    );
  }

  private sameRange(r: number, b: Buffer, start: number, end: number): boolean {
    const len = this.ranges[r + 1]!;
    if (start < 0) return len === -1;
    if (len !== end - start) return false;
    const pool = this.pool;
    const at = this.ranges[r]!;
    for (let k = 0; k < len; k++) if (pool[at + k] !== b[start + k]) return false;
    return true;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let i = this.hashes[e]! & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    this.slots[i] = e;
  }
}

interface DrillItem {
  path: string;
  /** 0 for a report (the path is the source). */ line: number;
  entry: HistoryEntry;
}

/** A tally's plain data (what a worker posts back), merged by `FleetTally.merge`. */
export interface TallyPart {
  /** Lines in the range: the next range's line numbers follow these. */
  lines: number;
  refused: boolean;
  skipped: number;
  outOfRange: number;
  keys: string[][];
  /** Six dimension ids per combination, then its counts. */
  combos: number[];
  comboChecks: number[];
  comboFailures: number[];
  comboFirst: number[];
  comboLast: number[];
  devices: string[];
  /** Per device (the part's numbering), its state in the range: a range is part of one open file. */
  deviceStates: Float64Array;
  devCombos: number[][];
  timeline: TimelinePart;
  drill: DrillItem[];
  matched: number;
  drillDevices: string[];
}

export class FleetTally {
  private readonly dims = FLEET_DIMENSIONS.map(() => new KeyIds());
  private readonly byBytes = FLEET_DIMENSIONS.map(() => new ByteTable());
  private readonly codeIds = new Int32Array(DIAGNOSIS_CODES.length + 2).fill(-1);
  private readonly flowIds = new Int32Array(CHAIN_FLOWS.length + 1).fill(-1);
  private readonly comboIndex = new PairTable();
  private readonly comboCache = new ComboCache();
  private readonly comboKeys: number[] = [];
  private readonly comboChecks: number[] = [];
  private readonly comboFailures: number[] = [];
  private readonly comboFirst: number[] = [];
  private readonly comboLast: number[] = [];
  private combosCapped = false;
  private readonly deviceIds = new Map<string, number>();
  private readonly deviceBytes = new ByteTable();
  private readonly deviceNames: string[] = [];
  private readonly states = new DeviceStates(FLEET_MAX_FOREIGN_FILES);
  private readonly timeline = new TimelineCounter();
  /** The query's time range, [from, to) in ms: a check outside it is in the timeline only. */
  private readonly rangeFrom: number;
  private readonly rangeTo: number;
  /** Per device, the combinations it had a check in (and a set once the list is long). */
  private readonly devCombos: number[][] = [];
  private readonly devComboSets: (Set<number> | undefined)[] = [];
  private devicesCapped = false;
  private drill: DrillItem[] = [];
  private matched = 0;
  private readonly drillDevices = new Set<string>();
  private readonly drillLimit: number;
  /** Does any line go to the drill-down? (Else the scanned path needs no per-line question.) */
  readonly drilling: boolean;
  files = 0;
  reports = 0;
  skipped = 0;
  readonly unreadable: { path: string; problem: string }[] = [];

  /** Checks refused for their time (outside `window`). */
  outOfRange = 0;

  constructor(
    private readonly query: FleetQuery | null,
    /** The times a check may have (ms since the epoch): outside, it is refused and counted in outOfRange. */
    readonly timeWindow: TimeWindow = { from: -Infinity, to: Infinity },
  ) {
    this.drillLimit = query?.limit ?? 100;
    this.drilling = !!(query && (query.code || query.device || query.from || query.to));
    this.rangeFrom = query?.from ? Date.parse(query.from) : -Infinity;
    this.rangeTo = query?.to ? Date.parse(query.to) : Infinity;
  }

  private inRange(time: number): boolean {
    return time >= this.rangeFrom && time < this.rangeTo;
  }

  /** Does a check with these fields belong to the drill-down? (Then the caller passes its full entry.) */
  wants(f: FleetFields): boolean {
    const q = this.query;
    if (!this.drilling || !q) return false;
    return (
      (!q.code || codeKey(f.code, f.fail) === q.code) && (!q.device || f.device === q.device) && this.inRange(f.time)
    );
  }

  /** The same question of a scanned line. */
  wantsScanned(bytes: Buffer, scanned: ScannedLine): boolean {
    const q = this.query;
    if (!this.drilling || !q) return false;
    return (
      (!q.code || codeKey(scanned.code < 0 ? null : DIAGNOSIS_CODES[scanned.code]!, scanned.fail) === q.code) &&
      (!q.device || bytes.toString('utf8', scanned.deviceStart, scanned.deviceEnd) === q.device) &&
      this.inRange(scanned.time)
    );
  }

  /** Outside the window (or no time at all): refused, counted. */
  private outside(time: number): boolean {
    if (time >= this.timeWindow.from && time <= this.timeWindow.to) return false;
    this.outOfRange++;
    return true;
  }

  /** A check the schema read (a fallback line, a report), with its entry when it belongs to the drill-down. */
  add(fields: FleetFields, drill?: { path: string; line: number; entry: HistoryEntry }): void {
    if (this.outside(fields.time)) return;
    const dimensions = this.dims;
    const combo = this.comboOf(
      dimensions[CODE]!.id(keyOf[CODE]!(fields)),
      dimensions[OS]!.id(keyOf[OS]!(fields)),
      dimensions[FLOW]!.id(keyOf[FLOW]!(fields)),
      dimensions[SUBNET]!.id(keyOf[SUBNET]!(fields)),
      dimensions[KDC]!.id(keyOf[KDC]!(fields)),
      dimensions[SERVER]!.id(fields.server),
    );
    this.count(combo, this.deviceOf(fields.device), fields.time, fields.fail, codeIndexOf(fields.code, fields.fail));
    if (drill) {
      this.matched++;
      if (this.drillDevices.size < FLEET_MAX_DRILL) this.drillDevices.add(fields.device);
      this.drill.push(drill);
      if (this.drill.length >= this.drillLimit * 2) this.trimDrill();
    }
  }

  /** A check the fast reader scanned: its combination and device looked up by the line's bytes. */
  addScanned(bytes: Buffer, scanned: ScannedLine): void {
    if (this.outside(scanned.time)) return;
    let combo = this.comboCache.get(bytes, scanned);
    if (combo < 0) {
      combo = this.comboOfScanned(bytes, scanned);
      if (!this.comboCache.full) this.comboCache.set(bytes, scanned, combo);
    }
    let dev = this.deviceBytes.get(bytes, scanned.deviceStart, scanned.deviceEnd, scanned.deviceHash);
    if (dev < 0) {
      dev = this.deviceOf(bytes.toString('utf8', scanned.deviceStart, scanned.deviceEnd));
      if (dev >= 0) this.deviceBytes.set(bytes, scanned.deviceStart, scanned.deviceEnd, dev, scanned.deviceHash);
    }
    this.count(combo, dev, scanned.time, scanned.fail, scannedCodeIndex(scanned));
  }

  private comboOfScanned(bytes: Buffer, scanned: ScannedLine): number {
    let code = this.codeIds[scanned.code < 0 ? DIAGNOSIS_CODES.length + (scanned.fail ? 1 : 0) : scanned.code]!;
    if (code < 0) {
      code = this.dims[CODE]!.id(codeKey(scanned.code < 0 ? null : DIAGNOSIS_CODES[scanned.code]!, scanned.fail));
      this.codeIds[scanned.code < 0 ? DIAGNOSIS_CODES.length + (scanned.fail ? 1 : 0) : scanned.code] = code;
    }
    let flow = this.flowIds[scanned.flow + 1]!;
    if (flow < 0)
      flow = this.flowIds[scanned.flow + 1] = this.dims[FLOW]!.id(
        scanned.flow < 0 ? UNKNOWN_KEY : CHAIN_FLOWS[scanned.flow]!,
      );
    return this.comboOf(
      code,
      this.keyOfBytes(OS, bytes, scanned.osStart, scanned.osEnd),
      flow,
      scanned.subnetStart < 0
        ? this.dims[SUBNET]!.id(UNKNOWN_KEY)
        : this.keyOfBytes(SUBNET, bytes, scanned.subnetStart, scanned.subnetEnd),
      scanned.kdcStart < 0
        ? this.dims[KDC]!.id(UNKNOWN_KEY)
        : this.keyOfBytes(KDC, bytes, scanned.kdcStart, scanned.kdcEnd),
      this.keyOfBytes(SERVER, bytes, scanned.serverStart, scanned.serverEnd),
    );
  }

  private keyOfBytes(dim: number, b: Buffer, start: number, end: number): number {
    const table = this.byBytes[dim]!;
    let id = table.get(b, start, end);
    if (id >= 0) return id;
    const text = b.toString('utf8', start, end);
    id = this.dims[dim]!.id(dim === OS ? text || UNKNOWN_KEY : text);
    // A key once refused stays refused (the cap only fills), so a remembered id is always the right one.
    if (table.size < MAX_CACHED && table.bytes < MAX_CACHED_BYTES / 4) table.set(b, start, end, id);
    return id;
  }

  private deviceOf(name: string): number {
    const id = this.deviceIds.get(name);
    if (id !== undefined) return id;
    if (this.deviceIds.size >= FLEET_MAX_DEVICES) {
      this.devicesCapped = true;
      return -1;
    }
    this.deviceIds.set(name, this.deviceNames.length);
    this.deviceNames.push(name);
    this.devCombos.push([]);
    this.devComboSets.push(undefined);
    return this.deviceNames.length - 1;
  }

  private comboOf(code: number, os: number, flow: number, subnet: number, kdc: number, server: number): number {
    const hi = (code * ID_SPAN + flow) * ID_SPAN + os;
    const lo = (subnet * ID_SPAN + kdc) * ID_SPAN + server;
    const combo = this.comboIndex.get(hi, lo);
    if (combo >= 0) return combo;
    if (this.comboIndex.size >= MAX_COMBOS) {
      this.combosCapped = true;
      const others = this.dims.map((d) => d.other());
      if (
        code !== others[CODE] ||
        os !== others[OS] ||
        flow !== others[FLOW] ||
        subnet !== others[SUBNET] ||
        kdc !== others[KDC] ||
        server !== others[SERVER]
      ) {
        return this.comboOf(others[CODE]!, others[OS]!, others[FLOW]!, others[SUBNET]!, others[KDC]!, others[SERVER]!);
      }
    }
    this.comboKeys.push(code, os, flow, subnet, kdc, server);
    this.comboChecks.push(0);
    this.comboFailures.push(0);
    this.comboFirst.push(Infinity);
    this.comboLast.push(-Infinity);
    return this.comboIndex.add(hi, lo);
  }

  private count(combo: number, dev: number, time: number, fail: boolean, codeIndex: number): void {
    this.timeline.add(time, fail, codeIndex);
    if (dev >= 0) this.states.line(dev);
    if (time < this.rangeFrom || time >= this.rangeTo) return;
    this.comboChecks[combo]!++;
    if (fail) this.comboFailures[combo]!++;
    if (time < this.comboFirst[combo]!) this.comboFirst[combo] = time;
    if (time > this.comboLast[combo]!) this.comboLast[combo] = time;
    if (dev < 0) return;
    this.states.check(dev, time, fail, codeIndex, combo);
    this.deviceHad(dev, combo);
  }

  private deviceHad(dev: number, combo: number): void {
    const list = this.devCombos[dev]!;
    if (list.length < LIST_MAX) {
      if (!list.includes(combo)) list.push(combo);
      return;
    }
    let set = this.devComboSets[dev];
    if (!set) this.devComboSets[dev] = set = new Set(list);
    if (!set.has(combo)) {
      set.add(combo);
      list.push(combo);
    }
  }

  private trimDrill(): void {
    // Newest first; a stable sort keeps checks of the same time in the order they were read.
    this.drill.sort((a, b) => Date.parse(b.entry.time) - Date.parse(a.entry.time));
    this.drill.length = Math.min(this.drill.length, this.drillLimit);
  }

  part(lines: number): TallyPart {
    this.trimDrill();
    return {
      lines,
      refused: this.devicesCapped || this.combosCapped || this.dims.some((d) => d.refused),
      skipped: this.skipped,
      outOfRange: this.outOfRange,
      keys: this.dims.map((d) => d.keys),
      combos: this.comboKeys,
      comboChecks: this.comboChecks,
      comboFailures: this.comboFailures,
      comboFirst: this.comboFirst,
      comboLast: this.comboLast,
      devices: this.deviceNames,
      deviceStates: this.states.rowsOf(this.deviceNames.length),
      devCombos: this.devCombos,
      timeline: this.timeline.part(),
      drill: this.drill,
      matched: this.matched,
      drillDevices: [...this.drillDevices],
    };
  }

  /**
   * Adds a part counted elsewhere whose lines follow `lineOffset` lines of its file. The part must not be `refused`.
   */
  merge(part: TallyPart, lineOffset: number): void {
    if (part.refused) throw new Error('a refused part cannot be merged exactly');
    this.skipped += part.skipped;
    this.outOfRange += part.outOfRange;
    // Keys, combinations and devices in the order the part first saw them: the order one tally would have.
    const keyMap = part.keys.map((keys, d) => keys.map((k) => this.dims[d]!.id(k)));
    const comboMap: number[] = [];
    for (let partCombo = 0; partCombo < part.comboChecks.length; partCombo++) {
      const mergedKey = (d: number) => keyMap[d]![part.combos[partCombo * DIMS + d]!]!;
      const combo = this.comboOf(
        mergedKey(CODE),
        mergedKey(OS),
        mergedKey(FLOW),
        mergedKey(SUBNET),
        mergedKey(KDC),
        mergedKey(SERVER),
      );
      comboMap.push(combo);
      this.comboChecks[combo]! += part.comboChecks[partCombo]!;
      this.comboFailures[combo]! += part.comboFailures[partCombo]!;
      if (part.comboFirst[partCombo]! < this.comboFirst[combo]!) this.comboFirst[combo] = part.comboFirst[partCombo]!;
      if (part.comboLast[partCombo]! > this.comboLast[combo]!) this.comboLast[combo] = part.comboLast[partCombo]!;
    }
    const mapCombo = (combo: number) => comboMap[combo]!;
    part.devices.forEach((name, partDevice) => {
      const dev = this.deviceOf(name);
      if (dev < 0) return;
      this.states.addToFile(dev, part.deviceStates, partDevice, mapCombo);
      for (const partCombo of part.devCombos[partDevice]!) this.deviceHad(dev, comboMap[partCombo]!);
    });
    this.timeline.merge(part.timeline);
    this.matched += part.matched;
    for (const device of part.drillDevices) if (this.drillDevices.size < FLEET_MAX_DRILL) this.drillDevices.add(device);
    for (const item of part.drill) this.drill.push({ ...item, line: item.line + lineOffset });
    if (this.drill.length >= this.drillLimit * 2) this.trimDrill();
  }

  /** Does the query's code keep this combination? (No code: every one.) */
  private kept(combo: number): boolean {
    const code = this.query?.code;
    if (!code) return true;
    return this.dims[CODE]!.keys[this.comboKeys[combo * DIMS + CODE]!] === code;
  }

  private groupsOf(dim: number, kept: Uint8Array): FleetGroup[] {
    const keyCount = this.dims[dim]!.keys.length;
    const checks = new Array<number>(keyCount).fill(0),
      failures = new Array<number>(keyCount).fill(0);
    const first = new Array<number>(keyCount).fill(Infinity),
      last = new Array<number>(keyCount).fill(-Infinity);
    const devices = new Array<number>(keyCount).fill(0);
    for (let combo = 0; combo < this.comboChecks.length; combo++) {
      if (!kept[combo]) continue;
      const keyId = this.comboKeys[combo * DIMS + dim]!;
      checks[keyId]! += this.comboChecks[combo]!;
      failures[keyId]! += this.comboFailures[combo]!;
      if (this.comboFirst[combo]! < first[keyId]!) first[keyId] = this.comboFirst[combo]!;
      if (this.comboLast[combo]! > last[keyId]!) last[keyId] = this.comboLast[combo]!;
    }
    // Distinct devices per key: each device's combinations, each key counted once per device.
    const stamp = new Int32Array(keyCount).fill(-1);
    this.devCombos.forEach((list, dev) => {
      for (const combo of list) {
        if (!kept[combo]) continue;
        const keyId = this.comboKeys[combo * DIMS + dim]!;
        if (stamp[keyId] !== dev) {
          stamp[keyId] = dev;
          devices[keyId]!++;
        }
      }
    });
    const out: FleetGroup[] = [];
    this.dims[dim]!.keys.forEach((key, keyId) => {
      // A key only out-of-range lines had (a query's time range) has no checks: no group.
      if (checks[keyId]! > 0) {
        out.push({
          key,
          checks: checks[keyId]!,
          failures: failures[keyId]!,
          devices: devices[keyId]!,
          firstSeen: new Date(first[keyId]!).toISOString(),
          lastSeen: new Date(last[keyId]!).toISOString(),
        });
      }
    });
    return out.sort((a, b) => b.checks - a.checks || a.key.localeCompare(b.key));
  }

  /** Closes the file just read: its owner is decided, its lines added to its devices' states. */
  endFile(path: string): void {
    this.states.endFile(path);
  }

  private comboKey(combo: number, dim: number): string {
    return this.dims[dim]!.keys[this.comboKeys[combo * DIMS + dim]!]!;
  }

  /** Devices whose latest check (the query's checks; a device's own files when it owns one) failed. */
  private failingNow(): { count: number; list: FleetFailingDevice[] } {
    const code = this.query?.code;
    const list: (FleetFailingDevice & { sinceMs: number })[] = [];
    let count = 0;
    this.deviceNames.forEach((device, dev) => {
      const state = this.states.judged(dev);
      if (!state || !state.latestFail || state.latest === -Infinity) return;
      const latestCode = DIAGNOSIS_CODES[state.latestCode] as DiagnosisCode;
      if (code && code !== latestCode) return;
      count++;
      const { since, exact } = failingSince(state);
      const site = this.comboKey(state.latestCombo, SUBNET);
      list.push({
        device,
        code: latestCode,
        since: new Date(since).toISOString(),
        sinceExact: exact,
        lastPass: state.lastPass === -Infinity ? null : new Date(state.lastPass).toISOString(),
        latest: new Date(state.latest).toISOString(),
        site: site === UNKNOWN_KEY ? null : site,
        server: this.comboKey(state.latestCombo, SERVER),
        foreign: this.states.foreign[dev] === true,
        sinceMs: since,
      });
    });
    list.sort((a, b) => a.sinceMs - b.sinceMs || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
    return { count, list: list.slice(0, FLEET_MAX_FAILING_NOW).map(({ sinceMs: _, ...entry }) => entry) };
  }

  private foreignOf(): FleetSummary['foreign'] {
    const states = this.states;
    return {
      lines: states.foreignLines,
      devices: states.foreignDevices,
      files: states.foreignFiles.map((file) => ({
        path: file.path,
        owner: this.deviceNames[file.owner]!,
        devices: file.devices.slice(0, FLEET_MAX_FOREIGN_DEVICES).map((dev) => this.deviceNames[dev]!),
        lines: file.lines,
      })),
    };
  }

  summary(): FleetSummary {
    this.trimDrill();
    // A file still open (a caller that did not close it) is closed without a name.
    this.states.endFile('');
    const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);
    const kept = new Uint8Array(this.comboChecks.length);
    let checks = 0,
      failures = 0,
      first = Infinity,
      last = -Infinity;
    for (let combo = 0; combo < kept.length; combo++) {
      if (!this.kept(combo) || this.comboChecks[combo] === 0) continue;
      kept[combo] = 1;
      checks += this.comboChecks[combo]!;
      failures += this.comboFailures[combo]!;
      first = Math.min(first, this.comboFirst[combo]!);
      last = Math.max(last, this.comboLast[combo]!);
    }
    const devices = this.devCombos.filter((list) => list.some((combo) => kept[combo])).length;
    const failing = this.failingNow();
    return {
      files: this.files,
      checks,
      failures,
      reports: this.reports,
      skipped: this.skipped,
      outOfRange: this.outOfRange,
      unreadable: this.unreadable.slice(0, 100),
      firstSeen: iso(first),
      lastSeen: iso(last),
      devices,
      devicesFailingNow: failing.count,
      devicesCapped: this.devicesCapped,
      groups: Object.fromEntries(FLEET_DIMENSIONS.map((d, i) => [d, this.groupsOf(i, kept)])) as FleetSummary['groups'],
      timeline: this.timeline.result(),
      failingNow: failing.list,
      foreign: this.foreignOf(),
      // The catalogue's words are added by analyze-fleet.ts (a worker's bundle carries no catalogue).
      titles: {},
      drill:
        this.drilling && this.query
          ? {
              query: this.query,
              entries: this.drill.map(({ path, line, entry }): FleetDrillEntry => ({
                source: line > 0 ? `${path}:${line}` : path,
                entry,
              })),
              matched: this.matched,
              devices: [...this.drillDevices].sort(),
            }
          : null,
    };
  }
}
