// Check: the form on one side; the live steps, then the result, on the other.
import { useEffect, useRef, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Stop20Filled } from '@fluentui/react-icons';
import type { CheckReport } from '../../../electron/contract/report';
import type { RecentServer } from '../../../electron/contract/ipc';
import { errorText, getApi, newRunId } from '../api';
import { CheckForm, INITIAL_FORM, toCheckInput, type FormValues } from './check-form';
import { ReportView } from './report-view';
import { StepList, type StepRow } from './step-list';
import { ServerHistory } from './server-history';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(300px, 380px) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    '@media (max-width: 959px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  progressHead: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  empty: {
    color: tokens.colorNeutralForeground2,
    padding: tokens.spacingVerticalXXL,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
});

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; runId: string; rows: StepRow[] }
  | { kind: 'done'; report: CheckReport }
  | { kind: 'error'; message: string; rows: StepRow[] };

export function CheckView() {
  const styles = useStyles();
  const [values, setValues] = useState<FormValues>(INITIAL_FORM);
  const [recent, setRecent] = useState<RecentServer[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [formError, setFormError] = useState<string | null>(null);
  const runRef = useRef<string | null>(null);

  useEffect(() => {
    const api = getApi();
    if (!api) return;
    api.state.recentServers().then(setRecent, () => setRecent([]));
    return api.onProgress((event) => {
      // An admin read's sign-in prompt travels on the same channel: the Instance and tenant tab shows it.
      if (event.runId !== runRef.current || event.kind === 'device-code') return;
      setPhase((previous) => {
        if (previous.kind !== 'running') return previous;
        const rows = [...previous.rows];
        const id = event.kind === 'started' ? event.id : event.step.id;
        const row: StepRow =
          event.kind === 'started'
            ? { id, title: event.title, status: 'running', ms: null, detail: '' }
            : {
                id,
                title: event.step.title,
                status: event.step.status,
                ms: event.step.status === 'skip' ? null : event.step.ms,
                detail: event.step.detail,
              };
        const index = rows.findIndex((r) => r.id === id);
        if (index >= 0) rows[index] = row;
        else rows.push(row);
        return { ...previous, rows };
      });
    });
  }, []);

  async function run() {
    const api = getApi();
    const parsed = toCheckInput(values);
    if ('error' in parsed) {
      setFormError(parsed.error);
      return;
    }
    setFormError(null);
    if (!api) return;
    const runId = newRunId();
    runRef.current = runId;
    setPhase({ kind: 'running', runId, rows: [] });
    try {
      const report = await api.check.run({ runId, input: parsed.input });
      if (runRef.current === runId) setPhase({ kind: 'done', report });
    } catch (err) {
      if (runRef.current === runId)
        setPhase((p) => ({ kind: 'error', message: errorText(err), rows: p.kind === 'running' ? p.rows : [] }));
    } finally {
      api.state.recentServers().then(setRecent, () => {});
    }
  }

  async function cancel() {
    const api = getApi();
    if (api && phase.kind === 'running') await api.check.cancel({ runId: phase.runId });
  }

  return (
    <div className={styles.layout}>
      <div className={styles.panel}>
        <CheckForm
          values={values}
          onChange={setValues}
          onSubmit={() => {
            void run();
          }}
          recent={recent}
          running={phase.kind === 'running'}
        />
        {formError && (
          <MessageBar intent="error">
            <MessageBarBody>{formError}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.panel} aria-live="polite" aria-busy={phase.kind === 'running'}>
        {phase.kind === 'idle' && (
          <Text className={styles.empty} block>
            Enter the managed instance name and run the check. KerbProbe walks every hop as you, the signed-in user:
            name resolution, the network, your Kerberos tickets, each KDC, the SQL login and a verification query.
          </Text>
        )}
        {phase.kind === 'running' && (
          <>
            <div className={styles.progressHead}>
              <Text as="h2" size={500} weight="semibold">
                Checking…
              </Text>
              <Button
                icon={<Stop20Filled />}
                onClick={() => {
                  void cancel();
                }}
              >
                Cancel
              </Button>
            </div>
            <StepList rows={phase.rows} label="Steps as they run" />
          </>
        )}
        {phase.kind === 'error' && (
          <>
            <MessageBar intent="error" layout="multiline" data-testid="check-error">
              <MessageBarBody>
                <MessageBarTitle>The check did not finish</MessageBarTitle>
                {phase.message}
              </MessageBarBody>
            </MessageBar>
            {phase.rows.length > 0 && <StepList rows={phase.rows} label="Steps that ran" />}
          </>
        )}
        {phase.kind === 'done' && <ReportView report={phase.report} focusVerdict />}
        {phase.kind === 'done' && (
          <ServerHistory
            server={phase.report.target.server}
            port={phase.report.target.port}
            refreshKey={phase.report.startedAt}
          />
        )}
      </div>
    </div>
  );
}
