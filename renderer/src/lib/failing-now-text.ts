// The failing-now list as text for the clipboard (a ticket, a spreadsheet): tab-separated, one device a line,
// times exact in UTC (a relative "3 h ago" means nothing once pasted).
import type { DiagnosisCode } from '../../../electron/contract/codes';
import type { FleetFailingDevice } from '../../../electron/contract/fleet';
import { formatUtc } from './time-text';

const COLUMNS = ['Device', 'Code', 'Headline', 'Failing since (UTC)', 'Last pass (UTC)', 'Site', 'Instance', 'Note'];

export function failingNowText(
  devices: readonly FleetFailingDevice[],
  headlines: Partial<Record<DiagnosisCode, string>>,
): string {
  const cell = (text: string) => text.replace(/[\t\r\n]+/g, ' ');
  const rows = devices.map((d) =>
    [
      d.device,
      d.code,
      headlines[d.code] ?? '',
      `${d.sinceExact ? '' : 'at least since '}${formatUtc(d.since)}`,
      d.lastPass ? formatUtc(d.lastPass) : 'never',
      d.site ?? '',
      d.server,
      d.foreign ? "lines from another device's file" : '',
    ]
      .map(cell)
      .join('\t'),
  );
  return [COLUMNS.join('\t'), ...rows].join('\n') + '\n';
}
