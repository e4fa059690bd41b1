// One diagnosis: the stable code, what it means, what the user can do, what the helpdesk should do, and
// the evidence that led to it.
import { useId } from 'react';
import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DismissCircle20Filled, Person20Regular, PeopleTeam20Regular } from '@fluentui/react-icons';
import type { Diagnosis } from '../../../electron/contract/report';
import { fillPlaceholders, type KnownNames } from '../lib/known-names';
import { CatalogText } from './catalog-text';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `1px solid ${tokens.colorStatusDangerBorder1}`,
    borderLeftWidth: '6px',
    borderLeftColor: tokens.colorStatusDangerBorderActive,
    backgroundColor: tokens.colorStatusDangerBackground1,
  },
  head: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  icon: { color: tokens.colorStatusDangerForeground1, flexShrink: 0 },
  fixes: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  fix: {
    minWidth: 0,
    overflowWrap: 'break-word',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  fixTitle: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: { whiteSpace: 'pre-wrap', margin: 0, overflowWrap: 'break-word' },
  evidence: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  h: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

/** Who reads it: the user at the keyboard (the check), or a technician reading the user's evidence (Helpdesk). */
const FIX_LABELS = {
  user: { user: 'What you can do', helpdesk: 'What the helpdesk should do' },
  helpdesk: { user: 'What the user can do', helpdesk: 'What you (helpdesk) should do' },
} as const;

/** `names`: the checked target's real names, filled into the advice's placeholders (`<fqdn>`, `<port>`…). */
export function DiagnosisCard({
  diagnosis,
  names,
  audience = 'user',
}: {
  diagnosis: Diagnosis;
  names?: KnownNames | null;
  audience?: keyof typeof FIX_LABELS;
}) {
  const labels = FIX_LABELS[audience];
  const styles = useStyles();
  const titleId = useId();
  const text = (t: string) => <CatalogText text={fillPlaceholders(t, names)} />;
  return (
    <section className={styles.card} aria-labelledby={titleId} data-testid="diagnosis" data-code={diagnosis.code}>
      <div className={styles.head}>
        <DismissCircle20Filled className={styles.icon} aria-hidden />
        <Text as="h3" size={500} weight="semibold" id={titleId}>
          {diagnosis.title}
        </Text>
        <Badge appearance="outline" color="danger" aria-label={`Diagnosis code ${diagnosis.code}`}>
          {diagnosis.code}
        </Badge>
      </div>
      <div>
        <h4 className={styles.h}>What it means</h4>
        <p className={styles.body}>{text(diagnosis.cause)}</p>
      </div>
      <div className={styles.fixes}>
        <div className={styles.fix} data-testid="fix-user">
          <h4 className={styles.fixTitle}>
            <Person20Regular aria-hidden />
            {labels.user}
          </h4>
          <p className={styles.body}>{text(diagnosis.fixUser)}</p>
        </div>
        <div className={styles.fix} data-testid="fix-helpdesk">
          <h4 className={styles.fixTitle}>
            <PeopleTeam20Regular aria-hidden />
            {labels.helpdesk}
          </h4>
          <p className={styles.body}>{text(diagnosis.fixHelpdesk)}</p>
        </div>
      </div>
      {diagnosis.evidence.length > 0 && (
        <div>
          <h4 className={styles.h}>Evidence</h4>
          <ul className={styles.evidence}>
            {diagnosis.evidence.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
