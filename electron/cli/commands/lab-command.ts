// `kerbprobe lab up | down | scenarios`: the lab as a demo and training world, and the test bed.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { positiveCount } from '../option-parsers';
import type { LabInfo } from '../../lab/lab';

// The lab (PKI, KDC set-up, TDS server launcher) loads only when a lab command runs: `check` starts faster.
const loadLab = () => import('../../lab/lab');

function describe(info: LabInfo): string {
  const lines = [
    `lab '${info.scenario}' is up in ${info.dir} (${info.startupMs} ms)`,
    `  ${info.summary}`,
    `  expected result: ${info.expectedCode ?? 'pass'}`,
    ...info.realms.map(
      (realm) =>
        `  realm ${realm.name} (${realm.role}): KDC ${realm.kdc}${realm.proxyUrl ? `, proxy ${realm.proxyUrl}` : ''}`,
    ),
    `  signed-in user: ${info.user ?? '(nobody)'}`,
    ...(info.relays ?? []).map(
      (relay) => `  relay ${relay.peer}: ${relay.listenHost}:${relay.port}, ${relay.rttMs} ms RTT`,
    ),
    `  SQL: ${info.server},${info.port} -> ${info.address}  SPN ${info.spn}`,
    ...(info.routing ? [`  routing target: ${info.routing.server},${info.routing.port}  SPN ${info.routing.spn}`] : []),
    ...(info.azure
      ? [
          `  Azure emulator (not Azure): ${info.azure.authorityHost}  tenant ${info.azure.tenantId}`,
          `    instance ${info.azure.resourceId}`,
        ]
      : []),
    '  use it from a shell:',
    ...Object.entries(info.env).map(([name, value]) => `    export ${name}='${value}'`),
    `  stop it: kerbprobe lab down --dir '${info.dir}'`,
  ];
  return lines.join('\n') + '\n';
}

export function register(program: Command, { io, action }: CliContext): void {
  const lab = program
    .command('lab')
    .description(
      'A local two-realm Kerberos world (CONTOSO.TEST trusting KERBEROS.MICROSOFTONLINE.COM) with a SQL endpoint, ' +
        'for demos, training and tests.',
    );

  lab
    .command('up')
    .description('start the lab in the background and return when it is ready (writes DIR/lab.json)')
    .requiredOption('--dir <dir>', 'directory for the lab (empty, new, or a stopped lab)')
    .option('--scenario <name>', 'what to reproduce (see `kerbprobe lab scenarios`)', 'healthy')
    .option(
      '--rtt <peer=ms,...>',
      'distance: a delaying relay in front of each peer named (user-kdc, cloud-kdc, kdc-proxy, sql), ' +
        'holding each packet for that round-trip time in milliseconds',
    )
    .option('--json', 'print lab.json instead of a summary')
    .action(
      action(async (opts: { dir: string; scenario: string; rtt?: string; json?: boolean }) => {
        const { startLab } = await loadLab();
        const { parseRttProfile } = await import('../../lab/latency/rtt-profile');
        const rtt = opts.rtt === undefined ? undefined : parseRttProfile(opts.rtt);
        const info = await startLab({ dir: opts.dir, scenario: opts.scenario, ...(rtt ? { rtt } : {}) });
        if (opts.json) io.json(JSON.stringify(info, null, 2) + '\n');
        else io.stdout(describe(info));
        return 0;
      }),
    );

  lab
    .command('down')
    .description('stop every process the lab in DIR started (idempotent)')
    .requiredOption('--dir <dir>', 'the lab directory')
    .action(
      action(async (opts: { dir: string }) => {
        const { stopLab } = await loadLab();
        await stopLab(opts.dir);
        io.stdout(`lab in ${opts.dir} is down\n`);
        return 0;
      }),
    );

  lab
    .command('fleet-sample')
    .description(
      'run every scenario once (real KDCs, real TDS server) and write a fleet of history from their reports: ' +
        'DIR/devices/*.jsonl, DIR/reports/*.json',
    )
    .requiredOption('--out <dir>', 'directory to write the sample to')
    .option('--lines <n>', 'checks in all', positiveCount('--lines'), 20_000)
    .option('--devices <n>', 'devices the checks are spread over', positiveCount('--devices'), 400)
    .option('--days <n>', 'days the checks are spread over (ending at the lab run)', positiveCount('--days'), 14)
    .option('--seed <n>', 'the same seed gives the same sample', positiveCount('--seed'), 1)
    .action(
      action(async (opts: { out: string; lines: number; devices: number; days: number; seed: number }) => {
        const { captureScenarioReports } = await import('../../lab/capture-reports');
        const { writeFleetSample } = await import('../../lab/fleet-sample');
        const reports = await captureScenarioReports();
        const first = Math.min(...reports.map((captured) => Date.parse(captured.report.startedAt)));
        const sample = writeFleetSample(opts.out, reports, {
          ...opts,
          start: new Date(first - opts.days * 86_400_000),
        });
        io.stdout(
          `fleet sample: ${sample.lines} checks on ${sample.files} devices from ${reports.length} lab reports ` +
            `in ${opts.out}\n`,
        );
        return 0;
      }),
    );

  lab
    .command('scenarios')
    .description('list the scenarios, one line each')
    .option('--json', 'print them as JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const { listScenarios } = await loadLab();
        const all = listScenarios();
        if (opts.json) {
          io.json(JSON.stringify(all, null, 2) + '\n');
          return 0;
        }
        const width = Math.max(...all.map((scenario) => scenario.name.length));
        for (const scenario of all)
          io.stdout(
            `${scenario.name.padEnd(width)}  ${(scenario.expectedCode ?? 'pass').padEnd(22)}  ${scenario.summary}\n`,
          );
        return 0;
      }),
    );
}
