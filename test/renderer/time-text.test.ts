// Relative times from an injected clock (never the wall clock), one coarse unit, and the exact UTC time the
// hovers and exports give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAgo, formatUtc } from '../../renderer/src/lib/time-text';

const NOW = new Date('2026-12-02T12:00:00.000Z');

test('how long ago, as of the given clock, in one unit', () => {
  const cases: [string, string][] = [
    ['2026-12-02T11:59:31.000Z', 'just now'],
    ['2026-12-02T11:48:00.000Z', '12 min ago'],
    ['2026-12-02T09:00:00.000Z', '3 h ago'],
    ['2026-12-01T12:00:01.000Z', '23 h ago'],
    ['2026-11-30T12:00:01.000Z', '47 h ago'],
    ['2026-11-30T12:00:00.000Z', '2 days ago'],
    ['2026-11-19T12:00:00.000Z', '13 days ago'],
    ['2026-11-18T12:00:00.000Z', '2 weeks ago'],
    ['2026-12-02T15:00:00.000Z', 'in 3 h'],
  ];
  for (const [iso, text] of cases) assert.equal(formatAgo(iso, NOW), text, iso);
  assert.equal(formatAgo(null, NOW), '—');
  assert.equal(formatAgo('not a time', NOW), 'not a time');
});

test('the same instant reads the same whatever the clock says elsewhere: only `now` moves it', () => {
  const iso = '2026-12-02T09:00:00.000Z';
  assert.equal(formatAgo(iso, new Date('2026-12-02T10:00:00.000Z')), '1 h ago');
  assert.equal(formatAgo(iso, new Date('2027-01-06T09:00:00.000Z')), '5 weeks ago');
});

test('the exact time is UTC to the second, whatever the zone of the offset given', () => {
  assert.equal(formatUtc('2026-12-02T09:03:04.567Z'), '2026-12-02 09:03:04 UTC');
  assert.equal(formatUtc('2026-12-02T10:03:04+01:00'), '2026-12-02 09:03:04 UTC');
  assert.equal(formatUtc(null), '—');
});
