// The Windows lane, second half: the thing a helpdesk installs. `npm run test:windows` builds
// release/KerbProbe-CLI-<version>-x64.msi (build/windows/dist-cli.sh); here it is installed with msiexec into a
// Windows (Wine prefix) that has never seen KerbProbe, and the *installed* kerbprobe.exe — found through the
// system PATH the MSI set — checks the lab's instances, runs unattended from a config, collects a bundle and
// writes its history under the Windows profile; msiexec /x then removes it.
//
// Each scenario's code is the one the MIT matrix gives (test/cli/check-matrix.test.ts) or a difference Wine
// makes, written in UNDER_WINE with the evidence that shows it is Wine's and not KerbProbe's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startTestLab, type Lab } from '../lab/lab-helpers';
import { labTargetArgs } from '../../electron/lab/lab';
import { CLOUD_REALM } from '../../electron/contract/azure';
import { cloudLogon } from './cloud-logon';
import { laneMissing, WINDOWS_DIR, WINESERVER, wine, wineEnv } from './wine-run';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const MSI = join(root, 'release', `KerbProbe-CLI-${pkg.version}-x64.msi`);
const TEMPLATE = join(WINDOWS_DIR, 'prefix-template');

const missing = laneMissing() ?? (existsSync(MSI) ? null : `${MSI} is missing: run npm run test:windows`);
if (missing) throw new Error(missing);
if (!existsSync(TEMPLATE)) throw new Error(`${TEMPLATE} is missing: run npm run test:windows`);

/** A host path as the Windows side sees it (Wine maps / to Z:). */
const winPath = (p: string) => `Z:${p.replace(/\//g, '\\')}`;

let prefix = '';
let work = '';
const env = (extra: Record<string, string> = {}) => wineEnv({ WINEPREFIX: prefix, ...extra });
const programFiles = () => join(prefix, 'drive_c', 'Program Files', 'KerbProbe');

before(() => {
  work = mkdtempSync(join(tmpdir(), 'kerbprobe-installed-'));
  prefix = join(work, 'prefix');
  cpSync(TEMPLATE, prefix, { recursive: true, verbatimSymlinks: true });
  spawnSync(WINESERVER, ['-p'], { env: env(), stdio: 'ignore' });
});
after(() => {
  spawnSync(WINESERVER, ['-k'], { env: env(), stdio: 'ignore' });
  spawnSync(WINESERVER, ['-w'], { env: env(), stdio: 'ignore', timeout: 10_000 });
  rmSync(work, { recursive: true, force: true });
});

/** The system PATH as the MSI left it in the registry. */
async function systemPath(): Promise<string> {
  const key = 'HKLM\\System\\CurrentControlSet\\Control\\Session Manager\\Environment';
  const r = await wine(['reg', 'query', key, '/v', 'Path'], env());
  return r.out;
}

/** The lab's Kerberos world for the Windows side: Wine's Kerberos SSP runs on this host's MIT libkrb5. */
function labEnv(lab: Lab, over: { KRB5_CONFIG?: string; KRB5CCNAME?: string } = {}): Record<string, string> {
  return {
    KRB5_CONFIG: lab.info.env.KRB5_CONFIG,
    KRB5CCNAME: lab.info.env.KRB5CCNAME,
    KERBPROBE_HOSTS: winPath(lab.info.env.KERBPROBE_HOSTS),
    KERBPROBE_HISTORY: winPath(join(lab.dir, 'history-windows.jsonl')),
    ...over,
  };
}

/** The lab instance as `check` and `collect` take it, the CA file as the Windows side sees it. */
const targetArgs = (lab: Lab): string[] => labTargetArgs(lab.info, winPath(lab.info.caFile));

/** The installed command, found through the system PATH the MSI set (cmd /c resolves it as a user's shell does). */
const kerbprobe = (args: string[], environment: NodeJS.ProcessEnv, timeoutMs = 120_000) =>
  wine(['cmd', '/c', 'kerbprobe', ...args], environment, timeoutMs);

interface Report {
  verdict: 'pass' | 'fail';
  tool: { platform: string };
  diagnosis: { code: string; evidence: string[] } | null;
  steps: { id: string; status: string; detail: string }[];
}

/** `kerbprobe.exe check` of the lab's instance, installed, by its PATH name; the report as it wrote it. */
async function check(
  lab: Lab,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; report: Report }> {
  const reportFile = join(lab.dir, 'report-windows.json');
  rmSync(reportFile, { force: true });
  const r = await kerbprobe(
    ['check', ...targetArgs(lab), '--report', winPath(reportFile)],
    env({ ...labEnv(lab), ...extraEnv }),
  );
  assert.ok(existsSync(reportFile), `no report (exit ${String(r.code)}): ${r.out.slice(0, 2000)}`);
  return { code: r.code, report: JSON.parse(readFileSync(reportFile, 'utf8')) as Report };
}

const kdcLog = (lab: Lab, realm: 'onprem' | 'cloud') => {
  const f = join(lab.dir, realm, 'kdc.log');
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};
/** The SSPI status Wine returned, in the diagnosis' evidence as the report carries it. */
function assertStatus(report: Report, status: string): void {
  assert.ok(
    report.diagnosis?.evidence.some((line) => line.includes(status)),
    JSON.stringify(report.diagnosis),
  );
}

/** The lab KDC's own log: it refused exactly the instance's SPN in `realm` ("not found in Kerberos database"). */
function assertKdcRefused(lab: Lab, kdc: 'onprem' | 'cloud', realm: string): void {
  const spn = `MSSQLSvc/${lab.info.server}:${lab.info.port}@${realm}`.replace(/[.]/g, '\\.');
  assert.match(kdcLog(lab, kdc), new RegExp(`for ${spn}.*not found`, 'i'));
}

const sqlLog = (lab: Lab) => readFileSync(join(lab.dir, 'sql-server.log'), 'utf8');

/**
 * Where Wine does not do what Windows does. `wine` is the code under Wine; `shows` asserts, from the lab's own
 * logs and the report's evidence, that the difference is Wine's.
 */
interface WineDifference {
  wine: string;
  why: string;
  shows: (lab: Lab, report: Report) => void | Promise<void>;
}

// Wine's Kerberos SSP imports the SPN as a principal of the default realm (MSSQLSvc/…@CONTOSO.TEST) and asks the
// user's KDC for exactly that; a Windows client asks its domain controller, which refers it across the incoming
// trust (the lab's MIT path does the same with krb5.conf's mapping). MIT's KDC answers "not found", which Wine
// turns into SEC_E_INTERNAL_ERROR (0x80090304) where Windows returns SEC_E_TARGET_UNKNOWN: so UNKNOWN, with the
// raw status as evidence.
const trustFlowUnderWine: WineDifference = {
  wine: 'UNKNOWN',
  why:
    "Wine's SSP asks the user's realm for MSSQLSvc/…@CONTOSO.TEST (no referral across the trust) and reports " +
    "MIT's KDC_ERR_S_PRINCIPAL_UNKNOWN as SEC_E_INTERNAL_ERROR 0x80090304",
  shows(lab, report) {
    assertStatus(report, '0x80090304');
    assertKdcRefused(lab, 'onprem', 'CONTOSO.TEST');
  },
};

/** Whether the host:port answers a TCP connect (the lab's KDC as krb5.conf names it). */
function answers(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const UNDER_WINE: Record<string, WineDifference> = {
  healthy: trustFlowUnderWine,
  'kdc-down': {
    wine: 'UNKNOWN',
    why:
      'Wine reports the unreachable KDC as SEC_E_INTERNAL_ERROR 0x80090304 where Windows returns ' +
      'SEC_E_NO_AUTHENTICATING_AUTHORITY (0x80090311 → KDC_UNREACHABLE); Wine has no DC locator to find the KDC ' +
      'KerbProbe would probe',
    async shows(lab, report) {
      assertStatus(report, '0x80090304');
      const kdc = /CONTOSO\.TEST = \{\s*kdc = (\S+)/.exec(readFileSync(lab.info.env.KRB5_CONFIG, 'utf8'))?.[1];
      assert.ok(kdc, 'the on-premises KDC in krb5.conf');
      assert.equal(await answers(kdc), false, `the on-premises KDC ${kdc} is down`);
    },
  },
  'login-not-mapped': trustFlowUnderWine,
  'modern-flow': {
    wine: 'MUTUAL_AUTH_FAILED',
    why:
      "the Kerberos login is accepted (the lab's server log); Wine's SSP then refuses QueryContextAttributesW " +
      '(0x80090302 SEC_E_UNSUPPORTED_FUNCTION) on the completed context, where Windows answers it',
    shows(lab, report) {
      assert.match(
        sqlLog(lab),
        /Login succeeded for user 'bob@kerberos\.microsoftonline\.com'\. .*Windows authentication/,
      );
      assertStatus(report, '0x80090302');
    },
  },
  'spn-missing': {
    wine: 'UNKNOWN',
    why:
      'the cloud KDC refuses exactly this SPN (its log); Wine reports KDC_ERR_S_PRINCIPAL_UNKNOWN as 0x80090304 ' +
      'where Windows returns SEC_E_TARGET_UNKNOWN (0x80090303 → SPN_UNKNOWN, test/engine/diagnose)',
    shows(lab, report) {
      assertStatus(report, '0x80090304');
      assertKdcRefused(lab, 'cloud', CLOUD_REALM);
    },
  },
};

/** The scenarios the issue names, the user each signs in as, and the code the MIT matrix gives. */
const SCENARIOS: { name: string; linux: string | null; cloudUser?: boolean }[] = [
  { name: 'healthy', linux: null },
  { name: 'modern-flow', linux: null },
  { name: 'spn-missing', linux: 'SPN_UNKNOWN', cloudUser: true },
  { name: 'no-tgt', linux: 'NO_TGT' },
  { name: 'kdc-down', linux: 'KDC_UNREACHABLE' },
  { name: 'sql-down', linux: 'SQL_UNREACHABLE' },
  { name: 'login-not-mapped', linux: 'LOGIN_NOT_MAPPED' },
];

const matrix: { scenario: string; linux: string; wine: string; ms: number; note: string }[] = [];

describe('msiexec /i installs the command per machine, on the system PATH', () => {
  test('installed into Program Files with its addon and worker; PATH names the folder', async () => {
    const t0 = performance.now();
    const r = await wine(['msiexec', '/i', winPath(MSI), '/qn'], env(), 180_000);
    assert.equal(r.code, 0, r.out);
    for (const f of [
      'kerbprobe.exe',
      'fleet-worker.cjs',
      'kerberos/build/Release/kerberos.node',
      'kerberos/lib/index.js',
    ])
      assert.ok(existsSync(join(programFiles(), f)), `${f} installed`);
    assert.match(await systemPath(), /C:\\Program Files\\KerbProbe\\/);
    console.log(`# installed in ${Math.round(performance.now() - t0)} ms`);
  });

  test('kerbprobe --version --json, found through PATH: the build, win32-x64, the pinned packages', async () => {
    const out = join(work, 'version.json');
    const r = await wine(['cmd', '/c', `kerbprobe --version --json > ${winPath(out)}`], env());
    assert.equal(r.code, 0, r.out);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { version: string; platform: string; pinned: object };
    assert.equal(doc.version, pkg.version);
    assert.equal(doc.platform, 'win32-x64');
    assert.deepEqual(doc.pinned, { tedious: pkg.dependencies.tedious, kerberos: pkg.dependencies.kerberos });
  });
});

describe('the installed kerbprobe.exe checks the lab, scenario by scenario', () => {
  after(() => {
    const dir = join(root, 'test-results');
    mkdirSync(dir, { recursive: true });
    const md = [
      '| scenario | MIT path (Linux) | installed kerbprobe.exe under Wine | time | why they differ |',
      '|---|---|---|---|---|',
      ...matrix.map((m) => `| ${m.scenario} | ${m.linux} | ${m.wine} | ${m.ms} ms | ${m.note} |`),
    ].join('\n');
    writeFileSync(join(dir, 'fault-matrix-installed-windows.md'), `${md}\n`);
  });

  for (const scenario of SCENARIOS) {
    const difference = UNDER_WINE[scenario.name];
    const expected = difference ? difference.wine : scenario.linux;
    test(`${scenario.name} → ${expected ?? 'pass'}${difference ? ' (Wine differs)' : ''}`, async () => {
      const lab = await startTestLab(scenario.name);
      try {
        const t0 = performance.now();
        const { code, report } = await check(lab, scenario.cloudUser ? cloudLogon(lab) : {});
        const ms = Math.round(performance.now() - t0);
        const got = report.diagnosis?.code ?? null;
        matrix.push({
          scenario: scenario.name,
          linux: scenario.linux ?? 'pass',
          wine: got ?? 'pass',
          ms,
          note: difference?.why ?? '',
        });
        assert.equal(report.tool.platform, 'win32-x64');
        assert.equal(got, expected, JSON.stringify(report.diagnosis ?? report.steps));
        assert.equal(code, expected ? 1 : 0, 'exit 1 for a diagnosed failure, 0 for a pass');
        await difference?.shows(lab, report);
      } finally {
        await lab.stop();
      }
    });
  }
});

describe('unattended, collect and history, as a deployment runs them', () => {
  let lab: Lab;
  before(async () => {
    lab = await startTestLab('no-tgt');
  });
  after(() => lab?.stop());

  test('check --config FILE --json: the JSON array, exit 1 when an instance failed (docs/unattended.md)', async () => {
    const config = join(lab.dir, 'kerbprobe-instances.json');
    const instance = {
      server: lab.info.server,
      port: lab.info.port,
      address: lab.info.address,
      caFile: winPath(lab.info.caFile),
    };
    writeFileSync(config, JSON.stringify({ version: 1, instances: [instance] }));
    const out = join(lab.dir, 'unattended.json');
    const r = await wine(
      ['cmd', '/c', `kerbprobe check --config ${winPath(config)} --json > ${winPath(out)}`],
      env(labEnv(lab)),
      120_000,
    );
    assert.equal(r.code, 1, r.out);
    const reports = JSON.parse(readFileSync(out, 'utf8')) as Report[];
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.diagnosis?.code, 'NO_TGT');

    const bad = join(lab.dir, 'bad-config.json');
    writeFileSync(bad, '{"version":1,"instances":[{"server":"x","colour":"red"}]}');
    const refused = join(lab.dir, 'refused.json');
    const r2 = await wine(
      ['cmd', '/c', `kerbprobe check --config ${winPath(bad)} --json > ${winPath(refused)}`],
      env(),
    );
    assert.equal(r2.code, 2);
    assert.equal(
      (JSON.parse(readFileSync(refused, 'utf8')) as { error: { code: string } }).error.code,
      'CONFIG_INVALID',
    );
  });

  test('collect: the Windows tools Wine lacks are noted in the bundle, and analyze opens it', async () => {
    const bundle = join(lab.dir, 'bundle.json');
    const r = await kerbprobe(['collect', ...targetArgs(lab), '--out', winPath(bundle)], env(labEnv(lab)), 180_000);
    assert.ok(existsSync(bundle), r.out.slice(0, 2000));
    const text = readFileSync(bundle, 'utf8');
    assert.match(text, /klist(\.exe)? is not installed or not on PATH/);
    assert.match(text, /dsregcmd(\.exe)? is not installed or not on PATH/);
    // The bundle opens in the analysis on this side (the helpdesk's machine) as on the user's.
    const analysis = spawnSync(process.execPath, [join(root, 'bin', 'kerbprobe.cjs'), 'analyze', '--json', bundle], {
      encoding: 'utf8',
    });
    const doc = JSON.parse(analysis.stdout) as { inputs: { kind: string }[]; diagnosis: { code: string } | null };
    assert.equal(doc.inputs[0]?.kind, 'kerbprobe-bundle');
    assert.equal(doc.diagnosis?.code, 'NO_TGT');
  });

  test('history: without KERBPROBE_HISTORY the line lands under the Windows profile (%LOCALAPPDATA%)', async () => {
    const { KERBPROBE_HISTORY: _unused, ...withoutOverride } = labEnv(lab);
    void _unused;
    const r = await kerbprobe(['check', ...targetArgs(lab)], env(withoutOverride));
    assert.equal(r.code, 1, r.out);
    const users = join(prefix, 'drive_c', 'users');
    const found = spawnSync('find', [users, '-path', '*AppData/Local/KerbProbe/history.jsonl'], { encoding: 'utf8' });
    const file = found.stdout.trim().split('\n')[0] ?? '';
    assert.ok(file && existsSync(file), `history under ${users}: ${found.stdout}`);
    const line = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop() ?? '{}') as { code?: string };
    assert.equal(line.code, 'NO_TGT');
  });
});

describe('msiexec /x removes it', () => {
  test('the files and the PATH entry are gone', async () => {
    const r = await wine(['msiexec', '/x', winPath(MSI), '/qn'], env(), 180_000);
    assert.equal(r.code, 0, r.out);
    assert.equal(existsSync(join(programFiles(), 'kerbprobe.exe')), false);
    assert.doesNotMatch(await systemPath(), /KerbProbe/);
  });
});
