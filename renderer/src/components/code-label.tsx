// A diagnosis code as the Fleet tab shows it: the code in monospace, which may wrap only after an underscore
// ("KDC_" / "UNREACHABLE", never "KDC_UNR" / "EACHABLE"), with the catalogue's headline under it (which wraps
// between words). Compact: the code alone, its headline on hover.
import { Fragment } from 'react';
import { Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { codeParts } from '../lib/name-breaks';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    // Never inside a word: the code wraps at its <wbr>s only.
    overflowWrap: 'normal',
    wordBreak: 'keep-all',
  },
  headline: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, overflowWrap: 'normal' },
});

function BrokenCode({ code, className }: { code: string; className: string }) {
  const parts = codeParts(code);
  return (
    <span className={className} data-code={code}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </span>
  );
}

export function CodeLabel({ code, headline, compact }: { code: string; headline?: string; compact?: boolean }) {
  const styles = useStyles();
  if (compact)
    return headline ? (
      <Tooltip content={headline} relationship="description">
        <span>
          <BrokenCode code={code} className={styles.code} />
        </span>
      </Tooltip>
    ) : (
      <BrokenCode code={code} className={styles.code} />
    );
  return (
    <span className={styles.root}>
      <BrokenCode code={code} className={styles.code} />
      {headline && <span className={styles.headline}>{headline}</span>}
    </span>
  );
}
