// `kerbprobe analyze --fleet`: the terminal view of a FleetSummary (or its JSON), and the drill-down to one
// code or one device. Everything shown came from files: it goes out through the CLI's neutralising writer.
import {
  FLEET_EARLIEST_TIME,
  FLEET_DIMENSIONS,
  FleetQuerySchema,
  type FleetDimension,
  type FleetGroup,
  type FleetQuery,
  type FleetSummary,
} from '../contract/fleet';
import { UsageError } from '../engine/errors';
import type { LocalEngineApi } from '../engine/api/engine-api';
import type { CliOut } from './cli-context';

export interface FleetOpts {
  json?: boolean;
  code?: string;
  device?: string;
  limit?: number;
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
  const asked = [drill.query.code && `code ${drill.query.code}`, drill.query.device && `device ${drill.query.device}`]
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

export function renderFleet(summary: FleetSummary): string {
  const out = headline(summary);
  for (const unreadable of summary.unreadable) out.push(`  unreadable: ${unreadable.path}: ${unreadable.problem}`);
  if (summary.drill) out.push(...drillDown(summary.drill));
  else {
    for (const dimension of FLEET_DIMENSIONS) out.push('', ...table(TITLES[dimension], summary.groups[dimension]));
    out.push('', 'drill down: --code CODE (or PASS) or --device NAME lists the checks, with the file and line of each');
  }
  return out.join('\n') + '\n';
}

export function parseFleetQuery(opts: FleetOpts): FleetQuery | null {
  if (!opts.code && !opts.device) return null;
  const query = FleetQuerySchema.safeParse({
    ...(opts.code ? { code: opts.code.toUpperCase() } : {}),
    ...(opts.device ? { device: opts.device } : {}),
    ...(opts.limit ? { limit: opts.limit } : {}),
  });
  if (!query.success) throw new UsageError('--code must be a KerbProbe diagnosis code (e.g. SPN_UNKNOWN) or PASS');
  return query.data;
}

/** Exit 1 when any device is failing now (as `analyze` exits 1 for a failed check), else 0. */
export async function runFleet(io: CliOut, engine: LocalEngineApi, inputs: string[], opts: FleetOpts): Promise<number> {
  const summary = await engine.analyzeFleet(inputs, parseFleetQuery(opts));
  if (opts.json) io.json(JSON.stringify(summary, null, 2) + '\n');
  else io.stdout(renderFleet(summary));
  return summary.devicesFailingNow > 0 ? 1 : 0;
}
