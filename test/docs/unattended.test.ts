// docs/unattended.md and the Intune detection script stay true to the CLI: the documented config parses
// with the contract's schema, and every flag the script passes to `check` is one `check` takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createProgram } from '../../electron/cli/program';
import { CheckConfigSchema } from '../../electron/contract/check-config';
import { captureIo } from '../cli/capture-io';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(`${root}docs/unattended.md`, 'utf8');
const script = readFileSync(`${root}docs/intune/Detect-KerbProbe.ps1`, 'utf8');

test('the config in docs/unattended.md is a valid config', () => {
  const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(json, 'the doc shows a config');
  const c = CheckConfigSchema.parse(JSON.parse(json));
  assert.equal(c.instances.length, 2);
});

test('every flag the detection script passes to check exists on check', () => {
  const call = /& \$KerbProbe check (.*?) 2>\$null/.exec(script)?.[1];
  assert.ok(call, 'the script calls kerbprobe check');
  const flags = call.split(/\s+/).filter((a) => a.startsWith('--'));
  assert.deepEqual(flags, ['--config', '--json']);
  const check = createProgram(captureIo()).commands.find((c) => c.name() === 'check')!;
  const known = new Set(check.options.map((o) => o.long));
  for (const f of flags) assert.ok(known.has(f), `check takes ${f}`);
});

test(
  'the script maps KerbProbe exit codes onto Intune: 0 → 0, 1 → 1 ' + '(issue), anything else → 1 with the exit code',
  () => {
    assert.match(script, /if \(\$code -eq 0\) \{[^}]*exit 0 \}/);
    assert.match(
      script,
      /if \(\$code -ne 1\) \{[\s\S]*?\.error\.code[\s\S]*?KERBPROBE_ERROR exit \$code \$why"; exit 1\n\}/,
    );
    assert.match(script, /\$MaxOutput = 2048/);
    for (const code of ['0', '1', '2'])
      assert.match(doc, new RegExp(`^\\| ${code} \\|`, 'm'), `exit ${code} is documented`);
  },
);

test('the detection script runs the command where the MSI installs it, with the command line the lane ran', () => {
  const wxs = readFileSync(`${root}build/windows/msi/kerbprobe-cli.wxs`, 'utf8');
  // ProgramFiles64Folder → INSTALLDIR "KerbProbe" → kerbprobe.exe: %ProgramFiles%\KerbProbe\kerbprobe.exe.
  assert.match(wxs, /<Directory Id="ProgramFiles64Folder">\s*<Directory Id="INSTALLDIR" Name="KerbProbe">/);
  assert.match(wxs, /<File Id="KerbProbeExe" Name="kerbprobe.exe"/);
  assert.match(script, /\$KerbProbe = Join-Path \$env:ProgramFiles 'KerbProbe\\kerbprobe\.exe'/);
  assert.match(doc, /%ProgramFiles%\\KerbProbe\\kerbprobe\.exe/);
  const lane = readFileSync(`${root}test/windows/installed-cli.wine.ts`, 'utf8');
  assert.ok(
    lane.includes('kerbprobe check --config ${winPath(config)} --json'),
    'the lane runs check --config … --json',
  );
});
