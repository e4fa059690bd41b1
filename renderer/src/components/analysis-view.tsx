// What pasted klist / dsregcmd output says: the chain it shows and every diagnosis it supports.
import { useId } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Analysis } from '../../../electron/contract/ipc';
import { ChainDiagram } from './chain-diagram';
import { DiagnosisCard } from './diagnosis-card';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export function AnalysisView({ analysis, name }: { analysis: Analysis; name: string | null }) {
  const s = useStyles();
  const chainId = useId();
  const factsId = useId();
  const set = analysis.ticketSet;
  return (
    <div className={s.root} data-testid="analysis" data-kind={analysis.kind}>
      <MessageBar intent={analysis.diagnoses.length ? 'error' : 'info'} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{analysis.diagnoses.length ? `${analysis.diagnoses.length} problem${analysis.diagnoses.length > 1 ? 's' : ''} found` : 'No problem found in this text'}</MessageBarTitle>
          Read as {analysis.kind}{name ? ` from ${name}` : ''}{set ? `: ${set.tickets.length} ticket${set.tickets.length === 1 ? '' : 's'}` : ''}.
        </MessageBarBody>
      </MessageBar>
      {analysis.diagnoses.map((d, i) => <DiagnosisCard key={`${d.code}-${i}`} diagnosis={d} />)}
      {analysis.facts && analysis.facts.length > 0 && (
        <section className={s.list} aria-labelledby={factsId}>
          <Text as="h2" size={500} weight="semibold" id={factsId}>What the text says</Text>
          <ul data-testid="analysis-facts">
            {analysis.facts.map((f, i) => <li key={i}><Text>{f}</Text></li>)}
          </ul>
        </section>
      )}
      {set && set.chain.hops.length > 0 && (
        <section className={s.list} aria-labelledby={chainId}>
          <Text as="h2" size={500} weight="semibold" id={chainId}>Ticket chain</Text>
          <ChainDiagram chain={set.chain} tickets={set.tickets} principal={set.defaultPrincipal} reference={new Date()} />
        </section>
      )}
      {analysis.findings.length > 0 && (
        <div className={s.list} role="group" aria-label="Findings">
          {analysis.findings.map((f, i) => (
            <MessageBar key={i} intent={f.severity === 'error' ? 'error' : f.severity === 'warn' ? 'warning' : 'info'} layout="multiline">
              <MessageBarBody><strong>{f.code}</strong> — {f.message}</MessageBarBody>
            </MessageBar>
          ))}
        </div>
      )}
    </div>
  );
}
