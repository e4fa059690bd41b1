// `kerbprobe analyze --fleet`: the terminal view of a FleetSummary (or its JSON), and the drill-down to one
// code or one device. Everything shown came from files: it goes out through the CLI's neutralising writer.
// The order is what a helpdesk lead opens it for: who is failing now and since when, then failures over
// time, then the groupings. Times "ago" are counted from the analysis clock (`--at`, else the CLI's clock).
import {
  FLEET_EARLIEST_TIME,
  FLEET_DIMENSIONS,
  FleetQuerySchema,
  type FleetBucket,
  type FleetDimension,
  type FleetFailingDevice,
  type FleetGroup,
  type FleetQuery,
  type FleetSummary,
} from '../contract/fleet';
import { formatAgo } from '../contract/format';
import { UsageError } from '../engine/errors';
import type { LocalEngineApi } from '../engine/api/engine-api';
import type { CliOut } from './cli-context';

export interface FleetOpts {
  json?: boolean;
  code?: string;
  device?: string;
  limit?: number;
  /** Only the checks in [from, to) (ISO 8601). */
  from?: Date;
  to?: Date;
  /** The analysis clock "ago" is counted from (analyze's `--at`). */
  at?: Date;
}

/** Devices the failing-now list prints (the JSON has them all, up to FLEET_MAX_FAILING_NOW). */
const FAILING_SHOWN = 20;
/** Buckets the timeline prints: the latest ones. */
const BUCKETS_SHOWN = 14;
/** Width of the longest bar, in characters. */
const BAR_WIDTH = 24;
/** Foreign files listed. */
const FOREIGN_SHOWN = 5;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** `2026-12-01 08:29` (UTC: the headings say so). */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function failingNow(summary: FleetSummary, now: Date): string[] {
  const list = summary.failingNow;
  if (!summary.devicesFailingNow) return ['', 'failing now: no device'];
  const rows = list.slice(0, FAILING_SHOWN);
  const deviceWidth = Math.max(6, ...rows.map((device) => device.device.length + (device.foreign ? 2 : 0)));
  const codeWidth = Math.max(4, ...rows.map((device) => device.code.length));
  const since = (device: FleetFailingDevice) =>
    `${device.sinceExact ? '' : 'at least '}since ${utc(device.since)} (${formatAgo(device.since, now)})`;
  const sinceWidth = Math.max(...rows.map((device) => since(device).length));
  const out = [
    '',
    `failing now: ${summary.devicesFailingNow} of ${summary.devices} devices, longest failing first (UTC)`,
  ];
  for (const entry of rows) {
    const name = entry.foreign ? `${entry.device} *` : entry.device;
    const lastPass = entry.lastPass ? `last pass ${utc(entry.lastPass)}` : 'never passed';
    out.push(
      `  ${name.padEnd(deviceWidth)}  ${entry.code.padEnd(codeWidth)}  ${since(entry).padEnd(sinceWidth)}  ` +
        `${lastPass.padEnd(26)}  site ${entry.site ?? '-'}`,
    );
    const title = summary.titles[entry.code];
    if (title) out.push(`  ${''.padEnd(deviceWidth)}  ${title}`);
  }
  const more = summary.devicesFailingNow - rows.length;
  if (more > 0)
    out.push(`  … ${more} more (--json lists ${list.length === summary.devicesFailingNow ? 'all' : list.length})`);
  if (rows.some((device) => device.foreign))
    out.push("  * lines naming this device were found in another device's file (below)");
  return out;
}

/** A bar of `value` out of `max`, in eighths of a character. */
function bar(value: number, max: number): string {
  if (!value || !max) return '';
  const eighths = Math.max(1, Math.round((value / max) * BAR_WIDTH * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

const UNIT_WORDS = { hour: 'hour', day: 'day', week: 'week' } as const;

function bucketLabel(bucket: FleetBucket, unit: FleetSummary['timeline']['unit']): string {
  if (unit === 'hour') return utc(bucket.start);
  return unit === 'day' ? bucket.start.slice(0, 10) : `week of ${bucket.start.slice(0, 10)}`;
}

function timeline(summary: FleetSummary): string[] {
  const { unit, buckets } = summary.timeline;
  if (!buckets.length) return [];
  const shown = buckets.slice(-BUCKETS_SHOWN);
  const max = Math.max(...shown.map((bucket) => bucket.failures));
  const labelWidth = Math.max(...shown.map((bucket) => bucketLabel(bucket, unit).length));
  const failedWidth = Math.max(6, ...shown.map((bucket) => String(bucket.failures).length));
  const checksWidth = Math.max(6, ...shown.map((bucket) => String(bucket.checks).length));
  const span = `${shown.length < buckets.length ? `the last ${shown.length} of ` : ''}${buckets.length} ${unit}s`;
  const out = [
    '',
    `failures per ${UNIT_WORDS[unit]} (${span}, UTC; every check, whatever the query):`,
    `  ${''.padEnd(labelWidth)}  ${''.padEnd(BAR_WIDTH)}  ${'failed'.padStart(failedWidth)}  ` +
      `${'checks'.padStart(checksWidth)}  top codes`,
  ];
  for (const bucket of shown) {
    const top = bucket.byCode
      .slice(0, 3)
      .map((entry) => `${entry.code} ${entry.failures}`)
      .join(', ');
    const rest = bucket.byCode.length > 3 ? ` +${bucket.byCode.length - 3} more` : '';
    const counts = `${String(bucket.failures).padStart(failedWidth)}  ${String(bucket.checks).padStart(checksWidth)}`;
    const line = `  ${bucketLabel(bucket, unit).padEnd(labelWidth)}  ${bar(bucket.failures, max).padEnd(BAR_WIDTH)}  `;
    out.push(`${line}${counts}  ${top}${rest}`.trimEnd());
  }
  if (summary.timeline.earlier)
    out.push(`  (${summary.timeline.earlier} checks before the first ${unit} shown in --json)`);
  return out;
}

const lineCount = (n: number) => `${n} line${n === 1 ? '' : 's'}`;

function foreign(summary: FleetSummary): string[] {
  const { lines, devices, files } = summary.foreign;
  if (!lines) return [];
  const out = [
    '',
    `lines naming another device than their file's owner: ${lineCount(lines)} naming ${devices} device` +
      `${devices === 1 ? '' : 's'} ` +
      '(counted as checks; never the failing-now state of a device with a file of its own):',
  ];
  for (const file of files.slice(0, FOREIGN_SHOWN))
    out.push(`  ${file.path} (owner ${file.owner}): ${lineCount(file.lines)} naming ${file.devices.join(', ')}`);
  if (files.length > FOREIGN_SHOWN) out.push(`  … ${files.length - FOREIGN_SHOWN} more files (--json lists them)`);
  return out;
}

const TITLES: Record<FleetDimension, string> = {
  code: 'by code',
  os: 'by OS build',
  flow: 'by Kerberos flow',
  subnet: 'by site (client subnet)',
  kdc: 'by site (KDC reached)',
  server: 'by instance',
};

function table(title: string, groups: FleetGroup[], top = 15): string[] {
  const rows = groups.slice(0, top);
  const width = Math.max(8, ...rows.map((group) => group.key.length));
  const counts = (checks: string, failed: string, devices: string) =>
    `${checks.padStart(8)}  ${failed.padStart(8)}  ${devices.padStart(8)}`;
  const out = [
    `${title}:`,
    `  ${'key'.padEnd(width)}  ${counts('checks', 'failed', 'devices')}  first seen                last seen`,
  ];
  for (const group of rows) {
    const numbers = counts(String(group.checks), String(group.failures), String(group.devices));
    out.push(`  ${group.key.padEnd(width)}  ${numbers}  ${group.firstSeen.padEnd(24)}  ${group.lastSeen}`);
  }
  if (groups.length > top) out.push(`  … ${groups.length - top} more (--json lists all)`);
  return out;
}

function headline(summary: FleetSummary): string[] {
  const reports = summary.reports ? `, ${summary.reports} of them reports` : '';
  const devices = `${summary.devices}${summary.devicesCapped ? '+' : ''} devices`;
  const skipped =
    (summary.skipped ? `; ${summary.skipped} lines skipped (not KerbProbe history)` : '') +
    (summary.outOfRange
      ? `; ${summary.outOfRange} checks refused for their time (before ${FLEET_EARLIEST_TIME.slice(0, 10)} or more ` +
        'than a day ahead of this clock)'
      : '');
  return [
    `fleet: ${summary.checks} checks (${summary.failures} failed) from ${summary.files} files${reports}; ` +
      `${devices}, ${summary.devicesFailingNow} failing now`,
    `  first seen ${summary.firstSeen ?? '-'}, last seen ${summary.lastSeen ?? '-'}${skipped}`,
  ];
}

function drillDown(drill: NonNullable<FleetSummary['drill']>): string[] {
  const asked = [
    drill.query.code && `code ${drill.query.code}`,
    drill.query.device && `device ${drill.query.device}`,
    drill.query.from && `from ${drill.query.from}`,
    drill.query.to && `to ${drill.query.to}`,
  ]
    .filter(Boolean)
    .join(', ');
  const out = [
    '',
    `drill-down (${asked}): ${drill.matched} checks on ${drill.devices.length} devices; ` +
      `newest ${drill.entries.length}:`,
  ];
  for (const { source, entry } of drill.entries) {
    const code = (entry.code ?? 'PASS').padEnd(24);
    const where = `${entry.server}:${entry.port}  ${entry.os}  ${entry.subnet ?? '-'}`;
    out.push(`  ${entry.time}  ${entry.device.padEnd(12)}  ${code}  ${where}  ${entry.failedStep ?? ''}`);
    out.push(`    from ${source}`);
  }
  out.push(`  devices: ${drill.devices.join(', ')}`);
  return out;
}

export function renderFleet(summary: FleetSummary, now: Date): string {
  const out = headline(summary);
  for (const unreadable of summary.unreadable) out.push(`  unreadable: ${unreadable.path}: ${unreadable.problem}`);
  out.push(...failingNow(summary, now), ...timeline(summary), ...foreign(summary));
  if (summary.drill) out.push(...drillDown(summary.drill));
  else {
    for (const dimension of FLEET_DIMENSIONS) out.push('', ...table(TITLES[dimension], summary.groups[dimension]));
    out.push(
      '',
      'drill down: --code CODE (or PASS), --device NAME or --from/--to TIME lists the checks, with the file and ' +
        'line of each (--code, --from and --to also narrow the counts and the failing-now list)',
    );
  }
  return out.join('\n') + '\n';
}

export function parseFleetQuery(opts: FleetOpts): FleetQuery | null {
  if (!opts.code && !opts.device && !opts.from && !opts.to) return null;
  const query = FleetQuerySchema.safeParse({
    ...(opts.code ? { code: opts.code.toUpperCase() } : {}),
    ...(opts.device ? { device: opts.device } : {}),
    ...(opts.from ? { from: opts.from.toISOString() } : {}),
    ...(opts.to ? { to: opts.to.toISOString() } : {}),
    ...(opts.limit ? { limit: opts.limit } : {}),
  });
  if (!query.success) throw new UsageError('--code must be a KerbProbe diagnosis code (e.g. SPN_UNKNOWN) or PASS');
  return query.data;
}

/** Exit 1 when any device is failing now (as `analyze` exits 1 for a failed check), else 0. */
export async function runFleet(io: CliOut, engine: LocalEngineApi, inputs: string[], opts: FleetOpts): Promise<number> {
  const summary = await engine.analyzeFleet(inputs, parseFleetQuery(opts));
  if (opts.json) io.json(JSON.stringify(summary, null, 2) + '\n');
  else io.stdout(renderFleet(summary, opts.at ?? io.now()));
  return summary.devicesFailingNow > 0 ? 1 : 0;
}
