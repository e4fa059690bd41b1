// `kerbprobe analyze --fleet DIR|FILES…`: the terminal view of a FleetSummary (or its JSON), and the
// drill-down to one code or one device. Everything shown came from files: it goes out through the CLI's
// neutralising writer.
import {
  FLEET_DIMENSIONS,
  FleetQuerySchema,
  type FleetDimension,
  type FleetGroup,
  type FleetQuery,
  type FleetSummary,
} from '../contract/fleet';
import { analyzeFleet } from '../engine/fleet/analyze-fleet';
import { fleetWorkerBesideBundle } from '../engine/fleet/fleet-workers';
import { UsageError } from '../engine/errors';
import type { CliOut } from './program';

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
  const w = Math.max(8, ...rows.map((g) => g.key.length));
  const out = [
    `${title}:`,
    `  ${'key'.padEnd(w)}  ${'checks'.padStart(8)}  ${'failed'.padStart(8)}  ${'devices'.padStart(8)}  first seen                last seen`,
  ];
  for (const g of rows)
    out.push(
      `  ${g.key.padEnd(w)}  ${String(g.checks).padStart(8)}  ${String(g.failures).padStart(8)}  ${String(g.devices).padStart(8)}  ${g.firstSeen.padEnd(24)}  ${g.lastSeen}`,
    );
  if (groups.length > top) out.push(`  … ${groups.length - top} more (--json lists all)`);
  return out;
}

export function renderFleet(s: FleetSummary): string {
  const out = [
    `fleet: ${s.checks} checks (${s.failures} failed) from ${s.files} files${s.reports ? `, ${s.reports} of them reports` : ''}; ${s.devices}${s.devicesCapped ? '+' : ''} devices, ${s.devicesFailingNow} failing now`,
    `  first seen ${s.firstSeen ?? '-'}, last seen ${s.lastSeen ?? '-'}${s.skipped ? `; ${s.skipped} lines skipped (not KerbProbe history)` : ''}`,
  ];
  for (const u of s.unreadable) out.push(`  unreadable: ${u.path}: ${u.problem}`);
  if (s.drill) {
    const q = [
      s.drill.query.code && `code ${s.drill.query.code}`,
      s.drill.query.device && `device ${s.drill.query.device}`,
    ]
      .filter(Boolean)
      .join(', ');
    out.push(
      '',
      `drill-down (${q}): ${s.drill.matched} checks on ${s.drill.devices.length} devices; newest ${s.drill.entries.length}:`,
    );
    for (const { source, entry: e } of s.drill.entries) {
      out.push(
        `  ${e.time}  ${e.device.padEnd(12)}  ${(e.code ?? 'PASS').padEnd(24)}  ${e.server}:${e.port}  ${e.os}  ${e.subnet ?? '-'}  ${e.failedStep ?? ''}`,
      );
      out.push(`    from ${source}`);
    }
    out.push(`  devices: ${s.drill.devices.join(', ')}`);
  } else {
    for (const d of FLEET_DIMENSIONS) out.push('', ...table(TITLES[d], s.groups[d]));
    out.push('', 'drill down: --code CODE (or PASS) or --device NAME lists the checks, with the file and line of each');
  }
  return out.join('\n') + '\n';
}

export function parseFleetQuery(opts: FleetOpts): FleetQuery | null {
  if (!opts.code && !opts.device) return null;
  const q = FleetQuerySchema.safeParse({
    ...(opts.code ? { code: opts.code.toUpperCase() } : {}),
    ...(opts.device ? { device: opts.device } : {}),
    ...(opts.limit ? { limit: opts.limit } : {}),
  });
  if (!q.success) throw new UsageError('--code must be a KerbProbe diagnosis code (e.g. SPN_UNKNOWN) or PASS');
  return q.data;
}

/** Exit 1 when any device is failing now (as `analyze` exits 1 for a failed check), else 0. */
export async function runFleet(io: CliOut, inputs: string[], opts: FleetOpts): Promise<number> {
  const summary = await analyzeFleet(inputs, parseFleetQuery(opts), { workerScript: fleetWorkerBesideBundle() });
  if (opts.json) io.json(JSON.stringify(summary, null, 2) + '\n');
  else io.stdout(renderFleet(summary));
  return summary.devicesFailingNow > 0 ? 1 : 0;
}
