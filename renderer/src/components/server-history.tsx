// The recent checks of one server from this user's history (the file every check appends to): did it work
// yesterday, since when does it fail, from which device.
import { useEffect, useState } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { HistoryRead } from '../../../electron/contract/history';
import { errorText, getApi } from '../api';
import { formatDateTime } from '../lib/time-text';
import { StatusIcon } from './status-icon';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  note: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export interface ServerHistoryProps {
  server: string;
  port: number;
  /** Changes when a new check finished, so the list is read again. */
  refreshKey: string;
}

export function ServerHistory({ server, port, refreshKey }: ServerHistoryProps) {
  const styles = useStyles();
  const [history, setHistory] = useState<HistoryRead | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const api = getApi();
    if (!api) return;
    let live = true;
    api.history.recent({ server, port, limit: 10 }).then(
      (h) => {
        if (live) {
          setHistory(h);
          setError(null);
        }
      },
      (err: unknown) => {
        if (live) {
          setError(errorText(err));
          setHistory(null);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [server, port, refreshKey]);

  if (error)
    return (
      <Text className={styles.note} data-testid="server-history-error">
        History not available: {error}
      </Text>
    );
  if (!history) return null;
  const rows = [...history.entries].reverse();
  return (
    <section className={styles.root} aria-label={`Recent checks of ${server}`} data-testid="server-history">
      <Text as="h3" size={400} weight="semibold">
        Recent checks of {server}:{port}
      </Text>
      {rows.length === 0 ? (
        <Text className={styles.note}>No checks of this server recorded yet.</Text>
      ) : (
        <Table size="small" aria-label="Recent checks">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
              <TableHeaderCell>Flow</TableHeaderCell>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Device</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((e, i) => (
              <TableRow key={`${e.time}-${i}`}>
                <TableCell>{formatDateTime(e.time)}</TableCell>
                <TableCell>
                  <StatusIcon status={e.verdict} />{' '}
                  {e.verdict === 'pass' ? 'Passed' : <span className={styles.mono}>{e.code ?? 'UNKNOWN'}</span>}
                </TableCell>
                <TableCell>{e.flow ?? '—'}</TableCell>
                <TableCell>{e.totalMs} ms</TableCell>
                <TableCell>{e.device}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Text size={200} className={styles.note}>
        Kept in {history.path}
        {history.skipped ? ` (${history.skipped} damaged line(s) skipped)` : ''}
      </Text>
    </section>
  );
}
