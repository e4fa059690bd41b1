// The checks behind a narrowing or one device, newest first, with the file and line each came from: the
// drill-down `kerbprobe analyze --fleet --device/--code` prints.
import { useContext } from 'react';
import {
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
import type { FleetSummary } from '../../../electron/contract/fleet';
import { ClockContext } from '../lib/clock-context';
import { formatAgo, formatUtc } from '../lib/time-text';
import { BreakableName } from './breakable-name';
import { CodeLabel } from './code-label';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  when: { width: '14%' },
  code: { width: '26%' },
  step: { width: '14%' },
  wide: { width: '23%' },
  small: { fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  source: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export function FleetDrill({ drill, title }: { drill: NonNullable<FleetSummary['drill']>; title: string }) {
  const styles = useStyles();
  const now = useContext(ClockContext)();
  return (
    <section aria-label={title} className={styles.root} data-testid="fleet-drill" data-matched={drill.matched}>
      <Text as="h3" size={400} weight="semibold">
        {title}: {drill.matched} checks on {drill.devices.length} devices
        {drill.entries.length < drill.matched ? ` (the newest ${drill.entries.length})` : ''}
      </Text>
      <Table size="small" aria-label="Checks, newest first">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.when}>When</TableHeaderCell>
            <TableHeaderCell className={styles.code}>Result</TableHeaderCell>
            <TableHeaderCell className={styles.step}>Failed step</TableHeaderCell>
            <TableHeaderCell className={styles.wide}>Device, user, site</TableHeaderCell>
            <TableHeaderCell className={styles.wide}>From</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {drill.entries.map(({ source, entry }) => (
            <TableRow key={source} data-source={source}>
              <TableCell>
                <Tooltip content={formatUtc(entry.time)} relationship="description">
                  <time dateTime={entry.time} data-exact={formatUtc(entry.time)} tabIndex={0}>
                    {formatAgo(entry.time, now)}
                  </time>
                </Tooltip>
              </TableCell>
              <TableCell>{entry.code ? <CodeLabel code={entry.code} compact /> : 'Passed'}</TableCell>
              <TableCell className={styles.small}>{entry.failedStep ?? '—'}</TableCell>
              <TableCell className={styles.small}>
                {entry.device}
                <br />
                {entry.user ? <BreakableName text={entry.user} /> : '—'} · {entry.subnet ?? '—'} · {entry.os}
              </TableCell>
              <TableCell className={styles.source}>
                <BreakableName text={source} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
