// The Helpdesk's "Instance and tenant" tab: the managed instance's and the tenant's side of Windows
// Authentication (`kerbprobe admin`), from a saved admin report (opened or dropped; main validates it against the
// contract) or read live as the signed-in helpdesk (device code or the Azure CLI's account). Every string comes
// through getApi(), neutralised for display like all outside text; the device-code prompt shows only the page to
// open and the code, never a token. The tenant and the application (client) id are the CLI's `--tenant` and
// `--client-id`, read by the same reader (contract/admin-input.ts) that main applies again at the IPC boundary.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Copy16Regular, FolderOpen20Regular, Play20Filled, Stop20Filled } from '@fluentui/react-icons';
import type { AdminCheck, AdminFactOf, AdminReport, AdminSignInMethod } from '../../../electron/contract/admin';
import type { DeviceCodePrompt, KerbProbeCallError } from '../../../electron/contract/ipc';
import { IPC_ERROR_CODES } from '../../../electron/contract/error-codes';
import { readServerInput } from '../../../electron/contract/server-input';
import { readClientId, readTenant, type AdminInputResult } from '../../../electron/contract/admin-input';
import { errorText, getApi, newRunId } from '../api';
import { contentSizeProblem, dropSizeProblem } from '../lib/input-limits';
import { sentence } from '../lib/server-name';
import { DiagnosisCard } from './diagnosis-card';
import { StatusIcon, type Status } from './status-icon';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px', minWidth: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-start' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  server: { minWidth: 'min(100%, 360px)', flexGrow: 2, flexBasis: '360px' },
  /** Wide enough for a whole GUID (36 characters) in the input's font. */
  signInField: { minWidth: 'min(100%, 330px)', flexGrow: 1, flexBasis: '330px' },
  drop: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalM,
  },
  dragging: { backgroundColor: tokens.colorNeutralBackground2 },
  prompt: {
    border: `1px solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase500, letterSpacing: '0.1em' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `0 ${tokens.spacingHorizontalL}`, margin: 0 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  checks: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  lines: { margin: `2px 0 0 28px`, paddingLeft: '16px', overflowWrap: 'anywhere' },
  missing: { margin: `2px 0 0 28px`, color: tokens.colorStatusWarningForeground1 },
  note: { color: tokens.colorNeutralForeground3 },
  report: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
});

/** The check's status as the step list's icons show it; "could not read" is a warning that says what it lacks. */
const ICON: Record<AdminCheck['status'], Status> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  unreadable: 'warn',
  skipped: 'skip',
};
const STATUS_TEXT: Record<AdminCheck['status'], string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warning',
  unreadable: 'could not read',
  skipped: 'skipped',
};

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; runId: string; prompt: DeviceCodePrompt | null }
  | { kind: 'shown'; report: AdminReport; source: string };

function factOf<K extends 'admin-principal' | 'admin-connection'>(
  report: AdminReport,
  kind: K,
): AdminFactOf<K> | undefined {
  for (const check of report.checks)
    for (const fact of check.facts) if (fact.kind === kind) return fact as AdminFactOf<K>;
  return undefined;
}

function principalText(report: AdminReport): string {
  const fact = factOf(report, 'admin-principal');
  if (!fact) return 'not read';
  if (fact.type === null) return 'none (the instance has no service principal)';
  return fact.clientId ? `${fact.type} (client id ${fact.clientId})` : fact.type;
}

function connectionText(report: AdminReport): string {
  const fact = factOf(report, 'admin-connection');
  if (!fact) return 'not read';
  const type = fact.proxyOverride ?? 'not said';
  const endpoint =
    fact.publicEndpoint === null ? '' : `; public endpoint ${fact.publicEndpoint ? 'enabled' : 'disabled'}`;
  return `${type}${endpoint}`;
}

function AdminFacts({ report, source }: { report: AdminReport; source: string }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts} data-testid="admin-facts">
      <dt>Instance</dt>
      <dd className={styles.dd}>{report.instance ? report.instance.resourceId : `${report.server} (not found)`}</dd>
      <dt>Connection type</dt>
      <dd className={styles.dd}>{connectionText(report)}</dd>
      <dt>Service principal</dt>
      <dd className={styles.dd}>{principalText(report)}</dd>
      <dt>Read</dt>
      <dd className={styles.dd}>
        {report.capturedAt}, signed in with {report.signIn}
        {report.redacted ? ' (redacted)' : ''}, from {source}
      </dd>
    </dl>
  );
}

function AdminCheckItem({ check }: { check: AdminCheck }) {
  const styles = useStyles();
  return (
    <li data-testid="admin-check" data-check={check.id} data-status={check.status}>
      <div className={styles.head}>
        <StatusIcon status={ICON[check.status]} />
        <Text weight="semibold">{check.title}</Text>
        <Text className={styles.note}>{STATUS_TEXT[check.status]}</Text>
      </div>
      {check.missing && (
        <p className={styles.missing} data-testid="admin-missing">
          could not read: missing permission {check.missing.permission} / role {check.missing.role} (
          {check.missing.said})
        </p>
      )}
      {check.evidence.length > 0 && (
        <ul className={styles.lines}>
          {check.evidence.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function AdminReportView({ report, source }: { report: AdminReport; source: string }) {
  const styles = useStyles();
  return (
    <section className={styles.report} aria-label="Instance and tenant report" data-testid="admin-report">
      <Text as="h2" size={500} weight="semibold" className={styles.heading}>
        Instance and tenant of {report.server}
      </Text>
      <AdminFacts report={report} source={source} />
      {report.diagnosis ? (
        <DiagnosisCard diagnosis={report.diagnosis} audience="helpdesk" />
      ) : (
        <MessageBar intent="success">
          <MessageBarBody>Nothing on the instance&apos;s or the tenant&apos;s side stops Kerberos.</MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.checks} aria-label="Checks">
        {report.checks.map((check) => (
          <AdminCheckItem key={check.id} check={check} />
        ))}
      </ul>
    </section>
  );
}

function SignInPrompt({ prompt }: { prompt: DeviceCodePrompt }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  return (
    <section className={styles.prompt} aria-label="Sign in" data-testid="admin-prompt">
      <Text>
        To sign in, open <strong data-testid="admin-prompt-url">{prompt.verificationUri}</strong> in a browser and enter
        the code:
      </Text>
      <div className={styles.head}>
        <span className={styles.code} data-testid="admin-prompt-code">
          {prompt.userCode}
        </span>
        <Button
          size="small"
          icon={<Copy16Regular />}
          onClick={() =>
            void navigator.clipboard.writeText(prompt.userCode).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy code'}
        </Button>
      </div>
    </section>
  );
}

/** An optional field's reading: nothing typed is no value; otherwise the contract's reader's answer. */
function readOptional(text: string, read: (raw: string) => AdminInputResult): AdminInputResult | null {
  return text.trim() === '' ? null : read(text);
}

/** The tab's content: the live read's form, a saved report's open and drop, and what was read. */
export function AdminView() {
  const styles = useStyles();
  const [server, setServer] = useState('');
  const [method, setMethod] = useState<AdminSignInMethod>('device-code');
  const [tenant, setTenant] = useState('');
  const [clientId, setClientId] = useState('');
  /** The fields whose problem is shown: after the field was left, or a read was asked for. */
  const [touched, setTouched] = useState({ tenant: false, clientId: false });
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const runRef = useRef<string | null>(null);

  useEffect(() => {
    const api = getApi();
    if (!api) return;
    return api.onProgress((event) => {
      if (event.kind !== 'device-code' || event.runId !== runRef.current) return;
      const prompt = { verificationUri: event.verificationUri, userCode: event.userCode };
      setPhase((previous) => (previous.kind === 'running' ? { ...previous, prompt } : previous));
    });
  }, []);

  // The Azure CLI signs in with its own application (AzureCliCredential takes no client id): the field is for
  // the device code only.
  const clientIdUsed = method === 'device-code';
  const tenantRead = readOptional(tenant, (raw) => readTenant(raw));
  const clientRead = clientIdUsed ? readOptional(clientId, (raw) => readClientId(raw)) : null;
  const tenantProblem = touched.tenant && tenantRead && !tenantRead.ok ? sentence(tenantRead.message) : null;
  const clientProblem = touched.clientId && clientRead && !clientRead.ok ? sentence(clientRead.message) : null;

  async function readLive() {
    const api = getApi();
    const read = readServerInput(server, null);
    setTouched({ tenant: true, clientId: true });
    if (!read.ok) {
      setError(read.message);
      return;
    }
    if ((tenantRead && !tenantRead.ok) || (clientRead && !clientRead.ok)) {
      setError(null);
      return;
    }
    if (!api) return;
    const runId = newRunId();
    runRef.current = runId;
    setError(null);
    setPhase({ kind: 'running', runId, prompt: null });
    try {
      const report = await api.admin.run({
        runId,
        server: read.host,
        method,
        ...(tenantRead?.ok ? { tenant: tenantRead.value } : {}),
        ...(clientRead?.ok ? { clientId: clientRead.value } : {}),
      });
      if (runRef.current === runId) setPhase({ kind: 'shown', report, source: 'a live read' });
    } catch (err) {
      if (runRef.current !== runId) return;
      setPhase({ kind: 'idle' });
      if ((err as Partial<KerbProbeCallError>).code !== IPC_ERROR_CODES.cancelled) setError(errorText(err));
    } finally {
      if (runRef.current === runId) runRef.current = null;
    }
  }

  async function open(text?: string, name?: string) {
    const api = getApi();
    if (!api) return;
    setError(null);
    try {
      const opened = await api.admin.open(text === undefined ? {} : { text, ...(name ? { name } : {}) });
      if (opened.report) setPhase({ kind: 'shown', report: opened.report, source: opened.name ?? 'a saved report' });
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    const tooLarge = dropSizeProblem(file);
    if (tooLarge) return setError(tooLarge);
    const content = await file.text();
    const overKind = contentSizeProblem(content, file.name);
    if (overKind) return setError(overKind);
    await open(content, file.name);
  }

  const running = phase.kind === 'running';
  return (
    <div className={styles.root} data-testid="admin-view">
      <Text className={styles.note}>
        The managed instance&apos;s and the tenant&apos;s side, read-only: its Kerberos service principal, Entra admin,
        connection type, the &quot;&lt;instance&gt; principal&quot;, admin consent and Conditional Access.
      </Text>
      <div className={styles.form}>
        <div className={styles.row}>
          <Field label="Server (the instance FQDN)" className={styles.server}>
            <Input
              value={server}
              onChange={(_, d) => setServer(d.value)}
              placeholder="sqlmi1.abc123.database.windows.net"
              data-testid="admin-server"
              disabled={running}
            />
          </Field>
          <Field
            label="Tenant (optional)"
            className={styles.signInField}
            hint="Its id or domain. Empty: your account's home tenant."
            validationState={tenantProblem ? 'error' : 'none'}
            validationMessage={tenantProblem ?? undefined}
          >
            <Input
              value={tenant}
              spellCheck={false}
              autoComplete="off"
              onChange={(_, d) => setTenant(d.value)}
              onBlur={() => setTouched((t) => ({ ...t, tenant: true }))}
              placeholder="contoso.onmicrosoft.com"
              data-testid="admin-tenant"
              disabled={running}
            />
          </Field>
          <Field
            label="Application (client) id (optional)"
            className={styles.signInField}
            hint={
              clientIdUsed
                ? "Your organisation's app registration. Empty: the identity library's."
                : 'The Azure CLI signs in with its own application.'
            }
            validationState={clientProblem ? 'error' : 'none'}
            validationMessage={clientProblem ?? undefined}
          >
            <Input
              value={clientId}
              spellCheck={false}
              autoComplete="off"
              onChange={(_, d) => setClientId(d.value)}
              onBlur={() => setTouched((t) => ({ ...t, clientId: true }))}
              placeholder="00001111-aaaa-2222-bbbb-3333cccc4444"
              data-testid="admin-client-id"
              disabled={running || !clientIdUsed}
            />
          </Field>
        </div>
        <div className={styles.actions}>
          <Field label="Sign in with">
            <RadioGroup
              layout="horizontal"
              value={method}
              onChange={(_, d) => setMethod(d.value as AdminSignInMethod)}
              disabled={running}
              data-testid="admin-sign-in"
            >
              <Radio value="device-code" label="Device code" />
              <Radio value="azure-cli" label="Azure CLI account" />
            </RadioGroup>
          </Field>
          {running ? (
            <Button icon={<Stop20Filled />} onClick={() => void getApi()?.admin.cancel()} data-testid="admin-cancel">
              Cancel
            </Button>
          ) : (
            <Button
              appearance="primary"
              icon={<Play20Filled />}
              onClick={() => void readLive()}
              data-testid="admin-read"
            >
              Read the instance and tenant
            </Button>
          )}
          <Button icon={<FolderOpen20Regular />} onClick={() => void open()} disabled={running}>
            Open admin report…
          </Button>
        </div>
      </div>
      <div
        className={mergeClasses(styles.drop, dragging && styles.dragging)}
        data-testid="admin-drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <Text className={styles.note}>Or drop a saved admin report here (kerbprobe admin --json).</Text>
      </div>
      {error && (
        <MessageBar intent="error" data-testid="admin-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {phase.kind === 'running' && (
        <>
          <Spinner size="tiny" label="Reading the instance and the tenant…" />
          {phase.prompt && <SignInPrompt prompt={phase.prompt} />}
        </>
      )}
      {phase.kind === 'shown' && <AdminReportView report={phase.report} source={phase.source} />}
    </div>
  );
}
