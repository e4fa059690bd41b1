import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSizeProblem, dropSizeProblem } from '../../renderer/src/lib/input-limits';
import { MAX_INPUT_BYTES } from '../../electron/contract/limits';
import { IPC } from '../../electron/contract/ipc';

test('a dropped file over the largest limit is refused unread, with the limit in words', () => {
  assert.equal(dropSizeProblem({ name: 'klist.txt', size: 3_000_000 }), null, 'read, then held to its kind');
  assert.equal(
    dropSizeProblem({ name: 'big.bin', size: 200_000_000 }),
    'big.bin is larger than 10 MB, the most KerbProbe reads as a KerbProbe report.',
  );
});

test('text is held to the klist/dsregcmd limit, a report to the report limit, the same as IPC and the CLI', () => {
  const klist = 'Current LogonId is 0:0x1\n'.padEnd(3_000_000, 'x');
  assert.equal(
    contentSizeProblem(klist, 'klist.txt'),
    'klist.txt is larger than 2 MB, the most KerbProbe reads as klist or dsregcmd output.',
  );
  assert.equal(contentSizeProblem('x'.repeat(MAX_INPUT_BYTES.text), null), null);
  assert.match(contentSizeProblem('x'.repeat(MAX_INPUT_BYTES.text + 1), null)!, /^The pasted text is larger than 2 MB/);
  assert.equal(contentSizeProblem(`{"report":${' '.repeat(3_000_000)}}`, 'r.json'), null);
  // What the view lets through, IPC accepts; IPC refuses past the largest kind (a bundle), and the engine holds
  // each recognised input to its own kind's limit (engine/analyze/analyze-input.ts).
  assert.equal(
    IPC['analyze:inputs'].request.safeParse({ inputs: [{ text: 'x'.repeat(MAX_INPUT_BYTES.text) }] }).success,
    true,
  );
  assert.equal(
    IPC['analyze:inputs'].request.safeParse({ inputs: [{ text: 'x'.repeat(MAX_INPUT_BYTES.bundle + 1) }] }).success,
    false,
  );
  assert.equal(IPC['report:open'].request.safeParse({ text: 'x'.repeat(MAX_INPUT_BYTES.report + 1) }).success, false);
});

test('a 10 MB paste is refused by its size, with the limit in words', () => {
  assert.match(contentSizeProblem('y'.repeat(10_000_000), null)!, /^The pasted text is larger than 2 MB/);
});
