// "Failing now", first on the Fleet tab: the devices whose latest check failed, longest-failing first (the
// engine's order), each with its code and the catalogue's headline, since when (relative, exact UTC on hover
// and in the copied list), its last pass and site. A device's name opens its checks. A device whose lines
// also came from another device's file is flagged: such lines may speak for it falsely.
import { useContext, useState } from 'react';
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Copy16Regular, Warning16Regular } from '@fluentui/react-icons';
import type { DiagnosisCode } from '../../../electron/contract/codes';
import type { FleetFailingDevice } from '../../../electron/contract/fleet';
import { ClockContext } from '../lib/clock-context';
import { failingNowText } from '../lib/failing-now-text';
import { formatAgo, formatUtc } from '../lib/time-text';
import { BreakableName } from './breakable-name';
import { CodeLabel } from './code-label';

const FOREIGN_NOTE = "Lines naming this device were also found in another device's file: they may not be its own.";

/** Rows shown before "Show all". */
export const FAILING_NOW_SHOWN = 10;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  device: { width: '22%' },
  code: { width: '38%' },
  time: { width: '12%' },
  site: { width: '16%' },
  cellDevice: { overflowWrap: 'anywhere' },
  deviceButton: { minWidth: 0, textAlign: 'start', justifyContent: 'start', overflowWrap: 'anywhere' },
  siteCell: { fontSize: tokens.fontSizeBase200 },
  note: { color: tokens.colorNeutralForeground3 },
});

interface Props {
  devices: FleetFailingDevice[];
  /** All devices failing now (the list may hold fewer). */
  total: number;
  headlines: Partial<Record<DiagnosisCode, string>>;
  onDevice(device: string): void;
}

function When({ iso, now, exact = true }: { iso: string | null; now: Date; exact?: boolean }) {
  if (!iso) return <>never</>;
  return (
    <Tooltip content={formatUtc(iso)} relationship="description">
      <time dateTime={iso} data-exact={formatUtc(iso)} tabIndex={0}>
        {exact ? '' : 'at least '}
        {formatAgo(iso, now)}
      </time>
    </Tooltip>
  );
}

export function FleetFailingNow({ devices, total, headlines, onDevice }: Props) {
  const styles = useStyles();
  const now = useContext(ClockContext)();
  const [all, setAll] = useState(false);
  const [copied, setCopied] = useState(false);
  const shown = all ? devices : devices.slice(0, FAILING_NOW_SHOWN);
  return (
    <section aria-label="Failing now" className={styles.root} data-testid="fleet-failing-now" data-total={total}>
      <div className={styles.head}>
        <Text as="h3" size={400} weight="semibold">
          Failing now: {total} {total === 1 ? 'device' : 'devices'}
        </Text>
        {devices.length > 0 && (
          <Button
            size="small"
            icon={<Copy16Regular />}
            onClick={() => {
              navigator.clipboard.writeText(failingNowText(devices, headlines)).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {copied ? 'Copied' : 'Copy list'}
          </Button>
        )}
      </div>
      {devices.length === 0 ? (
        <Text className={styles.note}>No device's latest check failed.</Text>
      ) : (
        <Table size="small" aria-label="Devices whose latest check failed, longest-failing first">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.device}>Device</TableHeaderCell>
              <TableHeaderCell className={styles.code}>Why</TableHeaderCell>
              <TableHeaderCell className={styles.time}>Failing since</TableHeaderCell>
              <TableHeaderCell className={styles.time}>Last pass</TableHeaderCell>
              <TableHeaderCell className={styles.site}>Site</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((d) => (
              <TableRow key={d.device} data-device={d.device} data-code={d.code} data-since={d.since}>
                <TableCell className={styles.cellDevice}>
                  <Button
                    size="small"
                    appearance="transparent"
                    className={styles.deviceButton}
                    onClick={() => onDevice(d.device)}
                    aria-label={`${d.device}: open its checks`}
                  >
                    {d.device}
                  </Button>
                  {d.foreign && (
                    <Tooltip content={FOREIGN_NOTE} relationship="description">
                      <Badge
                        color="warning"
                        appearance="tint"
                        size="small"
                        icon={<Warning16Regular />}
                        data-testid="fleet-foreign-flag"
                        tabIndex={0}
                      >
                        lines from another file
                      </Badge>
                    </Tooltip>
                  )}
                </TableCell>
                <TableCell>
                  <CodeLabel code={d.code} headline={headlines[d.code]} />
                </TableCell>
                <TableCell>
                  <When iso={d.since} now={now} exact={d.sinceExact} />
                </TableCell>
                <TableCell>
                  <When iso={d.lastPass} now={now} />
                </TableCell>
                <TableCell className={styles.siteCell}>{d.site ? <BreakableName text={d.site} /> : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {devices.length > FAILING_NOW_SHOWN && (
        <div>
          <Button size="small" onClick={() => setAll(!all)}>
            {all ? `Show the first ${FAILING_NOW_SHOWN}` : `Show all (${devices.length})`}
          </Button>
        </div>
      )}
      {total > devices.length && (
        <Text size={200} className={styles.note}>
          The list holds the {devices.length} longest-failing of {total}.
        </Text>
      )}
    </section>
  );
}
