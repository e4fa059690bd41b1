// A finished check: the verdict, the diagnosis, the chain, every step, the SQL session, and sharing.
import { useEffect, useId, useRef } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CheckReport, ReportContradiction } from '../../../electron/contract/report';
import { ChainDiagram } from './chain-diagram';
import { DiagnosisCard } from './diagnosis-card';
import { ExportBar } from './export-bar';
import { StepList, rowsFromSteps } from './step-list';
import { formatDateTime, formatMs } from '../lib/time-text';
import { knownNames } from '../lib/known-names';
import { verdictBanner } from '../lib/verdict-banner';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  contradictions: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

function Facts({ rows, label }: { rows: [string, string][]; label: string }) {
  const s = useStyles();
  return (
    <dl className={s.facts} aria-label={label}>
      {rows.map(([k, v]) => [
        <dt key={`${k}-t`} className={s.dt}>
          {k}
        </dt>,
        <dd key={`${k}-d`} className={s.dd}>
          {v}
        </dd>,
      ])}
    </dl>
  );
}

/**
 * `contradictions`: how an opened report contradicts itself (then no verdict is shown, only the list).
 * `focusVerdict`: a check just finished — bring the verdict into view and move focus to it, since the form
 * (with Advanced open) can push it below the fold.
 */
export function ReportView({
  report,
  source,
  contradictions = [],
  focusVerdict = false,
}: {
  report: CheckReport;
  source?: string;
  contradictions?: readonly ReportContradiction[];
  focusVerdict?: boolean;
}) {
  const styles = useStyles();
  const chainId = useId();
  const stepsId = useId();
  const sessionId = useId();
  const verdictRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = verdictRef.current;
    if (!focusVerdict || !el) return;
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  }, [focusVerdict, report]);
  const banner = verdictBanner(report, contradictions);
  const first = report.tickets[0];
  const principal = first ? (first.clientRealm ? `${first.client}@${first.clientRealm}` : first.client) : null;
  const session: [string, string][] = [];
  if (report.sql) {
    session.push(
      ['auth_scheme', report.sql.authScheme],
      ['Login', report.sql.login],
      ['Server', report.sql.server],
      ['Encryption', report.sql.encrypt],
      ['Mutual authentication', report.sql.mutualAuth ? 'verified' : 'not verified'],
      ['Version', report.sql.version.split('\n')[0] ?? ''],
    );
    if (report.sql.netTransport) session.push(['Transport', report.sql.netTransport]);
  }
  if (report.redirect) session.push(['Redirected', `${report.redirect.from} → ${report.redirect.to}`]);
  if (report.tls) {
    session.push(
      ['TLS', report.tls.protocol ?? '—'],
      ['Certificate', report.tls.subject ?? '—'],
      ['Issuer', report.tls.issuer ?? '—'],
    );
    if (report.tls.trustServerCertificate)
      session.push(['Certificate check', 'SKIPPED (trust server certificate was on)']);
  }
  return (
    <div className={styles.root} data-testid="report" data-verdict={report.verdict}>
      <MessageBar intent={banner.intent} layout="multiline" data-testid="verdict" ref={verdictRef} tabIndex={-1}>
        <MessageBarBody>
          <MessageBarTitle>{banner.title}</MessageBarTitle>
          {banner.text} Checked {formatDateTime(report.startedAt)} in {formatMs(report.totalMs)}
          {source ? ` · ${source}` : ''}
          {report.redacted ? ' · redacted' : ''}.
          {contradictions.length > 0 && (
            <ul
              className={styles.contradictions}
              data-testid="contradictions"
              aria-label="How the report contradicts itself"
            >
              {contradictions.map((c) => (
                <li key={c.kind} data-kind={c.kind}>
                  {c.message}
                </li>
              ))}
            </ul>
          )}
        </MessageBarBody>
      </MessageBar>
      {report.diagnosis && <DiagnosisCard diagnosis={report.diagnosis} names={knownNames(report)} />}
      <ExportBar report={report} />
      {report.chain && (
        <section className={styles.section} aria-labelledby={chainId}>
          <Text as="h2" size={500} weight="semibold" id={chainId}>
            Ticket chain
          </Text>
          <ChainDiagram
            chain={report.chain}
            tickets={report.tickets}
            principal={principal}
            reference={new Date(report.startedAt)}
          />
        </section>
      )}
      <section className={styles.section} aria-labelledby={stepsId}>
        <Text as="h2" size={500} weight="semibold" id={stepsId}>
          Steps
        </Text>
        <StepList rows={rowsFromSteps(report.steps)} label="Steps of the check" />
      </section>
      {session.length > 0 && (
        <section className={styles.section} aria-labelledby={sessionId}>
          <Text as="h2" size={500} weight="semibold" id={sessionId}>
            SQL session
          </Text>
          <Facts rows={session} label="SQL session and TLS" />
        </section>
      )}
    </div>
  );
}
