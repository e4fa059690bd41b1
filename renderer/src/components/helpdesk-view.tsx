// The helpdesk's offline view: open a saved report, or paste / drop what a user sent (klist, klist get,
// klist cloud_debug, dsregcmd /status) and see the same chain and diagnosis the check would show.
import { useState, type ClipboardEvent, type DragEvent } from 'react';
import { Button, Field, MessageBar, MessageBarBody, Textarea, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DocumentSearch20Regular, FolderOpen20Regular } from '@fluentui/react-icons';
import type { Analysis } from '../../../electron/contract/ipc';
import type { CheckReport, ReportContradiction } from '../../../electron/contract/report';
import { errorText, getApi } from '../api';
import { AnalysisView } from './analysis-view';
import { ReportView } from './report-view';
import { contentSizeProblem, dropSizeProblem, looksLikeJson } from '../lib/input-limits';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px' },
  input: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusLarge, border: `2px dashed ${tokens.colorNeutralStroke1}` },
  dragging: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  textarea: { fontFamily: tokens.fontFamilyMonospace, minHeight: '160px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

type Result = { kind: 'report'; report: CheckReport; contradictions: ReportContradiction[]; name: string | null } | { kind: 'analysis'; analysis: Analysis; name: string | null };

export function HelpdeskView() {
  const s = useStyles();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  async function go(action: () => Promise<Result | null>) {
    setBusy(true); setError(null);
    try {
      const r = await action();
      if (r) setResult(r);
    } catch (err) {
      setError(errorText(err)); setResult(null);
    } finally { setBusy(false); }
  }

  const analyze = (content: string, name: string | null) => go(async () => {
    const tooLarge = contentSizeProblem(content, name);
    if (tooLarge) throw new Error(tooLarge);
    const api = getApi();
    if (!api) return null;
    if (looksLikeJson(content)) {
      const opened = await api.report.open({ text: content, name: name ?? 'pasted report' });
      return opened.report ? { kind: 'report', report: opened.report, contradictions: opened.contradictions, name: opened.name } : null;
    }
    const analysis = await api.analyze.text(name ? { text: content, name } : { text: content });
    return { kind: 'analysis', analysis, name };
  });

  const openReport = () => go(async () => {
    const api = getApi();
    if (!api) return null;
    const opened = await api.report.open();
    return opened.report ? { kind: 'report', report: opened.report, contradictions: opened.contradictions, name: opened.name } : null;
  });

  async function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const tooLarge = dropSizeProblem(file);
    if (tooLarge) { setError(tooLarge); setResult(null); return; }
    const content = await file.text();
    const overKind = contentSizeProblem(content, file.name);
    if (overKind) { setError(overKind); setResult(null); return; }
    setText(looksLikeJson(content) ? '' : content);
    await analyze(content, file.name);
  }

  // A paste over the limit never reaches the text box (10 MB in a textarea freezes the tab).
  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = e.clipboardData.getData('text');
    const tooLarge = contentSizeProblem(text + pasted, null);
    if (tooLarge) { e.preventDefault(); setError(tooLarge); setResult(null); }
  }

  return (
    <div className={s.root}>
      <div className={mergeClasses(s.input, dragging && s.dragging)} data-testid="drop-zone"
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={(e) => { void onDrop(e); }}>
        <Field label="Paste what the user sent" hint="Output of klist, klist get MSSQLSvc/…, klist cloud_debug or dsregcmd /status (any language), or drop the file here.">
          <Textarea className={s.textarea} value={text} resize="vertical" spellCheck={false} onChange={(_, d) => setText(d.value)} onPaste={onPaste} />
        </Field>
        <div className={s.actions}>
          <Button appearance="primary" icon={<DocumentSearch20Regular />} disabled={busy || text.trim() === ''} onClick={() => { void analyze(text, null); }}>Analyze</Button>
          <Button icon={<FolderOpen20Regular />} disabled={busy} onClick={() => { void openReport(); }}>Open report…</Button>
          <Text size={200}>Reports saved by KerbProbe (.json) open with the full chain and diagnosis.</Text>
        </div>
      </div>
      <div aria-live="polite">
        {error && <MessageBar intent="error" data-testid="helpdesk-error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
        {result?.kind === 'report' && <ReportView report={result.report} contradictions={result.contradictions} source={result.name ?? undefined} />}
        {result?.kind === 'analysis' && <AnalysisView analysis={result.analysis} name={result.name} />}
      </div>
    </div>
  );
}
