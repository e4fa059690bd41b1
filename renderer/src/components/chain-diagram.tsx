// The ticket chain as a diagram: user → TGT → referral → service ticket → SQL service, each hop with the
// realm that issued it, the KDC called, its lifetime and (on demand) flags and encryption types.
import { useId, useState } from 'react';
import {
  Badge,
  Switch,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import {
  ArrowRight20Regular,
  Building20Regular,
  Cloud20Regular,
  Person20Regular,
  Server20Regular,
} from '@fluentui/react-icons';
import type { Chain, Ticket } from '../../../electron/contract/report';
import { CLOUD_REALM } from '../../../electron/contract/azure';
import { chainNodes, flowTitle, type ChainNode } from '../lib/chain-view';
import { formatDateTime } from '../lib/time-text';
import { BreakableName } from './breakable-name';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  flow: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'stretch',
    rowGap: tokens.spacingVerticalM,
  },
  // No minWidth 0 on the item or the card: their automatic minimum is the longest label of a name, so a card
  // too narrow for one wraps to the next row instead of cutting the label.
  item: { display: 'flex', alignItems: 'stretch', flex: '1 1 150px', maxWidth: '260px' },
  arrow: {
    display: 'flex',
    alignItems: 'center',
    padding: `0 ${tokens.spacingHorizontalXS}`,
    color: tokens.colorNeutralForeground3,
  },
  card: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS + ' ' + tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderTopWidth: '4px',
    boxShadow: tokens.shadow2,
  },
  ok: { borderTopColor: tokens.colorStatusSuccessBorderActive },
  expiring: { borderTopColor: tokens.colorStatusWarningBorderActive },
  expired: { borderTopColor: tokens.colorStatusDangerBorderActive },
  missing: {
    borderTopColor: tokens.colorStatusDangerBorderActive,
    borderLeftStyle: 'dashed',
    borderRightStyle: 'dashed',
    borderBottomStyle: 'dashed',
  },
  info: { borderTopColor: tokens.colorBrandStroke1 },
  heading: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
  },
  name: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'break-word',
    fontWeight: tokens.fontWeightSemibold,
  },
  meta: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: 'break-word' },
  realm: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    fontSize: tokens.fontSizeBase200,
    minWidth: 0,
    overflowWrap: 'break-word',
  },
  onprem: { color: tokens.colorPaletteBlueForeground2 },
  cloud: { color: tokens.colorPalettePurpleForeground2 },
  details: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalXS,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  findings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const STATUS_BADGE: Record<ChainNode['status'], { color: 'success' | 'warning' | 'danger' | 'informative' }> = {
  ok: { color: 'success' },
  expiring: { color: 'warning' },
  expired: { color: 'danger' },
  missing: { color: 'danger' },
  info: { color: 'informative' },
};

function RealmChip({ realm }: { realm: string }) {
  const s = useStyles();
  const cloud = realm.toUpperCase() === CLOUD_REALM;
  return (
    <span className={mergeClasses(s.realm, cloud ? s.cloud : s.onprem)}>
      {cloud ? <Cloud20Regular aria-hidden /> : <Building20Regular aria-hidden />}
      <span data-name>
        <BreakableName text={realm} />
      </span>
    </span>
  );
}

function TicketDetails({ t: ticket }: { t: Ticket }) {
  const styles = useStyles();
  const rows: [string, string][] = [
    ['Start', formatDateTime(ticket.start)],
    ['End', formatDateTime(ticket.end)],
    ['Renew until', formatDateTime(ticket.renewUntil)],
    ['Ticket enctype', ticket.ticketEnctype ?? '—'],
    ['Session enctype', ticket.sessionEnctype ?? '—'],
    ['Flags', ticket.flags.length ? ticket.flags.join(', ') : '—'],
  ];
  return (
    <dl className={styles.details}>
      {rows.map(([k, v]) => [
        <dt key={`${k}-t`} className={styles.dt}>
          {k}
        </dt>,
        <dd key={`${k}-d`} className={styles.dd}>
          {v}
        </dd>,
      ])}
    </dl>
  );
}

function NodeCard({ node, showDetails }: { node: ChainNode; showDetails: boolean }) {
  const styles = useStyles();
  const icon =
    node.kind === 'user' ? (
      <Person20Regular aria-hidden />
    ) : node.kind === 'service-target' ? (
      <Server20Regular aria-hidden />
    ) : null;
  const headingId = useId();
  return (
    <article
      className={mergeClasses(styles.card, styles[node.status])}
      aria-labelledby={headingId}
      data-node={node.kind}
      data-status={node.status}
    >
      <div className={styles.heading} id={headingId}>
        {icon}
        {node.heading}
      </div>
      <div className={styles.name} data-name>
        <BreakableName text={node.name} />
      </div>
      <div>
        <Badge appearance="tint" color={STATUS_BADGE[node.status].color}>
          {node.statusText}
        </Badge>
      </div>
      {node.realm && <RealmChip realm={node.realm} />}
      {node.issuer && (
        <div className={styles.meta} data-name>
          Issued by <BreakableName text={node.issuer} />
        </div>
      )}
      {node.kdcCalled && (
        <div className={styles.meta} data-name>
          KDC called: <BreakableName text={node.kdcCalled} />
        </div>
      )}
      {node.expiry && (
        <div className={styles.meta}>
          {node.expiry.level === 'ok' || node.expiry.level === 'unknown' ? (
            node.expiry.text
          ) : (
            <Badge appearance="filled" color={node.expiry.level === 'soon' ? 'warning' : 'danger'}>
              {node.expiry.text}
            </Badge>
          )}
        </div>
      )}
      {node.note && <div className={styles.meta}>{node.note}</div>}
      {showDetails && node.ticket && <TicketDetails t={node.ticket} />}
    </article>
  );
}

export function ChainDiagram({
  chain,
  tickets,
  principal,
  reference,
}: {
  chain: Chain;
  tickets: Ticket[];
  principal: string | null;
  reference: Date;
}) {
  const styles = useStyles();
  const [showDetails, setShowDetails] = useState(false);
  const nodes = chainNodes(chain, tickets, principal, reference);
  const titleId = useId();
  return (
    <section className={styles.root} aria-labelledby={titleId} data-testid="chain" data-flow={chain.flow}>
      <div className={styles.header}>
        <Text as="h3" weight="semibold" size={400} id={titleId}>
          {flowTitle(chain.flow)}
        </Text>
        <Switch
          label="Show flags and encryption types"
          checked={showDetails}
          onChange={(_, d) => setShowDetails(d.checked)}
        />
      </div>
      <ol className={styles.flow} aria-label="Ticket chain, from the user to the SQL service">
        {nodes.map((n, i) => (
          <li key={n.key} className={styles.item}>
            {i > 0 && (
              <span className={styles.arrow} aria-hidden>
                <ArrowRight20Regular />
              </span>
            )}
            <NodeCard node={n} showDetails={showDetails} />
          </li>
        ))}
      </ol>
      {chain.findings.length > 0 && (
        <div className={styles.findings} aria-label="Findings about the chain" role="group">
          {chain.findings.map((f, i) => (
            <MessageBar
              key={i}
              intent={f.severity === 'error' ? 'error' : f.severity === 'warn' ? 'warning' : 'info'}
              layout="multiline"
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
