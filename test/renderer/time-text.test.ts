// The exact time the hovers and exports give, in UTC; the relative words beside it are the contract's formatAgo
// (test/contract/format.test.ts), the same as the CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAgo as contractFormatAgo } from '../../electron/contract/format';
import { formatAgo, formatUtc } from '../../renderer/src/lib/time-text';

test('the page says "ago" in the words of the CLI', () => {
  assert.equal(formatAgo, contractFormatAgo);
});

test('the exact time is UTC to the second, whatever the zone of the offset given', () => {
  assert.equal(formatUtc('2026-12-02T09:03:04.567Z'), '2026-12-02 09:03:04 UTC');
  assert.equal(formatUtc('2026-12-02T10:03:04+01:00'), '2026-12-02 09:03:04 UTC');
  assert.equal(formatUtc(null), '—');
});
