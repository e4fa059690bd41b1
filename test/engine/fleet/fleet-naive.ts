// An independent, deliberately naive reader of a fleet's files for the timeline, the failing-now list and
// the foreign lines: each file read whole, every line through JSON.parse, every check kept in an array,
// the rules applied as docs/fleet.md writes them — calendar arithmetic by Date's UTC fields, no bucket
// indices, no tally, no scanner, no worker, nothing of electron/engine/fleet. Only for small test files.
import { readFileSync } from 'node:fs';
import { FLEET_EARLIEST_TIME, FLEET_FUTURE_SKEW_MS } from '../../../electron/contract/fleet';

export interface NaiveCheck {
  time: number;
  device: string;
  fail: boolean;
  code: string;
  subnet: string | null;
  server: string;
  file: number;
}

export interface NaiveFailing {
  device: string;
  code: string;
  since: string;
  lastPass: string | null;
  latest: string;
  site: string | null;
  server: string;
  foreign: boolean;
  /** Failures after the last pass (more than the reader keeps: its since may be later). */
  failuresSincePass: number;
}

export interface NaiveBucket {
  start: string;
  /** The next bucket's start, by Date's calendar fields. */
  end: string;
  checks: number;
  failures: number;
  byCode: Record<string, number>;
}

export interface NaiveFleet {
  checks: NaiveCheck[];
  owners: (string | null)[];
  unit: 'hour' | 'day' | 'week';
  buckets: NaiveBucket[];
  failingNow: NaiveFailing[];
  foreignLines: number;
  foreignFiles: { path: string; owner: string; devices: string[]; lines: number }[];
}

const isCheck = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1;

/** The checks of the files, in the order read; lines that are not JSON, or times outside the window, left out. */
export function naiveChecks(paths: readonly string[], now = Infinity): NaiveCheck[] {
  const out: NaiveCheck[] = [];
  paths.forEach((path, file) => {
    for (const text of readFileSync(path, 'utf8').split('\n')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (!isCheck(value)) continue;
      const time = Date.parse(value.time as string);
      if (!(time >= Date.parse(FLEET_EARLIEST_TIME) && time <= now + FLEET_FUTURE_SKEW_MS)) continue;
      const fail = value.verdict === 'fail';
      out.push({
        time,
        device: value.device as string,
        fail,
        code: (value.code as string | null) ?? (fail ? 'UNKNOWN' : 'PASS'),
        subnet: value.subnet as string | null,
        server: value.server as string,
        file,
      });
    }
  });
  return out;
}

function floorTo(time: number, unit: 'hour' | 'day' | 'week'): Date {
  const date = new Date(time);
  if (unit === 'hour')
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours()));
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (unit === 'day') return day;
  // Monday: getUTCDay() is 0 on Sunday.
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day;
}

function nextOf(date: Date, unit: 'hour' | 'day' | 'week'): Date {
  const next = new Date(date);
  if (unit === 'hour') next.setUTCHours(next.getUTCHours() + 1);
  else next.setUTCDate(next.getUTCDate() + (unit === 'day' ? 1 : 7));
  return next;
}

function timeline(checks: NaiveCheck[]): { unit: NaiveFleet['unit']; buckets: NaiveBucket[] } {
  if (!checks.length) return { unit: 'hour', buckets: [] };
  const first = Math.min(...checks.map((check) => check.time));
  const last = Math.max(...checks.map((check) => check.time));
  const hours = (last - first) / 3_600_000;
  const unit = hours <= 72 ? 'hour' : hours <= 400 * 24 ? 'day' : 'week';
  const buckets: NaiveBucket[] = [];
  for (let start = floorTo(first, unit); start.getTime() <= last; start = nextOf(start, unit)) {
    const end = nextOf(start, unit).getTime();
    const inside = checks.filter((check) => check.time >= start.getTime() && check.time < end);
    const byCode: Record<string, number> = {};
    for (const check of inside) if (check.fail) byCode[check.code] = (byCode[check.code] ?? 0) + 1;
    buckets.push({
      start: start.toISOString(),
      end: new Date(end).toISOString(),
      checks: inside.length,
      failures: inside.filter((check) => check.fail).length,
      byCode,
    });
  }
  return { unit, buckets };
}

/** Each file's owner: the device named by more than half of its lines. */
function owners(checks: NaiveCheck[], files: number): (string | null)[] {
  return Array.from({ length: files }, (_, file) => {
    const inFile = checks.filter((check) => check.file === file);
    const counts = new Map<string, number>();
    for (const check of inFile) counts.set(check.device, (counts.get(check.device) ?? 0) + 1);
    return [...counts].find(([, n]) => n * 2 > inFile.length)?.[0] ?? null;
  });
}

export interface NaiveQuery {
  code?: string;
  from?: string;
  to?: string;
}

/** The fleet as docs/fleet.md describes it, over `paths` read in this order. */
export function naiveFleet(paths: readonly string[], query: NaiveQuery = {}, now = Infinity): NaiveFleet {
  const checks = naiveChecks(paths, now);
  const fileOwners = owners(checks, paths.length);
  const foreignOf = (check: NaiveCheck) => fileOwners[check.file] !== null && fileOwners[check.file] !== check.device;
  const from = query.from ? Date.parse(query.from) : -Infinity;
  const to = query.to ? Date.parse(query.to) : Infinity;
  const inRange = checks.filter((check) => check.time >= from && check.time < to);
  const failingNow: NaiveFailing[] = [];
  for (const device of [...new Set(checks.map((check) => check.device))]) {
    const ownsAFile = fileOwners.includes(device);
    const mine = inRange.filter(
      (check) => check.device === device && (!ownsAFile || fileOwners[check.file] === device),
    );
    if (!mine.length) continue;
    // Latest: the greatest time; of equal times the one read last (a stable sort keeps the read order).
    const latest = [...mine].sort((a, b) => a.time - b.time).at(-1)!;
    if (!latest.fail || (query.code && latest.code !== query.code)) continue;
    const passes = mine.filter((check) => !check.fail).map((check) => check.time);
    const lastPass = passes.length ? Math.max(...passes) : null;
    const failures = mine
      .filter((check) => check.fail && (lastPass === null || check.time > lastPass))
      .map((check) => check.time);
    failingNow.push({
      device,
      code: latest.code,
      since: new Date(Math.min(...failures)).toISOString(),
      lastPass: lastPass === null ? null : new Date(lastPass).toISOString(),
      latest: new Date(latest.time).toISOString(),
      site: latest.subnet,
      server: latest.server,
      foreign: checks.some((check) => check.device === device && foreignOf(check)),
      failuresSincePass: failures.length,
    });
  }
  failingNow.sort((a, b) => a.since.localeCompare(b.since) || (a.device < b.device ? -1 : 1));
  const foreignFiles = paths.flatMap((path, file) => {
    const foreign = checks.filter((check) => check.file === file && foreignOf(check));
    if (!foreign.length) return [];
    return [
      {
        path,
        owner: fileOwners[file]!,
        devices: [...new Set(foreign.map((check) => check.device))],
        lines: foreign.length,
      },
    ];
  });
  return {
    checks,
    owners: fileOwners,
    ...timeline(checks),
    failingNow,
    foreignLines: checks.filter(foreignOf).length,
    foreignFiles,
  };
}
