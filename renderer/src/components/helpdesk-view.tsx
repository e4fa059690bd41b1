// The helpdesk's offline view: everything a user sent — several pastes and dropped files (klist, klist get,
// klist cloud_debug, dsregcmd /status, reg query, saved reports, collected bundles) — read together into one
// diagnosis, each judged as of when it was captured; a saved report opened on its own; and "Collect for
// helpdesk", which gathers this device's answers into a bundle the helpdesk opens here.
import { useState, type ClipboardEvent, type DragEvent } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Tag,
  TagGroup,
  Textarea,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import {
  Add20Regular,
  ArrowDownload20Regular,
  DocumentSearch20Regular,
  FolderOpen20Regular,
} from '@fluentui/react-icons';
import type { CombinedAnalysis } from '../../../electron/contract/analysis';
import type { CheckReport, ReportContradiction } from '../../../electron/contract/report';
import { errorText, getApi } from '../api';
import { AnalysisView } from './analysis-view';
import { ReportView } from './report-view';
import { useFleetTab } from './fleet-view';
import { contentSizeProblem, dropSizeProblem, inputsProblem } from '../lib/input-limits';
import { portFromText, sentence } from '../lib/server-name';
import { readServerInput } from '../../../electron/contract/server-input';

const PASTE_HINT =
  'Output of klist, klist get MSSQLSvc/…, klist cloud_debug, dsregcmd /status or reg query (any language), ' +
  'a saved report or a collected bundle — or drop the files here. Add as many as you have: they are read together.';
const CAPTURED_AT_HINT =
  "Reports and bundles carry their own time; without one, expiry is judged as of the newest ticket's start.";

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', minWidth: 0 },
  input: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
  },
  dragging: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  textarea: { fontFamily: tokens.fontFamilyMonospace, minHeight: '160px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'end' },
  port: { width: '7em' },
  collect: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    alignItems: 'end',
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

interface Pending {
  id: number;
  name: string;
  text: string;
}

type Result =
  | { kind: 'report'; report: CheckReport; contradictions: ReportContradiction[]; name: string | null }
  | { kind: 'analysis'; analysis: CombinedAnalysis; savedTo: string | null };

let nextId = 1;

/** `<input type="datetime-local">`'s value (local time, no offset) as an ISO instant, or undefined when empty. */
function capturedAtIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function HelpdeskView() {
  const styles = useStyles();
  const [text, setText] = useState('');
  const [pending, setPending] = useState<Pending[]>([]);
  const [capturedAt, setCapturedAt] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [server, setServer] = useState('');
  const [port, setPort] = useState('1433');
  const [redact, setRedact] = useState(false);
  const fleet = useFleetTab();

  async function go(action: () => Promise<Result | null>) {
    setBusy(true);
    setError(null);
    try {
      const r = await action();
      if (r) setResult(r);
    } catch (err) {
      setError(errorText(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  /** Everything given so far: the added inputs, and what is in the text box. */
  const allInputs = (): Pending[] =>
    text.trim() ? [...pending, { id: 0, name: `pasted text ${pending.length + 1}`, text }] : pending;

  const analyzeAll = () =>
    go(async () => {
      const inputs = allInputs();
      const tooLarge = inputsProblem(inputs);
      if (tooLarge) throw new Error(tooLarge);
      const api = getApi();
      if (!api || inputs.length === 0) return null;
      const at = capturedAtIso(capturedAt);
      const analysis = await api.analyze.inputs({
        inputs: inputs.map((i) => ({ text: i.text, name: i.name, ...(at ? { capturedAt: at } : {}) })),
      });
      return { kind: 'analysis', analysis, savedTo: null };
    });

  function addPasted() {
    if (!text.trim()) return;
    const tooLarge = contentSizeProblem(text, null);
    if (tooLarge) {
      setError(tooLarge);
      return;
    }
    setPending((p) => [...p, { id: nextId++, name: `pasted text ${p.length + 1}`, text }]);
    setText('');
  }

  const openReport = () =>
    go(async () => {
      const api = getApi();
      if (!api) return null;
      const opened = await api.report.open();
      return opened.report
        ? { kind: 'report', report: opened.report, contradictions: opened.contradictions, name: opened.name }
        : null;
    });

  /**
   * The instance to collect for, read as the check form reads it (the contract's reading): a port written
   * into the name (`host,3342`, `host:3342`, as SSMS takes it) moves to the port box and is the one used.
   */
  function collectTarget(): { server: string; port: number } | null {
    if (!server.trim()) return null;
    const read = readServerInput(server, null);
    if (!read.ok) throw new Error(sentence(read.message));
    if (read.port !== null) {
      setServer(read.host);
      setPort(String(read.port));
      return { server: read.host, port: read.port };
    }
    const typed = portFromText(port);
    if (typed === null) throw new Error('Enter a port from 1 to 65535.');
    return { server: read.host, port: typed };
  }

  const collect = () =>
    go(async () => {
      const api = getApi();
      if (!api) return null;
      const r = await api.collect.run({ target: collectTarget(), redact });
      return r.analysis ? { kind: 'analysis', analysis: r.analysis, savedTo: r.path } : null;
    });

  async function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    const added: Pending[] = [];
    for (const file of files) {
      const tooLarge = dropSizeProblem(file);
      if (tooLarge) {
        setError(tooLarge);
        setResult(null);
        return;
      }
      const content = await file.text();
      const overKind = contentSizeProblem(content, file.name);
      if (overKind) {
        setError(overKind);
        setResult(null);
        return;
      }
      added.push({ id: nextId++, name: file.name, text: content });
    }
    const all = [...pending, ...added];
    const tooMany = inputsProblem(all);
    if (tooMany) {
      setError(tooMany);
      return;
    }
    setPending(all);
  }

  // A paste over the limit never reaches the text box (10 MB in a textarea freezes the tab).
  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = e.clipboardData.getData('text');
    const tooLarge = contentSizeProblem(text + pasted, null);
    if (tooLarge) {
      e.preventDefault();
      setError(tooLarge);
      setResult(null);
    }
  }

  const count = allInputs().length;
  return (
    <div className={styles.root}>
      {fleet.tabs}
      {fleet.view}
      <div style={{ display: fleet.showing ? 'none' : 'contents' }}>
        <div
          className={mergeClasses(styles.input, dragging && styles.dragging)}
          data-testid="drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            void onDrop(e);
          }}
        >
          <Field label="Paste what the user sent" hint={PASTE_HINT}>
            <Textarea
              className={styles.textarea}
              value={text}
              resize="vertical"
              spellCheck={false}
              onChange={(_, d) => setText(d.value)}
              onPaste={onPaste}
            />
          </Field>
          {pending.length > 0 && (
            <TagGroup
              aria-label="Inputs to analyze together"
              data-testid="pending-inputs"
              onDismiss={(_, d) => setPending((p) => p.filter((x) => String(x.id) !== d.value))}
            >
              {pending.map((p) => (
                <Tag key={p.id} value={String(p.id)} dismissible dismissIcon={{ 'aria-label': `Remove ${p.name}` }}>
                  {p.name}
                </Tag>
              ))}
            </TagGroup>
          )}
          <div className={styles.actions}>
            <Button icon={<Add20Regular />} disabled={busy || text.trim() === ''} onClick={addPasted}>
              Add another
            </Button>
            <Field label="Captured at (for inputs that do not say)" hint={CAPTURED_AT_HINT}>
              <Input type="datetime-local" step={1} value={capturedAt} onChange={(_, d) => setCapturedAt(d.value)} />
            </Field>
            <Button
              appearance="primary"
              icon={<DocumentSearch20Regular />}
              disabled={busy || count === 0}
              onClick={() => {
                void analyzeAll();
              }}
            >
              {count > 1 ? `Analyze ${count} inputs together` : 'Analyze'}
            </Button>
            <Button
              icon={<FolderOpen20Regular />}
              disabled={busy}
              onClick={() => {
                void openReport();
              }}
            >
              Open report…
            </Button>
          </div>
        </div>
        <div className={styles.collect}>
          <Field label="Server (optional)" hint="The managed instance's name, for klist get of its SPNs and the check.">
            <Input
              value={server}
              onChange={(_, d) => setServer(d.value)}
              placeholder="sqlmi1.abc123.database.windows.net"
            />
          </Field>
          <Field label="Port" hint="1433 VNet-local, 3342 public endpoint.">
            <Input className={styles.port} value={port} inputMode="numeric" onChange={(_, d) => setPort(d.value)} />
          </Field>
          <Checkbox label="Redact names" checked={redact} onChange={(_, d) => setRedact(d.checked === true)} />
          <Button
            icon={<ArrowDownload20Regular />}
            disabled={busy}
            onClick={() => {
              void collect();
            }}
          >
            Collect for helpdesk
          </Button>
          <Text size={200}>
            Runs klist, klist get, dsregcmd /status, the registry reads, netsh, sc and whoami in this session and saves
            them, with the check, in one file for the helpdesk.
          </Text>
        </div>
        <div aria-live="polite">
          {error && (
            <MessageBar intent="error" data-testid="helpdesk-error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          )}
          {result?.kind === 'analysis' && result.savedTo && (
            <MessageBar intent="success">
              <MessageBarBody>Saved the bundle to {result.savedTo}.</MessageBarBody>
            </MessageBar>
          )}
          {result?.kind === 'report' && (
            <ReportView
              report={result.report}
              contradictions={result.contradictions}
              source={result.name ?? undefined}
            />
          )}
          {result?.kind === 'analysis' && <AnalysisView analysis={result.analysis} />}
        </div>
      </div>
    </div>
  );
}
