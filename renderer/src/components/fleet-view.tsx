// The Helpdesk's Fleet tab: many users' history files (a folder a log shipper or a share collected) read
// by the engine into counts by code, OS build, flow and site, with first and last seen and the devices
// affected; choosing a code lists its checks, newest first, with the file and line each came from.
import { useState, type ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
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
import { ArrowLeft20Regular, Dismiss20Regular, FolderOpen20Regular } from '@fluentui/react-icons';
import type { FleetGroup, FleetQuery, FleetSummary } from '../../../electron/contract/fleet';
import { FLEET_DIMENSIONS, PASS_KEY, type FleetDimension } from '../../../electron/contract/fleet-keys';
import type { KerbProbeCallError } from '../../../electron/contract/ipc';
import { IPC_ERROR_CODES } from '../../../electron/contract/error-codes';
import { errorText, getApi } from '../api';
import { formatDateTime } from '../lib/time-text';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(460px, 1fr))',
    gap: tokens.spacingHorizontalXL,
  },
  tableWrap: { overflowX: 'auto' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  note: { color: tokens.colorNeutralForeground3 },
});

const TITLES: Record<FleetDimension, string> = {
  code: 'By code',
  os: 'By OS build',
  flow: 'By Kerberos flow',
  subnet: 'By site (client subnet)',
  kdc: 'By site (KDC reached)',
  server: 'By instance',
};

function GroupTable({
  dimension,
  groups,
  onCode,
}: {
  dimension: FleetDimension;
  groups: FleetGroup[];
  onCode: (code: string) => void;
}) {
  const styles = useStyles();
  return (
    <section aria-label={TITLES[dimension]} className={styles.tableWrap} data-testid={`fleet-${dimension}`}>
      <Text as="h3" size={400} weight="semibold">
        {TITLES[dimension]}
      </Text>
      <Table size="small" aria-label={TITLES[dimension]}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{dimension === 'code' ? 'Code' : 'Value'}</TableHeaderCell>
            <TableHeaderCell>Checks</TableHeaderCell>
            <TableHeaderCell>Failed</TableHeaderCell>
            <TableHeaderCell>Devices</TableHeaderCell>
            <TableHeaderCell>First seen</TableHeaderCell>
            <TableHeaderCell>Last seen</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {groups.slice(0, 25).map((group) => (
            <TableRow key={group.key}>
              <TableCell className={styles.mono}>
                {dimension === 'code' ? (
                  <Button appearance="transparent" size="small" onClick={() => onCode(group.key)}>
                    {group.key}
                  </Button>
                ) : (
                  group.key
                )}
              </TableCell>
              <TableCell>{group.checks}</TableCell>
              <TableCell>{group.failures}</TableCell>
              <TableCell>{group.devices}</TableCell>
              <TableCell>{formatDateTime(group.firstSeen)}</TableCell>
              <TableCell>{formatDateTime(group.lastSeen)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

function Drill({ summary, onBack }: { summary: FleetSummary; onBack: () => void }) {
  const styles = useStyles();
  const drill = summary.drill!;
  const subject = drill.query.code ?? drill.query.device;
  return (
    <section aria-label="Checks with this code" data-testid="fleet-drill">
      <div className={styles.actions}>
        <Button icon={<ArrowLeft20Regular />} onClick={onBack}>
          All groups
        </Button>
        <Text weight="semibold">
          {subject}: {drill.matched} checks on {drill.devices.length} devices (newest {drill.entries.length})
        </Text>
      </div>
      <div className={styles.tableWrap}>
        <Table size="small" aria-label="Checks">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Device</TableHeaderCell>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell>Instance</TableHeaderCell>
              <TableHeaderCell>Failed step</TableHeaderCell>
              <TableHeaderCell>OS</TableHeaderCell>
              <TableHeaderCell>Site</TableHeaderCell>
              <TableHeaderCell>From</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {drill.entries.map(({ source, entry: e }) => (
              <TableRow key={source}>
                <TableCell>{formatDateTime(e.time)}</TableCell>
                <TableCell>{e.device}</TableCell>
                <TableCell>{e.user ?? '—'}</TableCell>
                <TableCell className={styles.mono}>
                  {e.server}:{e.port}
                </TableCell>
                <TableCell>{e.failedStep ?? '—'}</TableCell>
                <TableCell>{e.os}</TableCell>
                <TableCell>{e.subnet ?? '—'}</TableCell>
                <TableCell className={styles.mono}>{source}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

export function FleetView() {
  const styles = useStyles();
  const [summary, setSummary] = useState<FleetSummary | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelled, setCancelled] = useState(false);

  async function read(again: boolean, query?: FleetQuery) {
    const api = getApi();
    if (!api) return;
    setBusy(true);
    setError(null);
    setCancelled(false);
    try {
      const answer = await api.fleet.analyze(query ? { again, query } : { again });
      if (answer.summary) {
        setSummary(answer.summary);
        setSource(answer.source);
      }
    } catch (err) {
      if ((err as Partial<KerbProbeCallError> | null)?.code === IPC_ERROR_CODES.cancelled) setCancelled(true);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function cancel() {
    void getApi()
      ?.fleet.cancel()
      .catch((err: unknown) => setError(errorText(err)));
  }

  return (
    <div className={styles.root}>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<FolderOpen20Regular />}
          disabled={busy}
          onClick={() => {
            void read(false);
          }}
        >
          Open history folders…
        </Button>
        {busy && (
          <Button icon={<Dismiss20Regular />} onClick={cancel}>
            Cancel
          </Button>
        )}
        <Text size={200} className={styles.note}>
          Folders of KerbProbe history files (.jsonl) and saved reports, as a log shipper or a share collects them.
        </Text>
      </div>
      <div aria-live="polite" aria-busy={busy}>
        {busy && <Spinner size="tiny" label="Reading the history files…" data-testid="fleet-busy" />}
        {cancelled && (
          <MessageBar intent="info" data-testid="fleet-cancelled">
            <MessageBarBody>The fleet analysis was cancelled; nothing below changed.</MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error" data-testid="fleet-error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        {summary && (
          <div className={styles.root}>
            <Text data-testid="fleet-totals">
              {source}: {summary.checks} checks ({summary.failures} failed) from {summary.files} files ·{' '}
              {summary.devices}
              {summary.devicesCapped ? '+' : ''} devices, {summary.devicesFailingNow} failing now ·{' '}
              {formatDateTime(summary.firstSeen)} – {formatDateTime(summary.lastSeen)}
              {summary.skipped ? ` · ${summary.skipped} lines skipped` : ''}
              {summary.outOfRange ? ` · ${summary.outOfRange} checks refused for an impossible time` : ''}
            </Text>
            {summary.unreadable.map((u) => (
              <Text key={u.path} size={200} className={styles.note}>
                Not read: {u.path}: {u.problem}
              </Text>
            ))}
            {summary.drill ? (
              <Drill
                summary={summary}
                onBack={() => {
                  void read(true);
                }}
              />
            ) : (
              <div className={styles.grid}>
                {FLEET_DIMENSIONS.map((d) => (
                  <GroupTable
                    key={d}
                    dimension={d}
                    groups={summary.groups[d]}
                    onCode={(code) => {
                      void read(true, { code: code as FleetQuery['code'] & string, limit: 200 });
                    }}
                  />
                ))}
              </div>
            )}
            {!summary.drill && (
              <Text size={200} className={styles.note}>
                Choose a code to list its checks; {PASS_KEY} lists the checks that passed.
              </Text>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The Helpdesk view's tab between its evidence view and the Fleet view: the tabs, whether Fleet is showing,
 * and the Fleet view (kept mounted, so switching back keeps the summary).
 */
export function useFleetTab(): { tabs: ReactNode; showing: boolean; view: ReactNode } {
  const [tab, setTab] = useState<'evidence' | 'fleet'>('evidence');
  const tabs = (
    <TabList
      size="small"
      selectedValue={tab}
      onTabSelect={(_, d) => setTab(d.value as 'evidence' | 'fleet')}
      aria-label="Helpdesk views"
    >
      <Tab value="evidence">What a user sent</Tab>
      <Tab value="fleet">Fleet</Tab>
    </TabList>
  );
  return {
    tabs,
    showing: tab === 'fleet',
    view: (
      <div hidden={tab !== 'fleet'}>
        <FleetView />
      </div>
    ),
  };
}
