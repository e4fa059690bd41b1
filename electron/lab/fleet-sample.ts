// A fleet's worth of history from the lab: real CheckReports (one per scenario, from capture-reports.ts)
// replayed across many devices, users, sites, OS builds and days. Only who, where and when vary, from a seed
// (the same seed gives the same lines), and the instance and KDC names the lab picked per run become the
// fleet's; what each check found (verdict, code, flow, steps) is a real report's. Failures are not spread
// evenly: each site has its own mix, and one site "breaks" part-way through, as a wave of tickets does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEntry } from '../contract/history';
import type { CheckReport } from '../contract/report';
import { historyEntry } from '../engine/history/history-entry';

export interface FleetSampleOptions {
  seed: number;
  lines: number;
  devices: number;
  /** The first check's time; the checks spread over `days` from it. */
  start: Date;
  days: number;
}

/** mulberry32: small, fast and the same everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SITES = [
  '10.10.1.0/24',
  '10.10.2.0/24',
  '10.20.5.0/24',
  '10.20.6.0/24',
  '10.30.0.0/24',
  '172.16.4.0/24',
  '192.168.50.0/24',
  '10.40.8.0/24',
];
// Windows 10 22H2, Windows 11 22H2/23H2/24H2 build numbers, as os.release() gives them on Windows.
const OS_BUILDS = ['win32 10.0.19045', 'win32 10.0.22621', 'win32 10.0.22631', 'win32 10.0.26100'];
const FIRST_NAMES = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yvonne',
];

/** The instance the sample's fleet checks (the lab's instance names change with every lab run). */
export const FLEET_INSTANCE = 'sqlmi1.contoso-fleet.database.windows.net';

interface Device {
  name: string;
  user: string;
  site: number;
  os: string;
}

/** The sample's lines, oldest first. `reports` are real lab reports; the passing ones stand for healthy checks. */
export function* fleetSampleLines(reports: readonly CheckReport[], opts: FleetSampleOptions): Generator<HistoryEntry> {
  const rand = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const passing = reports.filter((r) => r.verdict === 'pass');
  const failing = reports.filter((r) => r.verdict === 'fail');
  if (!passing.length || !failing.length) throw new Error('the fleet sample needs passing and failing lab reports');
  const devices: Device[] = Array.from({ length: opts.devices }, (_, index) => ({
    name: `PC-${String(index + 1).padStart(5, '0')}`,
    user: `${pick(FIRST_NAMES)}${index + 1}@CONTOSO.TEST`,
    site: Math.floor(rand() * SITES.length),
    os: pick(OS_BUILDS),
  }));
  // Each site leans towards a few failures of its own; site 2 starts failing with KDC_UNREACHABLE-type
  // reports from 60% of the span on (a DC taken down, a firewall change).
  const siteMix = SITES.map(() => [pick(failing), pick(failing), pick(failing)]);
  const waveReports = failing.filter((r) => r.diagnosis?.code === 'KDC_UNREACHABLE');
  const span = opts.days * 86_400_000;
  const t0 = opts.start.getTime();
  for (let line = 0; line < opts.lines; line++) {
    const time = t0 + Math.floor((line / opts.lines) * span + rand() * 1000);
    const sampleDevice = pick(devices);
    const inWave = sampleDevice.site === 2 && time - t0 > span * 0.6 && waveReports.length > 0;
    const failRate = inWave ? 0.7 : 0.08 + sampleDevice.site * 0.01;
    const report =
      rand() >= failRate
        ? pick(passing)
        : inWave
          ? pick(waveReports)
          : rand() < 0.7
            ? pick(siteMix[sampleDevice.site]!)
            : pick(failing);
    const entry = historyEntry(report, {
      device: sampleDevice.name,
      account: null,
      subnet: SITES[sampleDevice.site]!,
      os: sampleDevice.os,
    });
    // Where, not what: the lab's per-run instance name and loopback KDC ports become the fleet's instance and
    // each site's own domain controller (or the organisation's KDC proxy), as a real fleet's lines name them.
    const kdc =
      entry.kdc === null
        ? null
        : entry.kdc.startsWith('https:')
          ? 'https://kdcproxy.contoso.test/KdcProxy'
          : `dc${sampleDevice.site + 1}.contoso.test:88`;
    yield {
      ...entry,
      time: new Date(time).toISOString(),
      user: sampleDevice.user,
      server: FLEET_INSTANCE,
      port: 1433,
      address: null,
      kdc,
    };
  }
}

/**
 * Writes the sample as a log shipper would collect it: one history file per device under DIR/devices/,
 * plus the lab reports it was made from under DIR/reports/ (for drill-down to a report). Returns the counts.
 */
export function writeFleetSample(
  dir: string,
  reports: readonly { scenario: string; report: CheckReport }[],
  opts: FleetSampleOptions,
): { files: number; lines: number } {
  const perDevice = new Map<string, string[]>();
  for (const entry of fleetSampleLines(
    reports.map((r) => r.report),
    opts,
  )) {
    let lines = perDevice.get(entry.device);
    if (!lines) perDevice.set(entry.device, (lines = []));
    lines.push(JSON.stringify(entry));
  }
  mkdirSync(join(dir, 'devices'), { recursive: true });
  mkdirSync(join(dir, 'reports'), { recursive: true });
  for (const [device, lines] of perDevice)
    writeFileSync(join(dir, 'devices', `${device}.jsonl`), lines.join('\n') + '\n');
  for (const captured of reports)
    writeFileSync(join(dir, 'reports', `${captured.scenario}.json`), JSON.stringify(captured.report, null, 2) + '\n');
  return { files: perDevice.size, lines: opts.lines };
}
