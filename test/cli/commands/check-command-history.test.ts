// `kerbprobe check` appends to the history, for real: a lab scenario, two checks at once as two processes,
// then `kerbprobe history --json` reads both back; `--no-history` appends nothing.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { HistoryEntrySchema, HistoryReadSchema } from '../../../electron/contract/history';
import { startTestLab, type Lab } from '../../lab/lab-helpers';
import { labCheckArgs } from '../../../electron/lab/lab';
import { runKerbprobe } from '../run-kerbprobe';

let lab: Lab;
before(async () => {
  lab = await startTestLab('spn-missing');
});
after(async () => {
  await lab?.stop();
});

const args = () => labCheckArgs(lab.info);

test('two checks at once each append one whole line; history reads them back', async () => {
  const file = lab.info.env.KERBPROBE_HISTORY;
  const runs = await Promise.all([
    runKerbprobe(args(), { env: lab.info.env }),
    runKerbprobe(args(), { env: lab.info.env }),
  ]);
  assert.deepEqual(
    runs.map((r) => r.code),
    [1, 1],
  );
  assert.deepEqual(
    runs.map((r) => r.stderr),
    ['', ''],
  );
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => HistoryEntrySchema.parse(JSON.parse(l)));
  assert.equal(lines.length, 2);
  for (const e of lines) {
    assert.equal(e.code, 'SPN_UNKNOWN');
    assert.equal(e.server, lab.info.server);
    assert.equal(e.user, 'alice@CONTOSO.TEST');
    assert.match(e.kdc ?? '', /^127\.0\.0\.1:\d+$/);
  }
  const h = await runKerbprobe(['history', '--json', '--server', lab.info.server], { env: lab.info.env });
  assert.equal(h.code, 0);
  const doc = HistoryReadSchema.parse(JSON.parse(h.stdout));
  assert.equal(doc.path, file);
  assert.equal(doc.entries.length, 2);
});

test('--no-history appends nothing; --redact leaves the user out', async () => {
  const file = lab.info.env.KERBPROBE_HISTORY;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  assert.equal((await runKerbprobe([...args(), '--no-history'], { env: lab.info.env })).code, 1);
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.equal((await runKerbprobe([...args(), '--redact'], { env: lab.info.env })).code, 1);
  const last = readFileSync(file, 'utf8').trim().split('\n').pop()!;
  assert.equal(HistoryEntrySchema.parse(JSON.parse(last)).user, null);
});

test('an unwritable history warns on stderr and changes neither the verdict nor stdout', async () => {
  const r = await runKerbprobe(args(), {
    env: { ...lab.info.env, KERBPROBE_HISTORY: '/proc/kerbprobe/history.jsonl' },
  });
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).diagnosis.code, 'SPN_UNKNOWN');
  assert.match(r.stderr, /^kerbprobe: warning: cannot write the history .*\[HISTORY_UNWRITABLE\]\n$/);
});
