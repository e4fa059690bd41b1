// No secret leaves KerbProbe. For each lab scenario: run `kerbprobe check` (JSON and human output, with
// an HTML, Markdown and JSON report), `kerbprobe collect` (the helpdesk's bundle, the check inside it) and
// `kerbprobe tickets --json` as a user would, then read the session
// keys and ticket bytes from the lab's ccache (which by then holds the TGT, the referral and the service
// ticket) and the lab's passwords, and scan stdout, stderr, the reports and every lab log for them.
// No name survives redaction either: the user's krb5.conf and ticket cache sit under a home folder with
// spaces (`/home/john smith/Kerb Conf/`), and a redacted check (human output, a report, its history line with
// the config's historyRedact) and a redacted collection are scanned for realistic identities
// (./secrets/identities.ts) and the lab's own names — on the test bench (the MIT tools) and on the Windows
// path (the lab's Windows client, its tools answering with the identities in them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listScenarios, type LabInfo } from '../../electron/lab/lab';
import { runKerbprobe } from '../cli/run-kerbprobe';
import { startTestLab } from '../lab/lab-helpers';
import { readRawCcache } from './secrets/raw-ccache';
import { SecretScanner, WINDOW, type Finding, type Secret } from './secrets/secret-scan';
import { recordReliability } from './reliability-results';
import { IDENTITY_LEAKS } from './secrets/identities';
import { CLOUD_REALM } from '../../electron/contract/azure';
import { collectBundle } from '../../electron/engine/api/collect-bundle';
import { runCheck } from '../../electron/engine/check/run-check';
import { createRealDeps } from '../../electron/engine/check/real-deps';
import { renderHtml } from '../../electron/engine/report/render-html';
import { renderMarkdown } from '../../electron/engine/report/render-markdown';
import { labWindows } from '../../electron/lab/windows/tools';
import { withIdentities } from './secrets/identities';
import { labAzureTokens, tokenShapes } from './secrets/azure-tokens';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCENARIOS = listScenarios();
/** Scenarios in which the check must obtain a service ticket: the ccache then holds more than the TGT. */
const SERVICE_TICKET = new Set([
  'healthy',
  'modern-flow',
  'kdc-proxy',
  'redirect',
  'service-key-stale',
  'login-not-mapped',
]);

interface Output {
  name: string;
  text: string;
}

function logsUnder(dir: string): Output[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => ({ name: `log ${f}`, text: readFileSync(join(dir, f), 'latin1') }));
}

function labSecrets(info: LabInfo, ccacheName: string): { secrets: Secret[]; credentials: string[] } {
  const ccache = ccacheName.replace(/^FILE:/, '');
  const raw = existsSync(ccache) ? readRawCcache(readFileSync(ccache)) : { credentials: [] };
  const secrets: Secret[] = [];
  const credentials: string[] = [];
  for (const c of raw.credentials) {
    if (c.server.startsWith('krb5_ccache_conf_data/')) continue; // client-side settings, not secrets
    credentials.push(c.server);
    secrets.push(
      { label: `session key of ${c.server}`, bytes: c.key },
      { label: `ticket for ${c.server}`, bytes: c.ticket },
    );
    if (c.secondTicket.length) secrets.push({ label: `second ticket of ${c.server}`, bytes: c.secondTicket });
  }
  const pw = JSON.parse(readFileSync(join(info.dir, 'lab-secrets.json'), 'utf8')) as {
    users: Record<string, string>;
    trust: { onprem: string; cloud: string };
    azure?: { clientSecret: string };
  };
  for (const [user, p] of Object.entries(pw.users)) secrets.push({ label: `password of ${user}`, text: p });
  secrets.push(
    { label: 'trust password (on-prem side)', text: pw.trust.onprem },
    { label: 'trust password (cloud side)', text: pw.trust.cloud },
  );
  if (pw.azure) secrets.push({ label: "the lab app's client secret (Azure emulator)", text: pw.azure.clientSecret });
  return { secrets, credentials };
}

const base = mkdtempSync(join(tmpdir(), 'kerbprobe-secrets-'));
const scanned: {
  scenario: string;
  credentials: string[];
  secrets: number;
  needles: number;
  outputs: number;
  bytesScanned: number;
  findings: number;
}[] = [];
after(() => {
  rmSync(base, { recursive: true, force: true });
  if (scanned.length === SCENARIOS.length) recordReliability('noSecrets', { scenarios: scanned });
});

test('the scanner finds a planted key in every form it claims to catch, and nothing in clean text', () => {
  const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
  const ticket = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 73 + 11) & 0xff));
  const s = new SecretScanner([
    { label: 'k', bytes: key },
    { label: 't', bytes: ticket },
    { label: 'p', text: 'LabPassw0rdXYZ' },
  ]);
  const dumps = [
    key.toString('hex'),
    key.toString('hex').toUpperCase(),
    key.toString('hex').match(/../g)!.join(' '),
    key.toString('base64'),
    `x${ticket.subarray(37, 37 + WINDOW + 2).toString('base64')}x`,
    `"${ticket.subarray(5, 60).toString('hex')}"`,
    'user typed LabPassw0rdXYZ here',
  ];
  for (const d of dumps) assert.ok(s.scan('planted', d).length > 0, `missed ${d}`);
  assert.deepEqual(
    s.scan('clean', readFileSync(join(root, 'README.md'), 'utf8') + ticket.subarray(0, WINDOW - 1).toString('base64')),
    [],
  );
});

/** The user's krb5.conf and ticket cache under a home folder with spaces (copies of the lab's: the same realm). */
function homeWithSpaces(info: LabInfo, dir: string): LabInfo['env'] {
  const home = join(dir, 'home', 'john smith', 'Kerb Conf');
  mkdirSync(home, { recursive: true });
  const config = join(home, 'krb5.conf');
  copyFileSync(info.env.KRB5_CONFIG, config);
  const cache = join(home, 'cc ache');
  const labCache = info.env.KRB5CCNAME.replace(/^FILE:/, '');
  if (existsSync(labCache)) copyFileSync(labCache, cache);
  return { ...info.env, KRB5_CONFIG: config, KRB5CCNAME: `FILE:${cache}` };
}

/** What redaction must remove: the identities, the home folder's names, and the lab's own names. */
function namesOf(info: LabInfo): string[] {
  const [instance = '', zone = ''] = info.server.split('.');
  return [
    ...IDENTITY_LEAKS,
    'Kerb Conf',
    'cc ache',
    instance,
    zone,
    ...info.realms.map((r) => r.name).filter((name) => name.toUpperCase() !== CLOUD_REALM),
    ...info.users.map((u) => u.principal.split('@')[0] ?? ''),
  ].filter((name) => name.length >= 4);
}

const leaksOf = (names: readonly string[], outputs: readonly Output[]): string[] =>
  outputs.flatMap((o) =>
    names.filter((n) => o.text.toLowerCase().includes(n.toLowerCase())).map((n) => `${n} in ${o.name}`),
  );

/** Every history field a deployment can leave out (contract/history.ts). */
const ALL_HISTORY_FIELDS = ['user', 'device', 'server', 'address', 'kdc', 'subnet'];

/**
 * The Windows path: `collect --redact` as the app runs it on a Windows client of the lab, whose tools answer
 * with the identities in them (the check inside it too).
 */
async function windowsCollection(info: LabInfo, env: LabInfo['env']): Promise<Output[]> {
  const view = await labWindows({ ...info, env });
  try {
    const os = { ...view.os, runTool: withIdentities(view.os.runTool) };
    const input = { server: info.server, port: info.port, address: info.address, caFile: info.caFile };
    const bundle = await collectBundle({
      platform: 'win32',
      runTool: os.runTool,
      now: () => new Date(),
      target: { server: info.server, port: info.port },
      redact: true,
      timeoutMs: 5000,
      runCheck: () => runCheck({ ...input, timeoutSeconds: 5 }, createRealDeps({ env, os })),
    });
    return [
      { name: 'windows bundle', text: JSON.stringify(bundle) },
      ...(bundle.check
        ? [
            { name: 'windows report (md)', text: renderMarkdown(bundle.check) },
            { name: 'windows report (html)', text: renderHtml(bundle.check) },
          ]
        : []),
    ];
  } finally {
    await view.close();
  }
}

for (const { name: scenario, tgt } of SCENARIOS) {
  test(`${scenario}: no key, ticket byte or password in check/tickets output, reports or lab logs`, async () => {
    const out = join(base, scenario, 'out');
    mkdirSync(out, { recursive: true });
    const lab = await startTestLab(scenario);
    const { info } = lab;
    const env = homeWithSpaces(info, join(base, scenario));
    const kerbprobe = (args: string[], extra: Record<string, string> = {}) =>
      runKerbprobe(args, { env: { ...env, ...extra } });
    try {
      const target = [
        'check',
        '--server',
        info.server,
        '--port',
        String(info.port),
        '--address',
        info.address,
        '--ca',
        info.caFile,
      ];
      // The three checks run side by side (as three users' windows could): the blackhole scenarios wait
      // out their budgets once instead of three times. `tickets` runs after them, on the filled ccache.
      const configFile = join(out, 'config.json');
      const instance = { server: info.server, port: info.port, address: info.address, caFile: info.caFile };
      writeFileSync(
        configFile,
        JSON.stringify({ version: 1, instances: [instance], historyRedact: ALL_HISTORY_FIELDS }),
      );
      const redactedHistory = join(out, 'history-redacted.jsonl');
      const [collect, redactedCollect, redactedCheck, configCheck, windows, ...checks] = await Promise.all([
        kerbprobe(['collect', ...target.slice(1), '--timeout', '5', '--out', join(out, 'bundle.json')]),
        kerbprobe(['collect', ...target.slice(1), '--timeout', '5', '--redact', '--out', join(out, 'bundle-red.json')]),
        kerbprobe([...target, '--redact', '--report', join(out, 'r-red.html')], { KERBPROBE_HISTORY: redactedHistory }),
        kerbprobe(['check', '--config', configFile, '--redact', '--json'], { KERBPROBE_HISTORY: redactedHistory }),
        windowsCollection(info, env),
        kerbprobe([...target, '--json', '--report', join(out, 'r.html')]),
        kerbprobe([...target, '--report', join(out, 'r.md')]),
        kerbprobe([...target, '--json', '--report', join(out, 'r.json')]),
      ]);
      assert.equal(redactedCollect.code, 0, `collect --redact: ${redactedCollect.stderr}`);
      assert.equal(collect?.code, 0, `collect: ${collect?.stderr}`);
      const tickets = await kerbprobe(['tickets', '--json', '--spn', info.spn]);
      const runs = [...checks, tickets, collect, redactedCollect, redactedCheck, configCheck];
      const expectedExit = info.expectedCode ? 1 : 0;
      checks.forEach((r, i) => assert.equal(r.code, expectedExit, `check run ${i + 1}: ${r.stderr}`));
      if (tgt === 'absent') {
        // Nobody signed in: tickets refuses with its typed error (exit 2), and there is no ccache to read.
        assert.match(tickets.stderr, /\[CCACHE_NOT_FOUND\]/);
      } else {
        // tickets: 0 when the chain reaches the SPN, 1 when it shows a broken hop (no service ticket yet).
        assert.ok([0, 1].includes(tickets.code), `tickets exit ${tickets.code}: ${tickets.stderr}`);
        assert.ok(
          Array.isArray((JSON.parse(tickets.stdout) as { tickets?: unknown }).tickets),
          'tickets --json prints the tickets',
        );
      }

      // The Azure emulator's tokens, issued now to the real client library (before the lab logs are read): they
      // must not be in any output or lab log either, and nothing may have the shape of one.
      const azureTokens = await labAzureTokens(info);
      const outputs: Output[] = [
        ...runs.flatMap((r, i) => [
          { name: `run ${i + 1} stdout`, text: r.stdout },
          { name: `run ${i + 1} stderr`, text: r.stderr },
        ]),
        ...['r.html', 'r.md', 'r.json', 'bundle.json'].map((f) => ({
          name: f,
          text: readFileSync(join(out, f), 'utf8'),
        })),
        ...logsUnder(info.dir),
      ];
      const { secrets, credentials } = labSecrets(info, env.KRB5CCNAME);
      // The scan must have something to find: the TGT always, the referral and service ticket when the check
      // got that far.
      if (tgt !== 'absent')
        assert.ok(
          credentials.some((c) => c.startsWith('krbtgt/')),
          `no TGT in the ccache: ${credentials.join(', ')}`,
        );
      if (SERVICE_TICKET.has(scenario))
        assert.ok(
          credentials.some((c) => c.startsWith('MSSQLSvc/')),
          `no service ticket in the ccache: ${credentials.join(', ')}`,
        );
      assert.ok(
        outputs.some((o) => o.name.startsWith('log ')),
        'lab logs were collected',
      );

      secrets.push(...azureTokens);
      const scanner = new SecretScanner(secrets);
      const findings: Finding[] = outputs.flatMap((o) => [
        ...scanner.scan(o.name, o.text),
        ...tokenShapes(o.name, o.text),
      ]);
      scanned.push({
        scenario,
        credentials,
        secrets: secrets.length,
        needles: scanner.needleCount,
        outputs: outputs.length,
        bytesScanned: outputs.reduce((a, o) => a + o.text.length, 0),
        findings: findings.length,
      });
      assert.deepEqual(findings, [], 'secrets found in outputs');

      // No name survives redaction: the CLI's human output and report, the config run's JSON and history line,
      // the test bench's bundle and the Windows path's bundle and report.
      const redacted: Output[] = [
        ...[redactedCheck, configCheck, redactedCollect].flatMap((r, i) => [
          { name: `redacted run ${i + 1} stdout`, text: r.stdout },
          { name: `redacted run ${i + 1} stderr`, text: r.stderr },
        ]),
        ...['r-red.html', 'bundle-red.json'].map((f) => ({ name: f, text: readFileSync(join(out, f), 'utf8') })),
        ...windows,
      ];
      const history = readFileSync(redactedHistory, 'utf8').trim().split('\n');
      assert.equal(history.length, 2, 'each redacted check wrote its history line');
      const configLine = history.find((l) => l.includes('"server":"redacted"'));
      assert.ok(configLine, `the config's line leaves out what it chose: ${history.join('\n')}`);
      const names = namesOf(info);
      assert.deepEqual(leaksOf(names, redacted), [], 'names survived redaction');
      assert.deepEqual(
        leaksOf([...names, info.server, info.address, hostname()], [{ name: 'history line', text: configLine }]),
        [],
      );
      assert.ok(
        leaksOf(['Kerb Conf'], [{ name: 'bundle', text: readFileSync(join(out, 'bundle.json'), 'utf8') }]).length,
        'the unredacted bundle names the home folder (the scan had something to find)',
      );
    } finally {
      await lab.stop();
    }
  });
}
