// The tickets in this logon session, as the chain diagram and a table, with a guarded purge.
import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
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
import { ArrowSync20Regular, Delete20Regular } from '@fluentui/react-icons';
import type { TicketSet } from '../../../electron/contract/report';
import { TICKET_ERROR_CODES } from '../../../electron/contract/error-codes';
import { errorText, getApi } from '../api';
import { ChainDiagram } from './chain-diagram';
import { describeExpiry, formatDateTime } from '../lib/time-text';

const NO_PRINCIPAL = 'No Kerberos principal in this session';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  tableWrap: { overflowX: 'auto' },
  empty: {
    color: tokens.colorNeutralForeground2,
    padding: tokens.spacingVerticalXXL,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

export function TicketsView() {
  const styles = useStyles();
  const [set, setSet] = useState<TicketSet | null>(null);
  /** No credential cache at all (after a purge, or before the first sign-in): an empty state, not an error. */
  const [noCache, setNoCache] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    const api = getApi();
    if (!api) return;
    setError(null);
    try {
      setSet(await api.tickets.list());
      setNoCache(false);
    } catch (err) {
      setSet(null);
      if ((err as { code?: unknown }).code === TICKET_ERROR_CODES.noCache) setNoCache(true);
      else {
        setNoCache(false);
        setError(errorText(err));
      }
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function purge() {
    const api = getApi();
    if (!api) return;
    try {
      const { purged } = await api.tickets.purge();
      setStatus(purged ? 'Tickets purged. Windows gets new ones at the next connection.' : 'Nothing was purged.');
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  const now = new Date();
  return (
    <div className={styles.root}>
      <div className={styles.actions}>
        <Button
          icon={<ArrowSync20Regular />}
          onClick={() => {
            void load();
          }}
        >
          Refresh
        </Button>
        <Button
          icon={<Delete20Regular />}
          onClick={() => {
            void purge();
          }}
        >
          Purge tickets…
        </Button>
        <Text size={200} role="status" aria-live="polite">
          {status}
        </Text>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {noCache && (
        <Text className={styles.empty} block data-testid="tickets-empty">
          No Kerberos tickets in this session. Windows gets new ones when you next connect to a server that uses
          Kerberos, or when you lock and unlock the computer; run a check to get the tickets for the database.
        </Text>
      )}
      {set && (
        <>
          <Text>
            {set.defaultPrincipal ? `Signed in as ${set.defaultPrincipal}` : NO_PRINCIPAL} · {set.tickets.length} ticket
            {set.tickets.length === 1 ? '' : 's'} ({set.source})
          </Text>
          {set.chain.hops.length > 0 && (
            <ChainDiagram chain={set.chain} tickets={set.tickets} principal={set.defaultPrincipal} reference={now} />
          )}
          {set.tickets.length > 0 && (
            <div className={styles.tableWrap}>
              <Table aria-label="Tickets in the cache" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Server</TableHeaderCell>
                    <TableHeaderCell>Realm</TableHeaderCell>
                    <TableHeaderCell>Ends</TableHeaderCell>
                    <TableHeaderCell>Encryption</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {set.tickets.map((t, i) => (
                    <TableRow key={i}>
                      <TableCell className={styles.mono}>{t.server}</TableCell>
                      <TableCell>{t.serverRealm}</TableCell>
                      <TableCell>
                        {formatDateTime(t.end)} ({describeExpiry(t.end, now).text})
                      </TableCell>
                      <TableCell>{t.ticketEnctype ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
