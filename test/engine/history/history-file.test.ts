// The history file: append, read back, rotation, a torn tail, and — for real, with separate processes —
// concurrent writers and writers killed with SIGKILL mid-stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckReportSchema } from '../../../electron/contract/report';
import { HistoryEntrySchema, MAX_HISTORY_LINE_BYTES } from '../../../electron/contract/history';
import {
  appendHistory,
  LOCK_STALE_MS,
  LOCK_WRITE_GRACE_MS,
  parseHistoryLine,
  readHistory,
} from '../../../electron/engine/history/history-file';
import { historyEntry } from '../../../electron/engine/history/history-entry';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CHILD = join(root, 'test/engine/history/append-child.ts');
const report = CheckReportSchema.parse(
  JSON.parse(readFileSync(join(root, 'test/fixtures/fleet/lab-reports/healthy.json'), 'utf8')),
);
const entry = (device: string) =>
  historyEntry(report, { device, account: null, subnet: '10.1.2.0/24', os: 'win32 10.0.22631' });

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-history-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'sub', 'history.jsonl');
}

/** Every line of the file: parsed entries, and the lines that are not entries. */
function lines(file: string): { entries: ReturnType<typeof parseHistoryLine>[]; bad: string[] } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const all = text.split('\n').filter((l) => l !== '');
  return {
    entries: all.map(parseHistoryLine).filter((e) => e !== null),
    bad: all.filter((l) => parseHistoryLine(l) === null),
  };
}

function child(file: string, tag: string, count: number, rotateBytes?: number) {
  return spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, file, tag, String(count), ...(rotateBytes ? [String(rotateBytes)] : [])],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

const exited = (p: ReturnType<typeof child>) =>
  new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
const ready = (p: ReturnType<typeof child>) =>
  new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    p.on('exit', () => reject(new Error('the writer exited before it wrote')));
  });

test('append creates the folder and file, one schema-valid line per check, read back newest last', async (t) => {
  const file = scratch(t);
  for (const d of ['pc-1', 'pc-2', 'pc-3']) appendHistory(file, entry(d));
  const text = readFileSync(file, 'utf8');
  assert.equal(text.split('\n').length, 4);
  for (const l of text.trim().split('\n')) HistoryEntrySchema.parse(JSON.parse(l));
  const h = await readHistory(file, { limit: 2 });
  assert.deepEqual(
    h.entries.map((e) => e.device),
    ['pc-2', 'pc-3'],
  );
  assert.equal(h.skipped, 0);
  assert.equal(h.torn, false);
  const other = await readHistory(file, { server: 'other.example.net' });
  assert.equal(other.entries.length, 0);
});

test('an entry that breaks the schema is refused before anything is written', (t) => {
  const file = scratch(t);
  assert.throws(() => appendHistory(file, { ...entry('x'), port: 0 }));
  assert.equal(existsSync(file), false);
  assert.throws(() => appendHistory(file, { ...entry('x'), user: 'u'.repeat(MAX_HISTORY_LINE_BYTES) }));
});

test('a torn last line (a writer killed mid-write) costs that line only: the next line starts fresh', async (t) => {
  const file = scratch(t);
  appendHistory(file, entry('before-1'));
  appendHistory(file, entry('before-2'));
  const intact = readFileSync(file);
  const whole = JSON.stringify(entry('killed')) + '\n';
  appendFileSync(file, whole.slice(0, Math.floor(whole.length / 2)));
  let h = await readHistory(file);
  assert.equal(h.torn, true);
  assert.deepEqual(
    h.entries.map((e) => e.device),
    ['before-1', 'before-2'],
  );
  appendHistory(file, entry('after'));
  assert.ok(readFileSync(file).subarray(0, intact.length).equals(intact), 'earlier lines are byte-identical');
  h = await readHistory(file);
  assert.deepEqual(
    h.entries.map((e) => e.device),
    ['before-1', 'before-2', 'after'],
  );
  assert.equal(h.skipped, 1);
  assert.equal(h.torn, false);
});

test('damaged, foreign and over-long lines are skipped, never fatal', async (t) => {
  const file = scratch(t);
  appendHistory(file, entry('a'));
  appendFileSync(file, 'not json\n{"v":2}\n' + 'x'.repeat(MAX_HISTORY_LINE_BYTES * 3) + '\n\u0000\u0001\n');
  appendHistory(file, entry('b'));
  const h = await readHistory(file);
  assert.deepEqual(
    h.entries.map((e) => e.device),
    ['a', 'b'],
  );
  assert.equal(h.skipped, 4);
});

test(
  'rotation renames at the size limit and keeps the newest ' + 'generations; reading spans .1 and the live file',
  async (t) => {
    const file = scratch(t);
    const size = Buffer.byteLength(JSON.stringify(entry('pc-00')) + '\n');
    for (let i = 0; i < 10; i++)
      appendHistory(file, entry(`pc-${String(i).padStart(2, '0')}`), { rotateBytes: size * 3, keepRotated: 2 });
    assert.ok(existsSync(`${file}.1`) && existsSync(`${file}.2`) && !existsSync(`${file}.3`));
    const kept = [`${file}.2`, `${file}.1`, file].flatMap((f) => lines(f).entries.map((e) => e!.device));
    assert.deepEqual(kept, ['pc-03', 'pc-04', 'pc-05', 'pc-06', 'pc-07', 'pc-08', 'pc-09']);
    assert.ok(readFileSync(file).length <= size * 3);
    const h = await readHistory(file, { limit: 100 });
    assert.deepEqual(
      h.entries.map((e) => e.device),
      ['pc-06', 'pc-07', 'pc-08', 'pc-09'],
    );
  },
);

test('two checks at once, for real: four processes append 150 lines each, every line whole, none lost', async (t) => {
  const file = scratch(t);
  appendHistory(file, entry('seed'));
  const writers = ['w1', 'w2', 'w3', 'w4'].map((tag) => child(file, tag, 150));
  assert.deepEqual(await Promise.all(writers.map(exited)), [0, 0, 0, 0]);
  const { entries, bad } = lines(file);
  assert.deepEqual(bad, []);
  assert.equal(entries.length, 1 + 4 * 150);
  for (const tag of ['w1', 'w2', 'w3', 'w4']) {
    const mine = entries.filter((e) => e!.device.startsWith(`${tag}-`)).map((e) => Number(e!.device.split('-')[1]));
    assert.deepEqual(
      mine,
      Array.from({ length: 150 }, (_, i) => i),
      `${tag}'s lines, in its order`,
    );
  }
});

test(
  'concurrent writers across rotations lose nothing: every ' + 'line is in the live file or a kept generation',
  async (t) => {
    const file = scratch(t);
    const size = Buffer.byteLength(JSON.stringify(entry('w1-000')) + '\n');
    const writers = ['w1', 'w2', 'w3'].map((tag) => child(file, tag, 100, size * 110));
    assert.deepEqual(await Promise.all(writers.map(exited)), [0, 0, 0]);
    const all = [`${file}.2`, `${file}.1`, file].map(lines);
    assert.deepEqual(
      all.flatMap((x) => x.bad),
      [],
    );
    assert.equal(
      all.reduce((n, x) => n + x.entries.length, 0),
      300,
    );
    assert.ok(existsSync(`${file}.2`), 'it rotated twice');
  },
);

test('writers killed with SIGKILL mid-stream damage nothing written before, and the file stays readable', async (t) => {
  const file = scratch(t);
  for (let i = 0; i < 20; i++) appendHistory(file, entry(`before-${i}`));
  const before = readFileSync(file);
  for (let round = 0; round < 4; round++) {
    // Rotation is another test's subject: here the file must not rotate however fast the writers are.
    const writers = ['k1', 'k2', 'k3'].map((tag) => child(file, `${tag}r${round}`, 0, 1e9));
    await Promise.all(writers.map(ready));
    await new Promise((r) => setTimeout(r, 30 + round * 20));
    for (const w of writers) w.kill('SIGKILL');
    assert.deepEqual(await Promise.all(writers.map((w) => new Promise((r) => w.on('exit', (_c, sig) => r(sig))))), [
      'SIGKILL',
      'SIGKILL',
      'SIGKILL',
    ]);
  }
  const after = readFileSync(file);
  assert.ok(after.subarray(0, before.length).equals(before), 'the 20 earlier lines are byte-identical');
  const { entries, bad } = lines(file);
  // At most one torn line per killed writer (12), and only ever a prefix of a line.
  assert.ok(bad.length <= 12, `${bad.length} damaged lines`);
  assert.ok(entries.length >= 20 + 12, 'the killed writers had written lines');
  assert.equal(existsSync(`${file}.1`), false);
  appendHistory(file, entry('survivor'));
  const h = await readHistory(file, { limit: 1 });
  assert.deepEqual(
    h.entries.map((e) => e.device),
    ['survivor'],
  );
});

test("a rotation lock left by a dead process is taken over; a live owner's lock is respected", (t) => {
  const file = scratch(t);
  const size = Buffer.byteLength(JSON.stringify(entry('pc-0')) + '\n');
  appendHistory(file, entry('pc-0'));
  appendHistory(file, entry('pc-1'));
  // A live owner (this process) holds the lock: the writer appends to the live file instead of rotating.
  writeFileSync(`${file}.lock`, String(process.pid));
  appendHistory(file, entry('pc-2'), { rotateBytes: size * 2 });
  assert.equal(existsSync(`${file}.1`), false);
  assert.equal(lines(file).entries.length, 3);
  // The owner died mid-rotation (a pid that is no process): the next writer takes the lock over and rotates.
  writeFileSync(`${file}.lock`, '2147483646');
  appendHistory(file, entry('pc-3'), { rotateBytes: size * 2 });
  assert.equal(lines(`${file}.1`).entries.length, 3);
  assert.deepEqual(
    lines(file).entries.map((e) => e!.device),
    ['pc-3'],
  );
  assert.equal(existsSync(`${file}.lock`), false);
});

test('a left-over lock is taken over by age and owner: empty, not a PID, a reused PID', (t) => {
  const file = scratch(t);
  mkdirSync(join(file, '..'), { recursive: true });
  const lock = `${file}.lock`;
  const size = Buffer.byteLength(JSON.stringify(entry('pc-0')) + '\n');
  /** The lock written, then made `ageMs` old by the file system's own clock (never this process's). */
  const leave = (text: string, ageMs: number) => {
    writeFileSync(lock, text);
    const fsNow = statSync(lock).mtimeMs;
    utimesSync(lock, (fsNow - ageMs) / 1000, (fsNow - ageMs) / 1000);
  };
  const rotatesWith = (text: string, ageMs: number): boolean => {
    rmSync(`${file}.1`, { force: true });
    writeFileSync(file, '');
    appendHistory(file, entry('pc-0'));
    appendHistory(file, entry('pc-1'));
    leave(text, ageMs);
    appendHistory(file, entry('pc-2'), { rotateBytes: size * 2 });
    return existsSync(`${file}.1`);
  };
  // Being written this instant (empty), or a live owner's: respected.
  assert.equal(rotatesWith('', 0), false);
  assert.equal(rotatesWith(String(process.pid), 30_000), false);
  // Left behind: empty or garbage past the grace, or naming a live process (a reused PID) past any rotation.
  assert.equal(rotatesWith('', LOCK_WRITE_GRACE_MS + 5_000), true);
  assert.equal(existsSync(lock), false);
  assert.equal(rotatesWith('not a pid', LOCK_WRITE_GRACE_MS + 5_000), true);
  assert.equal(rotatesWith(String(process.pid), LOCK_STALE_MS + 60_000), true);
  assert.deepEqual(
    readdirSync(join(file, '..')).filter((n) => n.includes('.stale.') || n.includes('clock')),
    [],
    'nothing left aside',
  );
});

test('a lock that cannot be taken is reported; the line is still written', (t) => {
  const file = scratch(t);
  const size = Buffer.byteLength(JSON.stringify(entry('pc-0')) + '\n');
  appendHistory(file, entry('pc-0'));
  appendHistory(file, entry('pc-1'));
  mkdirSync(`${file}.lock`);
  assert.throws(
    () => appendHistory(file, entry('pc-2'), { rotateBytes: size * 2 }),
    (e: unknown) =>
      (e as { code?: string }).code === 'HISTORY_ROTATION_BLOCKED' && /is not a file/.test((e as Error).message),
  );
  assert.equal(lines(file).entries.length, 3);
});
