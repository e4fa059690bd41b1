// How long ago a time was, the one wording of the app's page and the CLI: from the clock the caller gives (never
// the wall clock), in one coarse unit counted down, "in …" for a time ahead of the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAgo } from '../../electron/contract/format';

const NOW = new Date('2026-12-02T12:00:00.000Z');

test('no time between, or under a minute either way, is "just now"', () => {
  assert.equal(formatAgo('2026-12-02T12:00:00.000Z', NOW), 'just now');
  assert.equal(formatAgo('2026-12-02T11:59:00.001Z', NOW), 'just now');
  assert.equal(formatAgo('2026-12-02T12:00:59.999Z', NOW), 'just now');
  assert.equal(formatAgo('2026-12-02T11:59:00.000Z', NOW), '1 min ago');
});

test('minutes, hours up to 48, days up to 14, then weeks: each counted down, what is left over dropped', () => {
  const cases: [string, string][] = [
    ['2026-12-02T11:48:00.000Z', '12 min ago'],
    ['2026-12-02T11:00:00.001Z', '59 min ago'],
    ['2026-12-02T11:00:00.000Z', '1 h ago'],
    ['2026-12-02T10:59:30.000Z', '1 h ago'],
    ['2026-12-02T09:20:00.000Z', '2 h ago'],
    ['2026-12-01T12:00:00.000Z', '24 h ago'],
    // A day and 4 hours: still hours.
    ['2026-12-01T08:00:00.000Z', '28 h ago'],
    ['2026-11-30T12:00:00.001Z', '47 h ago'],
    ['2026-11-30T12:00:00.000Z', '2 days ago'],
    // 3 days and 4 hours.
    ['2026-11-29T08:00:00.000Z', '3 days ago'],
    ['2026-11-18T12:00:00.001Z', '13 days ago'],
    ['2026-11-18T12:00:00.000Z', '2 weeks ago'],
    ['2026-10-18T12:00:00.000Z', '6 weeks ago'],
  ];
  for (const [iso, text] of cases) assert.equal(formatAgo(iso, NOW), text, iso);
});

test('a time ahead of the clock (a device whose clock is off) reads "in …"', () => {
  assert.equal(formatAgo('2026-12-02T14:00:00.000Z', NOW), 'in 2 h');
  assert.equal(formatAgo('2026-12-02T12:05:00.000Z', NOW), 'in 5 min');
  assert.equal(formatAgo('2026-12-05T16:00:00.000Z', NOW), 'in 3 days');
});

test('any offset reads as the same instant; only `now` moves the words', () => {
  assert.equal(formatAgo('2026-12-02T10:00:00+01:00', NOW), '3 h ago');
  const iso = '2026-12-02T09:00:00.000Z';
  assert.equal(formatAgo(iso, new Date('2026-12-02T10:00:00.000Z')), '1 h ago');
  assert.equal(formatAgo(iso, new Date('2027-01-06T09:00:00.000Z')), '5 weeks ago');
});

test('no time is a dash; a text that is not a time is given back', () => {
  assert.equal(formatAgo(null, NOW), '—');
  assert.equal(formatAgo(undefined, NOW), '—');
  assert.equal(formatAgo('', NOW), '—');
  assert.equal(formatAgo('not a time', NOW), 'not a time');
});
