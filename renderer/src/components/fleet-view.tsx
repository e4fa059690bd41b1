// The Helpdesk's Fleet tab: many users' history files (a folder a log shipper or a share collected) read by
// the engine. It opens on what a helpdesk lead asks first — the timeline of checks and failures by code, and
// the devices failing now — then the groupings (code, OS build, flow, site, KDC, instance), each its top rows.
// A code (legend, grouping) or a bucket (bar) narrows everything below it; a device opens its checks.
import { Suspense, lazy, useState, type ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
  Tag,
  TagGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowLeft20Regular, Dismiss20Regular, FolderOpen20Regular } from '@fluentui/react-icons';
import type { DiagnosisCode } from '../../../electron/contract/codes';
import type { FleetQuery, FleetSummary } from '../../../electron/contract/fleet';
import { FLEET_DIMENSIONS } from '../../../electron/contract/fleet-keys';
import type { KerbProbeCallError } from '../../../electron/contract/ipc';
import { IPC_ERROR_CODES } from '../../../electron/contract/error-codes';
import { errorText, getApi } from '../api';
import { narrowingChips } from '../lib/fleet-timeline';
import { formatUtc } from '../lib/time-text';
import type { TimelineNarrowing } from './fleet-timeline-chart';
import { FleetFailingNow } from './fleet-failing-now';
import { FleetGroupTable } from './fleet-group-table';
import { FleetDrill } from './fleet-drill';
import { AdminView } from './admin-view';

// The chart library (and d3 under it) loads with the first fleet, not with the app: its own chunk.
const FleetTimelineChart = lazy(() =>
  import('./fleet-timeline-chart').then((m) => ({ default: m.FleetTimelineChart })),
);

/** Checks a narrowed view lists under its groupings; a device's own checks list up to DEVICE_CHECKS. */
const NARROWED_CHECKS = 50;
const DEVICE_CHECKS = 200;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', minWidth: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 440px), 1fr))',
    gap: tokens.spacingHorizontalXL,
    minWidth: 0,
  },
  note: { color: tokens.colorNeutralForeground3 },
  totals: { overflowWrap: 'anywhere' },
});

interface Shown {
  summary: FleetSummary;
  source: string | null;
  narrowing: TimelineNarrowing;
  device: string | null;
}

/** "1 line", "3 lines". */
function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function foreignNote(foreign: FleetSummary['foreign']): string {
  return (
    `${counted(foreign.lines, 'line')} in ${counted(foreign.files.length, 'file')} ` +
    `${foreign.lines === 1 ? 'names' : 'name'} ` +
    `${counted(foreign.devices, 'device')} other than the file's owner: anyone who can write to the share can speak ` +
    'for other devices. Such lines count in the timeline and the groups, never in the failing-now state of a ' +
    'device with a file of its own. Each device should be able to write only its own file.'
  );
}

function queryOf(narrowing: TimelineNarrowing, device: string | null): FleetQuery | undefined {
  if (device) return { device, limit: DEVICE_CHECKS };
  const narrowed = narrowing.code !== undefined || narrowing.from !== undefined || narrowing.to !== undefined;
  return narrowed ? ({ ...narrowing, limit: NARROWED_CHECKS } as FleetQuery) : undefined;
}

function Totals({ shown }: { shown: Shown }) {
  const styles = useStyles();
  const { summary, source } = shown;
  return (
    <Text data-testid="fleet-totals" className={styles.totals}>
      {source}: {summary.checks} checks ({summary.failures} failed) from {summary.files} files · {summary.devices}
      {summary.devicesCapped ? '+' : ''} devices, {summary.devicesFailingNow} failing now ·{' '}
      <span title={`${formatUtc(summary.firstSeen)} – ${formatUtc(summary.lastSeen)}`}>
        {summary.firstSeen?.slice(0, 10) ?? '—'} – {summary.lastSeen?.slice(0, 10) ?? '—'}
      </span>
      {summary.skipped ? ` · ${summary.skipped} lines skipped` : ''}
      {summary.outOfRange ? ` · ${summary.outOfRange} checks refused for an impossible time` : ''}
    </Text>
  );
}

function NarrowingChips({ shown, onNarrow }: { shown: Shown; onNarrow: (n: TimelineNarrowing) => void }) {
  const chips = narrowingChips(shown.narrowing as FleetQuery, shown.summary.timeline);
  if (!chips.code && !chips.time) return null;
  return (
    <TagGroup
      aria-label="Narrowed to"
      data-testid="fleet-narrowing"
      onDismiss={(_event, { value }) => {
        const { code, from, to } = shown.narrowing;
        onNarrow(value === 'code' ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : code ? { code } : {});
      }}
    >
      {chips.code && (
        <Tag dismissible value="code" data-testid="fleet-narrowing-code" dismissIcon={{ 'aria-label': 'clear' }}>
          narrowed to {chips.code}
        </Tag>
      )}
      {chips.time && (
        <Tag dismissible value="time" data-testid="fleet-narrowing-time" dismissIcon={{ 'aria-label': 'clear' }}>
          narrowed to {chips.time}
        </Tag>
      )}
    </TagGroup>
  );
}

function Overview({
  shown,
  onNarrow,
  onDevice,
}: {
  shown: Shown;
  onNarrow: (n: TimelineNarrowing) => void;
  onDevice: (device: string) => void;
}) {
  const styles = useStyles();
  const { summary, narrowing } = shown;
  // The catalogue's headline of each code the summary names (the engine adds them: the page has no catalogue).
  const headlines: Partial<Record<DiagnosisCode, string>> = summary.titles;
  return (
    <>
      <NarrowingChips shown={shown} onNarrow={onNarrow} />
      <Suspense fallback={<Spinner size="tiny" label="Drawing the timeline…" />}>
        <FleetTimelineChart
          timeline={summary.timeline}
          headlines={headlines}
          selected={narrowing}
          onNarrow={onNarrow}
        />
      </Suspense>
      <FleetFailingNow
        devices={summary.failingNow}
        total={summary.devicesFailingNow}
        headlines={headlines}
        onDevice={onDevice}
      />
      {summary.foreign.lines > 0 && (
        <MessageBar intent="warning" data-testid="fleet-foreign">
          <MessageBarBody>{foreignNote(summary.foreign)}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.grid}>
        {FLEET_DIMENSIONS.map((d) => (
          <FleetGroupTable
            key={d}
            dimension={d}
            groups={summary.groups[d]}
            headlines={headlines}
            onCode={(code) => onNarrow({ ...narrowing, code })}
          />
        ))}
      </div>
      {summary.drill && <FleetDrill drill={summary.drill} title="Checks narrowed to this" />}
    </>
  );
}

export function FleetView() {
  const styles = useStyles();
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelled, setCancelled] = useState(false);

  async function read(again: boolean, narrowing: TimelineNarrowing = {}, device: string | null = null) {
    const api = getApi();
    if (!api) return;
    setBusy(true);
    setError(null);
    setCancelled(false);
    try {
      const query = queryOf(narrowing, device);
      const answer = await api.fleet.analyze(query ? { again, query } : { again });
      if (answer.summary)
        setShown({
          summary: answer.summary,
          source: answer.source,
          narrowing,
          device,
        });
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
      </div>
      {shown && (
        <div className={styles.root} aria-busy={busy}>
          <Totals shown={shown} />
          {shown.summary.unreadable.map((u) => (
            <Text key={u.path} size={200} className={styles.note}>
              Not read: {u.path}: {u.problem}
            </Text>
          ))}
          {shown.device ? (
            <>
              <div className={styles.actions}>
                <Button
                  icon={<ArrowLeft20Regular />}
                  disabled={busy}
                  onClick={() => {
                    void read(true, shown.narrowing);
                  }}
                >
                  Back to the fleet
                </Button>
              </div>
              {shown.summary.drill && <FleetDrill drill={shown.summary.drill} title={shown.device} />}
            </>
          ) : (
            <Overview
              shown={shown}
              onNarrow={(narrowing) => {
                if (!busy) void read(true, narrowing);
              }}
              onDevice={(device) => {
                if (!busy) void read(true, shown.narrowing, device);
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The Helpdesk view's tab between its evidence view and the Fleet view: the tabs, whether Fleet is showing,
 * and the Fleet view (kept mounted, so switching back keeps the summary).
 */
export function useFleetTab(): { tabs: ReactNode; showing: boolean; view: ReactNode } {
  const [tab, setTab] = useState<'evidence' | 'fleet' | 'admin'>('evidence');
  const tabs = (
    <TabList
      size="small"
      selectedValue={tab}
      onTabSelect={(_, d) => setTab(d.value as 'evidence' | 'fleet' | 'admin')}
      aria-label="Helpdesk views"
    >
      <Tab value="evidence">What a user sent</Tab>
      <Tab value="fleet">Fleet</Tab>
      <Tab value="admin">Instance and tenant</Tab>
    </TabList>
  );
  return {
    tabs,
    showing: tab !== 'evidence',
    view: (
      <>
        <div hidden={tab !== 'fleet'}>
          <FleetView />
        </div>
        <div hidden={tab !== 'admin'}>
          <AdminView />
        </div>
      </>
    ),
  };
}
