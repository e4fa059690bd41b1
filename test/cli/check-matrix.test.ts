// The fault matrix: every lab scenario through `kerbprobe check` as a whole process (as a user runs it),
// three times each, against real MIT KDCs and the lab TDS server. Writes the table to test-results/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labCheckArgs, startLab, stopLab, listScenarios } from '../../electron/lab/lab';
import { CheckReportSchema } from '../../electron/contract/index';
import { runKerbprobe } from './run-kerbprobe';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = 3;
/** A verdict must come well inside this, whatever the scenario (blackholes included). */
const VERDICT_LIMIT_MS = 5000;

interface Run {
  code: number;
  ms: number;
  verdict: string;
  diagnosis: string | null;
  stdout: string;
  stderr: string;
}

async function kerbprobe(args: string[], env: Record<string, string>): Promise<Run> {
  const r = await runKerbprobe(args, { env });
  let verdict = '?';
  let diagnosis: string | null = null;
  try {
    const report = CheckReportSchema.parse(JSON.parse(r.stdout));
    verdict = report.verdict;
    diagnosis = report.diagnosis?.code ?? null;
  } catch {
    /* asserted by the caller: an unparsable stdout has no verdict */
  }
  return { ...r, verdict, diagnosis };
}

const checkArgs = labCheckArgs;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rows: { scenario: string; expected: string; results: string[]; medianMs: number; ok: boolean }[] = [];
const base = mkdtempSync(join(tmpdir(), 'kerbprobe-matrix-'));
after(() => {
  rmSync(base, { recursive: true, force: true });
  const dir = join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  const order = listScenarios().map((s) => s.name);
  rows.sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
  const md = [
    '| scenario | expected | result (3 runs) | median time to verdict |',
    '|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.scenario} | ${r.expected} | ${r.ok ? '✔' : '✖'} ${r.results.join(', ')} | ${r.medianMs} ms |`,
    ),
  ].join('\n');
  writeFileSync(join(dir, 'fault-matrix.md'), md + '\n');
  writeFileSync(join(dir, 'fault-matrix.json'), JSON.stringify(rows, null, 2) + '\n');
});

const only = process.env.KP_MATRIX_ONLY?.split(',');
for (const s of listScenarios().filter((x) => !only || only.includes(x.name))) {
  test(`${s.name} → ${s.expectedCode ?? 'pass'}`, { concurrency: false }, async () => {
    const dir = join(base, s.name);
    mkdirSync(dir);
    const info = await startLab({ dir, scenario: s.name });
    try {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await kerbprobe(checkArgs(info), info.env));
      rows.push({
        scenario: s.name,
        expected: s.expectedCode ?? 'pass',
        results: runs.map((r) => r.diagnosis ?? r.verdict),
        medianMs: Math.round(median(runs.map((r) => r.ms))),
        ok: runs.every((r) => (r.diagnosis ?? 'pass') === (s.expectedCode ?? 'pass')),
      });
      for (const r of runs) {
        assert.equal(
          r.diagnosis ?? (r.verdict === 'pass' ? 'pass' : `no diagnosis (${r.stderr.trim()})`),
          s.expectedCode ?? 'pass',
        );
        assert.equal(r.code, s.expectedCode ? 1 : 0, 'exit code: 0 pass, 1 diagnosed failure');
        assert.ok(r.ms < VERDICT_LIMIT_MS, `verdict took ${Math.round(r.ms)} ms`);
      }
    } finally {
      await stopLab(dir);
    }
  });
}

test('a name under .invalid without --address → DNS_FAILURE', async () => {
  const r = await kerbprobe(['check', '--server', 'sqlmi1.nowhere.invalid', '--json', '--timeout', '5'], {});
  assert.equal(r.diagnosis, 'DNS_FAILURE');
  assert.equal(r.code, 1);
  rows.push({
    scenario: '(.invalid name)',
    expected: 'DNS_FAILURE',
    results: [r.diagnosis ?? r.verdict],
    medianMs: Math.round(r.ms),
    ok: r.diagnosis === 'DNS_FAILURE',
  });
});
