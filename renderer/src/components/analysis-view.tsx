// What everything the helpdesk was given says together: one headline, the combined diagnosis (worded for the
// technician), then each input — as of when it was judged, its facts, its chain and its findings, each
// finding once.
import { useId } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CombinedAnalysis, InputAnalysisResult } from '../../../electron/contract/analysis';
import { ChainDiagram } from './chain-diagram';
import { DiagnosisCard } from './diagnosis-card';
import {
  analysisHeadline,
  chainReference,
  drawsChain,
  judgedAtText,
  listedFindings,
  readInPart,
} from '../lib/analysis-summary';
import { formatDateTime } from '../lib/time-text';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  input: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  facts: { margin: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function InputSection({ input, several }: { input: InputAnalysisResult; several: boolean }) {
  const s = useStyles();
  const headingId = useId();
  const judged = judgedAtText(input, formatDateTime);
  const findings = listedFindings(input);
  return (
    <section className={s.input} aria-labelledby={headingId} data-testid="analysis-input" data-kind={input.kind}>
      <Text as="h3" size={400} weight="semibold" id={headingId}>
        {input.name} <span className={s.muted}>— {input.kind}</span>
      </Text>
      {judged && (
        <Text size={200} data-testid="judged-at" data-source={input.judgedAtSource}>
          {judged}
        </Text>
      )}
      {readInPart(input).map((note, i) => (
        <MessageBar key={i} intent="warning" layout="multiline" data-testid="read-in-part">
          <MessageBarBody>
            <MessageBarTitle>Read only in part</MessageBarTitle>
            {note}
          </MessageBarBody>
        </MessageBar>
      ))}
      {several && input.diagnosis && (
        <Text data-testid="input-diagnosis" data-code={input.diagnosis.code}>
          This input alone points to <strong>{input.diagnosis.code}</strong>: {input.diagnosis.title}
        </Text>
      )}
      {input.facts.length > 0 && (
        <ul className={s.facts} data-testid="analysis-facts">
          {input.facts.map((f, i) => (
            <li key={i}>
              <Text>{f}</Text>
            </li>
          ))}
        </ul>
      )}
      {drawsChain(input) && input.ticketSet && (
        <ChainDiagram
          chain={input.ticketSet.chain}
          tickets={input.ticketSet.tickets}
          principal={input.ticketSet.defaultPrincipal}
          reference={chainReference(input) ?? new Date(0)}
        />
      )}
      {findings.length > 0 && (
        <div className={s.list} role="group" aria-label={`Findings of ${input.name}`}>
          {findings.map((f, i) => (
            <MessageBar
              key={i}
              intent={f.severity === 'error' ? 'error' : f.severity === 'warn' ? 'warning' : 'info'}
              layout="multiline"
              data-testid="finding"
              data-code={f.code}
            >
              <MessageBarBody>
                <strong>{f.code}</strong> — {f.message}
              </MessageBarBody>
            </MessageBar>
          ))}
        </div>
      )}
    </section>
  );
}

export function AnalysisView({ analysis }: { analysis: CombinedAnalysis }) {
  const s = useStyles();
  const head = analysisHeadline(analysis);
  const several = analysis.inputs.length > 1;
  return (
    <div
      className={s.root}
      data-testid="analysis"
      data-kind={analysis.inputs.map((i) => i.kind).join(' ')}
      data-code={analysis.diagnosis?.code ?? ''}
    >
      <MessageBar intent={head.intent} layout="multiline" data-testid="analysis-headline" data-intent={head.intent}>
        <MessageBarBody>
          <MessageBarTitle>{head.title}</MessageBarTitle>
          {head.detail}
        </MessageBarBody>
      </MessageBar>
      {analysis.diagnosis && <DiagnosisCard diagnosis={analysis.diagnosis} audience="helpdesk" />}
      {analysis.inputs.map((input, i) => (
        <InputSection key={`${input.name}-${i}`} input={input} several={several} />
      ))}
    </div>
  );
}
