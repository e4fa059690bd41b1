// No secret leaves KerbProbe. For each lab scenario: run `kerbprobe check` (JSON and human output, with
// an HTML, Markdown and JSON report), `kerbprobe collect` (the helpdesk's bundle, the check inside it) and
// `kerbprobe tickets --json` as a user would, then read the session
// keys and ticket bytes from the lab's ccache (which by then holds the TGT, the referral and the service
// ticket) and the lab's passwords, and scan stdout, stderr, the reports and every lab log for them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listScenarios, type LabInfo } from '../../electron/lab/lab';
import { runKerbprobe } from '../cli/run-kerbprobe';
import { startTestLab } from '../lab/lab-helpers';
import { readRawCcache } from './secrets/raw-ccache';
import { SecretScanner, WINDOW, type Finding, type Secret } from './secrets/secret-scan';
import { recordReliability } from './reliability-results';

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

function labSecrets(info: LabInfo): { secrets: Secret[]; credentials: string[] } {
  const ccache = info.env.KRB5CCNAME.replace(/^FILE:/, '');
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
  };
  for (const [user, p] of Object.entries(pw.users)) secrets.push({ label: `password of ${user}`, text: p });
  secrets.push(
    { label: 'trust password (on-prem side)', text: pw.trust.onprem },
    { label: 'trust password (cloud side)', text: pw.trust.cloud },
  );
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

for (const { name: scenario, tgt } of SCENARIOS) {
  test(`${scenario}: no key, ticket byte or password in check/tickets output, reports or lab logs`, async () => {
    const out = join(base, scenario, 'out');
    mkdirSync(out, { recursive: true });
    const lab = await startTestLab(scenario);
    const { info } = lab;
    const kerbprobe = (args: string[]) => runKerbprobe(args, { env: info.env });
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
      const [collect, ...checks] = await Promise.all([
        kerbprobe(['collect', ...target.slice(1), '--timeout', '5', '--out', join(out, 'bundle.json')]),
        kerbprobe([...target, '--json', '--report', join(out, 'r.html')]),
        kerbprobe([...target, '--report', join(out, 'r.md')]),
        kerbprobe([...target, '--json', '--report', join(out, 'r.json')]),
      ]);
      assert.equal(collect?.code, 0, `collect: ${collect?.stderr}`);
      const tickets = await kerbprobe(['tickets', '--json', '--spn', info.spn]);
      const runs = [...checks, tickets, collect];
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
      const { secrets, credentials } = labSecrets(info);
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

      const scanner = new SecretScanner(secrets);
      const findings: Finding[] = outputs.flatMap((o) => scanner.scan(o.name, o.text));
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
    } finally {
      await lab.stop();
    }
  });
}
