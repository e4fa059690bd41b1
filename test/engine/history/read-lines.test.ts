// The streaming line reader: lines across the 1 MB chunk boundary, over-long lines skipped without being
// held, a torn tail reported as such, a byte range read alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_FILE_READ_SECONDS, MAX_INPUT_BYTES } from '../../../electron/contract/limits';
import { KerbProbeError } from '../../../electron/engine/errors';
import { readLines, visitLines, type FileBounds, type LineEvent } from '../../../electron/engine/history/read-lines';

async function all(text: string | Buffer, max = 100): Promise<LineEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-lines-'));
  try {
    writeFileSync(join(dir, 'f'), text);
    const out: LineEvent[] = [];
    for await (const batch of readLines(join(dir, 'f'), { maxLineBytes: max })) out.push(...batch);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('plain lines, an empty line, a torn last line', async () => {
  assert.deepEqual(await all('a\n\nbc\nde'), [
    { kind: 'line', lineNo: 1, text: 'a' },
    { kind: 'line', lineNo: 2, text: '' },
    { kind: 'line', lineNo: 3, text: 'bc' },
    { kind: 'torn', lineNo: 4, text: 'de' },
  ]);
  assert.deepEqual(await all(''), []);
});

test('a line longer than the limit is skipped; the next is read', async () => {
  assert.deepEqual(await all(`${'x'.repeat(101)}\nok\n${'y'.repeat(500)}`), [
    { kind: 'too-long', lineNo: 1 },
    { kind: 'line', lineNo: 2, text: 'ok' },
    { kind: 'torn', lineNo: 3, text: null },
  ]);
});

test('lines spanning the chunk boundary (and a multi-byte character cut by it) are whole', async () => {
  const first = 'é'.repeat((1 << 19) - 1) + 'x'; // 1 MB - 1 bytes, the é pairs land across 1 MB
  const text = `${first}\n${'é'.repeat(300)}\nz\n`;
  const got = await all(text, 2 << 20);
  assert.deepEqual(
    got.map((e) => (e.kind === 'line' ? e.text.length : -1)),
    [first.length, 300, 1],
  );
  assert.equal((got[1] as { text: string }).text, 'é'.repeat(300));
});

test('a directory or a missing file is a typed error', async () => {
  await assert.rejects(
    async () => {
      for await (const _ of readLines(tmpdir(), { maxLineBytes: 10 })) {
        /* none */
      }
    },
    { code: 'INPUT_UNREADABLE' },
  );
  await assert.rejects(
    async () => {
      for await (const _ of readLines('/nonexistent/x', { maxLineBytes: 10 })) {
        /* none */
      }
    },
    { code: 'INPUT_UNREADABLE' },
  );
});

test('a byte range: only its lines, numbered from its start; its bytes visited without a string', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-lines-'));
  try {
    const f = join(dir, 'f');
    const long = 'L'.repeat((1 << 20) + 10); // crosses the chunk boundary inside the range
    writeFileSync(f, `a\nbb\n${long}\nccc\ndd`);
    const start = 5; // just after "a\nbb\n"
    const got: string[] = [];
    const visitor = {
      line: (_b: Buffer, s: number, e: number, n: number, torn: boolean) => {
        got.push(`${n}:${torn ? 'torn:' : ''}${e - s}`);
      },
      tooLong: (n: number, torn: boolean) => {
        got.push(`${n}:too-long${torn ? ':torn' : ''}`);
      },
    };
    for await (const _ of visitLines(
      f,
      { maxLineBytes: 2 << 20, range: { start, end: start + long.length + 5 } },
      visitor,
    )) {
      /* visited */
    }
    assert.deepEqual(got, [`1:${long.length}`, '2:3']);
    got.length = 0;
    for await (const _ of visitLines(f, { maxLineBytes: 100, range: { start, end: 1 << 30 } }, visitor)) {
      /* visited */
    }
    assert.deepEqual(got, ['1:too-long', '2:3', '3:torn:2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bounds of the whole file: not a regular file, over the size limit, over the time limit, cancelled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-lines-bounds-'));
  const code = (c: string, message?: RegExp) => (e: unknown) =>
    e instanceof KerbProbeError && e.code === c && (!message || message.test(e.message));
  const drain = async (path: string, bounds?: FileBounds) => {
    for await (const _ of readLines(path, { maxLineBytes: 100, ...(bounds ? { bounds } : {}) })) {
      /* read */
    }
  };
  try {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(drain(fifo), code('INPUT_NOT_A_FILE'));
    await assert.rejects(drain('/dev/zero'), code('INPUT_NOT_A_FILE'));
    // 2 GB without a block on disk: refused by its size, before a chunk is read (it took 7.8 s, read whole).
    const sparse = join(dir, 'sparse.jsonl');
    writeFileSync(sparse, '');
    truncateSync(sparse, 2_000_000_000);
    const t0 = performance.now();
    await assert.rejects(
      drain(sparse),
      code('INPUT_TOO_LARGE', /is larger than 1 GB, the most KerbProbe reads as one history file/),
    );
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(MAX_INPUT_BYTES.history, 1_000_000_000);
    // Three chunks and a clock that moves a minute per look: refused at the second chunk.
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, Buffer.alloc(3 << 20, 0x0a));
    let clock = 0;
    const now = () => (clock += HISTORY_FILE_READ_SECONDS * 1000);
    await assert.rejects(drain(big, { now }), code('INPUT_READ_TIMEOUT', /longer than 60 s/));
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(drain(big, { signal: abort.signal }), code('CANCELLED'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
