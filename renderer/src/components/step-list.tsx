// The check's steps as they run: status, title, what was found, how long it took.
import { makeStyles, tokens, Text } from '@fluentui/react-components';
import type { Step } from '../../../electron/contract/report';
import { StatusIcon, type Status } from './status-icon';
import { formatMs } from '../lib/time-text';

export interface StepRow {
  id: Step['id'];
  title: string;
  status: Status;
  ms: number | null;
  detail: string;
}

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  row: {
    display: 'grid',
    gridTemplateColumns: '20px minmax(120px, 200px) 1fr auto',
    columnGap: tokens.spacingHorizontalM,
    alignItems: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media (max-width: 700px)': { gridTemplateColumns: '20px 1fr auto' },
  },
  title: { fontWeight: tokens.fontWeightSemibold },
  detail: {
    color: tokens.colorNeutralForeground2,
    overflowWrap: 'anywhere',
    '@media (max-width: 700px)': { gridColumn: '2 / 4' },
  },
  ms: { color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
});

export function StepList({ rows, label }: { rows: StepRow[]; label: string }) {
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={label}>
      {rows.map((r) => (
        <li key={r.id} className={styles.row} data-step={r.id} data-status={r.status}>
          <StatusIcon status={r.status} />
          <Text className={styles.title}>{r.title}</Text>
          <Text className={styles.detail} size={200}>
            {r.status === 'running' ? 'running…' : r.detail}
          </Text>
          <Text className={styles.ms} size={200}>
            {r.ms === null ? '' : formatMs(r.ms)}
          </Text>
        </li>
      ))}
    </ol>
  );
}

export function rowsFromSteps(steps: Step[]): StepRow[] {
  return steps.map((st) => ({
    id: st.id,
    title: st.title,
    status: st.status,
    ms: st.status === 'skip' ? null : st.ms,
    detail: st.detail,
  }));
}
