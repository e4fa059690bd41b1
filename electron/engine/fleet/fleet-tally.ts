// Counts checks into the fleet's groups as they stream past: memory is the groups (at most FLEET_MAX_GROUPS
// keys per dimension), the devices seen (at most FLEET_MAX_DEVICES) and the drill-down list (at most its
// limit), never the lines.
//
// Why combinations: a fleet's checks repeat a few thousand combinations of code, OS build, flow, subnet, KDC
// and instance; only the device and the time change from line to line. Each line costs one lookup of its
// combination and one set insert of its device; the six dimensions are summed from the combinations once,
// at the end (a million lines: one lookup each instead of six, measured in build/bench-fleet.ts).
import {
  FLEET_DIMENSIONS, FLEET_MAX_DEVICES, FLEET_MAX_DRILL, FLEET_MAX_GROUPS, OTHER_KEY, PASS_KEY, UNKNOWN_KEY,
  type FleetDimension, type FleetDrillEntry, type FleetGroup, type FleetQuery, type FleetSummary,
} from '../../contract/fleet';
import type { HistoryEntry } from '../../contract/history';
import type { FleetFields } from './fleet-fields';

interface Combo { keys: string[]; checks: number; failures: number; devices: Set<number>; first: number; last: number }

const keyOf: Record<FleetDimension, (f: FleetFields) => string> = {
  code: (f) => f.code ?? (f.fail ? 'UNKNOWN' : PASS_KEY),
  os: (f) => f.os || UNKNOWN_KEY,
  flow: (f) => f.flow ?? UNKNOWN_KEY,
  subnet: (f) => f.subnet ?? UNKNOWN_KEY,
  kdc: (f) => f.kdc ?? UNKNOWN_KEY,
  server: (f) => f.server,
};
const KEYS = FLEET_DIMENSIONS.map((d) => keyOf[d]);
/** Combinations kept apart; past this (hostile input) new ones share the catch-all per dimension. */
const MAX_COMBOS = 50_000;

export class FleetTally {
  private readonly combos = new Map<string, Combo>();
  /** Distinct keys per dimension so far: a key past FLEET_MAX_GROUPS is counted as OTHER_KEY. */
  private readonly seen = FLEET_DIMENSIONS.map(() => new Set<string>());
  private readonly deviceIds = new Map<string, number>();
  private readonly lastTime: number[] = [];
  private readonly lastFail: boolean[] = [];
  private devicesCapped = false;
  private checks = 0;
  private failures = 0;
  private first = Infinity;
  private last = -Infinity;
  private drill: FleetDrillEntry[] = [];
  private matched = 0;
  private readonly drillDevices = new Set<string>();
  private readonly drillLimit: number;
  files = 0;
  reports = 0;
  skipped = 0;
  readonly unreadable: { path: string; problem: string }[] = [];

  constructor(private readonly query: FleetQuery | null) {
    this.drillLimit = query?.limit ?? 100;
  }

  /** Does a check with these fields belong to the drill-down? (Then the caller passes its full entry.) */
  wants(f: FleetFields): boolean {
    const q = this.query;
    if (!q || (!q.code && !q.device)) return false;
    return (!q.code || keyOf.code(f) === q.code) && (!q.device || f.device === q.device);
  }

  private combo(f: FleetFields): Combo {
    // One string per line, built without an intermediate array (this runs a million times).
    const id = `${keyOf.code(f)}\u0000${keyOf.os(f)}\u0000${keyOf.flow(f)}\u0000${keyOf.subnet(f)}\u0000${keyOf.kdc(f)}\u0000${f.server}`;
    let c = this.combos.get(id);
    if (c) return c;
    const raw = KEYS.map((k) => k(f));
    const keys = raw.map((k, i) => {
      const seen = this.seen[i]!;
      if (seen.has(k)) return k;
      if (seen.size >= FLEET_MAX_GROUPS) return OTHER_KEY;
      seen.add(k);
      return k;
    });
    const capped = this.combos.size >= MAX_COMBOS ? keys.map(() => OTHER_KEY) : keys;
    const cid = capped === keys ? id : capped.join('\u0000');
    c = this.combos.get(cid);
    if (!c) {
      c = { keys: capped, checks: 0, failures: 0, devices: new Set(), first: f.time, last: f.time };
      this.combos.set(cid, c);
    }
    if (cid !== id && this.combos.size < MAX_COMBOS) this.combos.set(id, c);
    return c;
  }

  add(f: FleetFields, drill?: { source: string; entry: HistoryEntry }): void {
    this.checks++;
    if (f.fail) this.failures++;
    if (f.time < this.first) this.first = f.time;
    if (f.time > this.last) this.last = f.time;
    let id = this.deviceIds.get(f.device);
    if (id === undefined) {
      if (this.deviceIds.size >= FLEET_MAX_DEVICES) this.devicesCapped = true;
      else {
        id = this.deviceIds.size;
        this.deviceIds.set(f.device, id);
        this.lastTime.push(-Infinity);
        this.lastFail.push(false);
      }
    }
    if (id !== undefined && f.time >= this.lastTime[id]!) { this.lastTime[id] = f.time; this.lastFail[id] = f.fail; }
    const c = this.combo(f);
    c.checks++;
    if (f.fail) c.failures++;
    if (id !== undefined) c.devices.add(id);
    if (f.time < c.first) c.first = f.time;
    if (f.time > c.last) c.last = f.time;
    if (drill) {
      this.matched++;
      if (this.drillDevices.size < FLEET_MAX_DRILL) this.drillDevices.add(f.device);
      this.drill.push(drill);
      if (this.drill.length >= this.drillLimit * 2) this.trimDrill();
    }
  }

  private trimDrill(): void {
    this.drill.sort((a, b) => Date.parse(b.entry.time) - Date.parse(a.entry.time));
    this.drill.length = Math.min(this.drill.length, this.drillLimit);
  }

  private groupsOf(i: number): FleetGroup[] {
    const out = new Map<string, { checks: number; failures: number; devices: Set<number>; first: number; last: number }>();
    for (const c of new Set(this.combos.values())) {
      const key = c.keys[i]!;
      const g = out.get(key);
      if (!g) { out.set(key, { checks: c.checks, failures: c.failures, devices: new Set(c.devices), first: c.first, last: c.last }); continue; }
      g.checks += c.checks; g.failures += c.failures;
      for (const d of c.devices) g.devices.add(d);
      if (c.first < g.first) g.first = c.first;
      if (c.last > g.last) g.last = c.last;
    }
    return [...out].map(([key, g]): FleetGroup => ({
      key, checks: g.checks, failures: g.failures, devices: g.devices.size,
      firstSeen: new Date(g.first).toISOString(), lastSeen: new Date(g.last).toISOString(),
    })).sort((a, b) => b.checks - a.checks || a.key.localeCompare(b.key));
  }

  summary(): FleetSummary {
    this.trimDrill();
    const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);
    return {
      files: this.files, checks: this.checks, failures: this.failures, reports: this.reports, skipped: this.skipped,
      unreadable: this.unreadable.slice(0, 100),
      firstSeen: iso(this.first), lastSeen: iso(this.last),
      devices: this.deviceIds.size, devicesFailingNow: this.lastFail.filter(Boolean).length, devicesCapped: this.devicesCapped,
      groups: Object.fromEntries(FLEET_DIMENSIONS.map((d, i) => [d, this.groupsOf(i)])) as FleetSummary['groups'],
      drill: this.query && (this.query.code || this.query.device)
        ? { query: this.query, entries: this.drill, matched: this.matched, devices: [...this.drillDevices].sort() }
        : null,
    };
  }
}
