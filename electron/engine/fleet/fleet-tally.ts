// Counts checks into the fleet's groups as they stream past: memory is the groups (at most FLEET_MAX_GROUPS
// keys per dimension), the devices seen (at most FLEET_MAX_DEVICES) and the drill-down list (at most its
// limit), never the lines.
import {
  FLEET_DIMENSIONS, FLEET_MAX_DEVICES, FLEET_MAX_DRILL, FLEET_MAX_GROUPS, OTHER_KEY, PASS_KEY, UNKNOWN_KEY,
  type FleetDimension, type FleetDrillEntry, type FleetGroup, type FleetQuery, type FleetSummary,
} from '../../contract/fleet';
import type { HistoryEntry } from '../../contract/history';
import type { FleetFields } from './fleet-fields';

interface Group { checks: number; failures: number; devices: Set<number>; first: number; last: number; firstText: string; lastText: string }

const keyOf: Record<FleetDimension, (f: FleetFields) => string> = {
  code: (f) => f.code ?? (f.fail ? 'UNKNOWN' : PASS_KEY),
  os: (f) => f.os || UNKNOWN_KEY,
  flow: (f) => f.flow ?? UNKNOWN_KEY,
  subnet: (f) => f.subnet ?? UNKNOWN_KEY,
  kdc: (f) => f.kdc ?? UNKNOWN_KEY,
  server: (f) => f.server,
};

export class FleetTally {
  // Indexed like FLEET_DIMENSIONS: an array walk per line, not a lookup by name.
  private readonly groups = FLEET_DIMENSIONS.map(() => new Map<string, Group>());
  private readonly keys = FLEET_DIMENSIONS.map((d) => keyOf[d]);
  private readonly deviceIds = new Map<string, number>();
  private readonly lastTime: number[] = [];
  private readonly lastFail: boolean[] = [];
  private devicesCapped = false;
  private checks = 0;
  private failures = 0;
  private first: FleetFields | null = null;
  private last: FleetFields | null = null;
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

  add(f: FleetFields, drill?: { source: string; entry: HistoryEntry }): void {
    this.checks++;
    if (f.fail) this.failures++;
    if (!this.first || f.time < this.first.time) this.first = f;
    if (!this.last || f.time > this.last.time) this.last = f;
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
    for (let i = 0; i < this.groups.length; i++) {
      const groups = this.groups[i]!;
      let key = this.keys[i]!(f);
      let g = groups.get(key);
      if (!g && groups.size >= FLEET_MAX_GROUPS) { key = OTHER_KEY; g = groups.get(key); }
      if (!g) {
        g = { checks: 0, failures: 0, devices: new Set(), first: f.time, last: f.time, firstText: f.timeText, lastText: f.timeText };
        groups.set(key, g);
      }
      g.checks++;
      if (f.fail) g.failures++;
      if (id !== undefined) g.devices.add(id);
      if (f.time < g.first) { g.first = f.time; g.firstText = f.timeText; }
      if (f.time > g.last) { g.last = f.time; g.lastText = f.timeText; }
    }
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

  summary(): FleetSummary {
    this.trimDrill();
    const iso = (f: FleetFields | null) => (f ? new Date(f.time).toISOString() : null);
    const groups = Object.fromEntries(FLEET_DIMENSIONS.map((d, i) => [d, [...this.groups[i]!].map(([key, g]): FleetGroup => ({
      key, checks: g.checks, failures: g.failures, devices: g.devices.size, firstSeen: g.firstText, lastSeen: g.lastText,
    })).sort((a, b) => b.checks - a.checks || a.key.localeCompare(b.key))])) as FleetSummary['groups'];
    return {
      files: this.files, checks: this.checks, failures: this.failures, reports: this.reports, skipped: this.skipped,
      unreadable: this.unreadable.slice(0, 100),
      firstSeen: iso(this.first), lastSeen: iso(this.last),
      devices: this.deviceIds.size, devicesFailingNow: this.lastFail.filter(Boolean).length, devicesCapped: this.devicesCapped,
      groups,
      drill: this.query && (this.query.code || this.query.device)
        ? { query: this.query, entries: this.drill, matched: this.matched, devices: [...this.drillDevices].sort() }
        : null,
    };
  }
}
