// The failing-now list as pasted into a ticket: tab-separated, exact UTC times, no tab or newline from a
// device's name breaking a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failingNowText } from '../../renderer/src/lib/failing-now-text';

test('one device a line, times exact in UTC, the headline beside the code', () => {
  const text = failingNowText(
    [
      {
        device: 'PC-00010',
        code: 'KDC_UNREACHABLE',
        since: '2026-11-30T08:15:00.000Z',
        sinceExact: true,
        lastPass: '2026-11-29T17:00:00.000Z',
        latest: '2026-12-02T09:00:00.000Z',
        site: '10.20.5.0/24',
        server: 'sqlmi1.contoso-fleet.database.windows.net',
        foreign: false,
      },
      {
        device: 'PC\t00011\nx',
        code: 'NO_TGT',
        since: '2026-12-01T00:00:00.000Z',
        sinceExact: false,
        lastPass: null,
        latest: '2026-12-02T09:00:00.000Z',
        site: null,
        server: 'sqlmi1.contoso-fleet.database.windows.net',
        foreign: true,
      },
    ],
    { KDC_UNREACHABLE: 'The device could not reach a KDC' },
  );
  assert.deepEqual(text.split('\n'), [
    'Device\tCode\tHeadline\tFailing since (UTC)\tLast pass (UTC)\tSite\tInstance\tNote',
    'PC-00010\tKDC_UNREACHABLE\tThe device could not reach a KDC\t2026-11-30 08:15:00 UTC\t2026-11-29 17:00:00 UTC\t' +
      '10.20.5.0/24\tsqlmi1.contoso-fleet.database.windows.net\t',
    'PC 00011 x\tNO_TGT\t\tat least since 2026-12-01 00:00:00 UTC\tnever\t\tsqlmi1.contoso-fleet.database.windows.net\t' +
      "lines from another device's file",
    '',
  ]);
});
