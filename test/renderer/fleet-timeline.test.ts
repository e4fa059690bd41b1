// The timeline's words: bucket names in UTC by unit, the legend's order, and the narrowing chips (a bucket's end
// is the engine's, never derived here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FleetTimeline } from '../../electron/contract/fleet';
import { bucketLabel, narrowingChips, timelineCodes } from '../../renderer/src/lib/fleet-timeline';

const DAYS: FleetTimeline = {
  unit: 'day',
  earlier: 0,
  buckets: [
    {
      start: '2026-11-30T00:00:00.000Z',
      end: '2026-12-01T00:00:00.000Z',
      checks: 10,
      failures: 3,
      byCode: [{ code: 'NO_TGT', failures: 3 }],
    },
    {
      start: '2026-12-01T00:00:00.000Z',
      end: '2026-12-02T00:00:00.000Z',
      checks: 12,
      failures: 6,
      byCode: [
        { code: 'KDC_UNREACHABLE', failures: 5 },
        { code: 'CLOCK_SKEW', failures: 1 },
      ],
    },
  ],
};

test('bucket names are UTC calendar names, whatever the zone of the page', () => {
  // 30 Nov 2026 was a Monday (and 1 Dec a Tuesday).
  assert.equal(bucketLabel('2026-11-30T00:00:00.000Z', 'day'), 'Mon 30 Nov');
  assert.equal(bucketLabel('2026-12-01T00:00:00.000Z', 'day'), 'Tue 1 Dec');
  assert.equal(bucketLabel('2026-12-01T07:00:00.000Z', 'hour'), '1 Dec 07:00');
  assert.equal(bucketLabel('2026-11-30T00:00:00.000Z', 'week'), 'week of 30 Nov');
});

test('the legend lists the codes by failures over the whole timeline, most first', () => {
  assert.deepEqual(timelineCodes(DAYS), ['KDC_UNREACHABLE', 'NO_TGT', 'CLOCK_SKEW']);
  assert.deepEqual(timelineCodes({ unit: 'hour', earlier: 0, buckets: [] }), []);
});

test("the chips name the code and the bucket (or the span when it is not one bucket's)", () => {
  assert.deepEqual(narrowingChips({}, DAYS), { code: null, time: null });
  assert.deepEqual(narrowingChips({ code: 'NO_TGT' }, DAYS), { code: 'NO_TGT', time: null });
  assert.deepEqual(
    narrowingChips({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', code: 'CLOCK_SKEW' }, DAYS),
    { code: 'CLOCK_SKEW', time: 'Tue 1 Dec (UTC)' },
  );
  // A bucket's start with another end is a span, not that bucket.
  assert.deepEqual(narrowingChips({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-01T12:00:00.000Z' }, DAYS), {
    code: null,
    time: '2026-12-01T00:00:00.000Z – 2026-12-01T12:00:00.000Z (UTC)',
  });
  assert.deepEqual(narrowingChips({ from: '2026-11-30T06:00:00.000Z' }, DAYS), {
    code: null,
    time: '2026-11-30T06:00:00.000Z – … (UTC)',
  });
});
