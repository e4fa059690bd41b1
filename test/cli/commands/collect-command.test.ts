// `kerbprobe collect` as a user runs it (the built CLI, its own process), on the test bench: the MIT tools of
// this machine answer (no ticket cache here), the bundle is written once and never overwritten without
// --force, and `kerbprobe analyze` opens it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKerbprobe } from '../run-kerbprobe';
import { BundleSchema } from '../../../electron/contract/bundle';
import { CombinedAnalysisSchema } from '../../../electron/contract/analysis';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-collect-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// No ticket cache and an empty profile: what a machine nobody signed in to answers.
const env = { KRB5CCNAME: `FILE:${join(dir, 'no-cache')}`, KRB5_CONFIG: join(dir, 'krb5.conf') };
writeFileSync(env.KRB5_CONFIG, '');

test('collect writes a bundle that analyze opens; an existing file is never overwritten without --force', async () => {
  const out = join(dir, 'bundle.json');
  const r = await runKerbprobe(
    ['collect', '--server', 'sqlmi1.abc123.database.windows.net', '--no-check', '--out', out],
    { env },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Collected 4 commands:\n {2}exit \d+ {2}klist\n/);
  assert.match(r.stdout, new RegExp(`Bundle written to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const bundle = BundleSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  assert.deepEqual(
    bundle.commands.map((c) => c.command),
    [
      'klist',
      'kvno krbtgt/KERBEROS.MICROSOFTONLINE.COM',
      'kvno MSSQLSvc/sqlmi1.abc123.database.windows.net:1433',
      'kvno MSSQLSvc/sqlmi1.public.abc123.database.windows.net:3342',
    ],
  );
  assert.equal(bundle.check, null);

  const again = await runKerbprobe(['collect', '--no-check', '--out', out], { env });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; pass --force/);
  assert.equal((await runKerbprobe(['collect', '--no-check', '--force', '--out', out], { env })).code, 0);

  const a = await runKerbprobe(['analyze', '--json', out], { env });
  const analysis = CombinedAnalysisSchema.parse(JSON.parse(a.stdout));
  assert.equal(analysis.inputs[0]?.kind, 'kerbprobe-bundle');
  assert.equal(analysis.inputs[0]?.judgedAtSource, 'input');
});

test('collect --server with an empty value is a usage error, and nothing is written', async () => {
  const out = join(dir, 'never.json');
  const r = await runKerbprobe(['collect', '--server', ' ', '--out', out], { env });
  assert.equal(r.code, 2);
  assert.ok(!existsSync(out));
});

test('no warning reaches the terminal: collect (with its check), check and --version print none on stderr', async () => {
  // The bundle loader's dynamic-import hook printed "ExperimentalWarning: vm.USE_MAIN_CONTEXT_DEFAULT_LOADER" on
  // every collect; Node's own compile cache replaced that loader. Any other warning would show here too.
  const out = join(dir, 'warnings.json');
  const runs = [
    await runKerbprobe(['collect', '--server', 'sqlmi1.nowhere.invalid', '--timeout', '3', '--out', out], { env }),
    await runKerbprobe(['check', '--server', 'sqlmi1.nowhere.invalid', '--timeout', '3', '--no-history'], { env }),
    await runKerbprobe(['--version'], { env }),
  ];
  for (const r of runs) assert.doesNotMatch(r.stderr, /Warning|\(node:\d+\)|--trace-warnings/, r.stderr);
});
