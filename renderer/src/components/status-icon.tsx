import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircle20Filled,
  DismissCircle20Filled,
  Warning20Filled,
  SubtractCircle20Regular,
} from '@fluentui/react-icons';

export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'running';

const useStyles = makeStyles({
  pass: { color: tokens.colorStatusSuccessForeground1 },
  fail: { color: tokens.colorStatusDangerForeground1 },
  warn: { color: tokens.colorStatusWarningForeground1 },
  skip: { color: tokens.colorNeutralForeground3 },
  box: {
    display: 'inline-flex',
    width: '20px',
    height: '20px',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
  },
});

export const STATUS_WORDS: Record<Status, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skip: 'Skipped',
  running: 'Running',
};

/** The icon carries no meaning on its own: screen readers get the status word. */
export function StatusIcon({ status }: { status: Status }) {
  const styles = useStyles();
  const icon =
    status === 'running' ? (
      <Spinner size="extra-tiny" aria-hidden />
    ) : status === 'pass' ? (
      <CheckmarkCircle20Filled className={styles.pass} aria-hidden />
    ) : status === 'fail' ? (
      <DismissCircle20Filled className={styles.fail} aria-hidden />
    ) : status === 'warn' ? (
      <Warning20Filled className={styles.warn} aria-hidden />
    ) : (
      <SubtractCircle20Regular className={styles.skip} aria-hidden />
    );
  return (
    <span className={styles.box} role="img" aria-label={STATUS_WORDS[status]}>
      {icon}
    </span>
  );
}
