// One grouping of the fleet (by code, OS build, flow, site, KDC, instance): its top rows with "Show all (N)",
// codes with their headline, first and last seen relative to the injected clock (exact UTC on hover). A code
// narrows the whole view to it.
import { useContext, useState } from 'react';
import {
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
import type { DiagnosisCode } from '../../../electron/contract/codes';
import type { FleetGroup } from '../../../electron/contract/fleet';
import type { FleetDimension } from '../../../electron/contract/fleet-keys';
import { ClockContext } from '../lib/clock-context';
import { formatAgo, formatUtc } from '../lib/time-text';
import { CodeLabel } from './code-label';

/** Rows a grouping shows before "Show all". */
export const GROUP_ROWS_SHOWN = 5;

export const GROUP_TITLES: Record<FleetDimension, string> = {
  code: 'By code',
  os: 'By OS build',
  flow: 'By Kerberos flow',
  subnet: 'By site (client subnet)',
  kdc: 'By site (KDC reached)',
  server: 'By instance',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  key: { width: '34%' },
  number: { width: '11%' },
  time: { width: '16.5%' },
  keyCell: { overflowWrap: 'anywhere', fontSize: tokens.fontSizeBase200 },
  codeButton: { minWidth: 0, padding: 0, textAlign: 'start', justifyContent: 'start', height: 'auto' },
  numbers: { fontVariantNumeric: 'tabular-nums' },
});

function Ago({ iso, now }: { iso: string; now: Date }) {
  return (
    <Tooltip content={formatUtc(iso)} relationship="description">
      <time dateTime={iso} data-exact={formatUtc(iso)} tabIndex={0}>
        {formatAgo(iso, now)}
      </time>
    </Tooltip>
  );
}

export function FleetGroupTable({
  dimension,
  groups,
  headlines,
  onCode,
}: {
  dimension: FleetDimension;
  groups: FleetGroup[];
  headlines: Partial<Record<DiagnosisCode, string>>;
  onCode: (code: string) => void;
}) {
  const styles = useStyles();
  const now = useContext(ClockContext)();
  const [all, setAll] = useState(false);
  const shown = all ? groups : groups.slice(0, GROUP_ROWS_SHOWN);
  const title = GROUP_TITLES[dimension];
  return (
    <section aria-label={title} className={styles.root} data-testid={`fleet-${dimension}`} data-groups={groups.length}>
      <Text as="h3" size={400} weight="semibold">
        {title}
      </Text>
      <Table size="small" aria-label={title}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.key}>{dimension === 'code' ? 'Code' : 'Value'}</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Checks</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Failed</TableHeaderCell>
            <TableHeaderCell className={styles.number}>Devices</TableHeaderCell>
            <TableHeaderCell className={styles.time}>First seen</TableHeaderCell>
            <TableHeaderCell className={styles.time}>Last seen</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((group) => (
            <TableRow key={group.key} data-key={group.key} data-checks={group.checks} data-failures={group.failures}>
              <TableCell className={styles.keyCell}>
                {dimension === 'code' ? (
                  <Button
                    appearance="transparent"
                    size="small"
                    className={styles.codeButton}
                    onClick={() => onCode(group.key)}
                  >
                    <CodeLabel code={group.key} headline={headlines[group.key as DiagnosisCode]} />
                  </Button>
                ) : (
                  group.key
                )}
              </TableCell>
              <TableCell className={styles.numbers}>{group.checks}</TableCell>
              <TableCell className={styles.numbers}>{group.failures}</TableCell>
              <TableCell className={styles.numbers}>{group.devices}</TableCell>
              <TableCell>
                <Ago iso={group.firstSeen} now={now} />
              </TableCell>
              <TableCell>
                <Ago iso={group.lastSeen} now={now} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {groups.length > GROUP_ROWS_SHOWN && (
        <div>
          <Button size="small" onClick={() => setAll(!all)}>
            {all ? `Show the top ${GROUP_ROWS_SHOWN}` : `Show all (${groups.length})`}
          </Button>
        </div>
      )}
    </section>
  );
}
