// A finished check: the verdict, the diagnosis, the chain, every step, the SQL session, and sharing.
import { useId } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CheckReport } from '../../../electron/contract/report';
import { ChainDiagram } from './chain-diagram';
import { DiagnosisCard } from './diagnosis-card';
import { ExportBar } from './export-bar';
import { StepList, rowsFromSteps } from './step-list';
import { formatDateTime, formatMs } from '../lib/format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  facts: { margin: 0, display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function Facts({ rows, label }: { rows: [string, string][]; label: string }) {
  const s = useStyles();
  return (
    <dl className={s.facts} aria-label={label}>
      {rows.map(([k, v]) => [<dt key={`${k}-t`} className={s.dt}>{k}</dt>, <dd key={`${k}-d`} className={s.dd}>{v}</dd>])}
    </dl>
  );
}

export function ReportView({ report, source }: { report: CheckReport; source?: string }) {
  const s = useStyles();
  const chainId = useId();
  const stepsId = useId();
  const sessionId = useId();
  const pass = report.verdict === 'pass';
  const where = `${report.target.server}:${report.target.port}`;
  const first = report.tickets[0];
  const principal = first ? (first.clientRealm ? `${first.client}@${first.clientRealm}` : first.client) : null;
  const session: [string, string][] = [];
  if (report.sql) {
    session.push(['auth_scheme', report.sql.authScheme], ['Login', report.sql.login], ['Server', report.sql.server],
      ['Encryption', report.sql.encrypt], ['Mutual authentication', report.sql.mutualAuth ? 'verified' : 'not verified'],
      ['Version', report.sql.version.split('\n')[0] ?? '']);
    if (report.sql.netTransport) session.push(['Transport', report.sql.netTransport]);
  }
  if (report.redirect) session.push(['Redirected', `${report.redirect.from} → ${report.redirect.to}`]);
  if (report.tls) {
    session.push(['TLS', report.tls.protocol ?? '—'], ['Certificate', report.tls.subject ?? '—'], ['Issuer', report.tls.issuer ?? '—']);
    if (report.tls.trustServerCertificate) session.push(['Certificate check', 'SKIPPED (trust server certificate was on)']);
  }
  return (
    <div className={s.root} data-testid="report" data-verdict={report.verdict}>
      <MessageBar intent={pass ? 'success' : 'error'} layout="multiline" data-testid="verdict">
        <MessageBarBody>
          <MessageBarTitle>{pass ? 'Kerberos works end to end' : 'The connection cannot use Kerberos'}</MessageBarTitle>
          {pass
            ? report.sql
              ? `${report.sql.login} signed in to ${where} with Kerberos (auth_scheme ${report.sql.authScheme}).`
              : `The report says ${where} passed, but it holds no SQL session.`
            : `${where}: ${report.diagnosis?.title ?? 'the check failed'}.`}
          {' '}Checked {formatDateTime(report.startedAt)} in {formatMs(report.totalMs)}{source ? ` · ${source}` : ''}{report.redacted ? ' · redacted' : ''}.
        </MessageBarBody>
      </MessageBar>
      {report.diagnosis && <DiagnosisCard diagnosis={report.diagnosis} />}
      <ExportBar report={report} />
      {report.chain && (
        <section className={s.section} aria-labelledby={chainId}>
          <Text as="h2" size={500} weight="semibold" id={chainId}>Ticket chain</Text>
          <ChainDiagram chain={report.chain} tickets={report.tickets} principal={principal} reference={new Date(report.startedAt)} />
        </section>
      )}
      <section className={s.section} aria-labelledby={stepsId}>
        <Text as="h2" size={500} weight="semibold" id={stepsId}>Steps</Text>
        <StepList rows={rowsFromSteps(report.steps)} label="Steps of the check" />
      </section>
      {session.length > 0 && (
        <section className={s.section} aria-labelledby={sessionId}>
          <Text as="h2" size={500} weight="semibold" id={sessionId}>SQL session</Text>
          <Facts rows={session} label="SQL session and TLS" />
        </section>
      )}
    </div>
  );
}
