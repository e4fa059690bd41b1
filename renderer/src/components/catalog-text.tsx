// Catalogue text as people read it: the `backticked` commands, paths and names shown as code, each with a
// copy button (its accessible name says what it copies), and long names wrapping only between labels.
import { useState } from 'react';
import { Button, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Checkmark16Regular, Copy16Regular } from '@fluentui/react-icons';
import { splitCode } from '../../../electron/contract/code-spans';
import { BreakableName } from './breakable-name';

const useStyles = makeStyles({
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
    padding: `0 ${tokens.spacingHorizontalXXS}`,
    overflowWrap: 'break-word',
  },
  copy: {
    minWidth: 'auto',
    height: '20px',
    width: '20px',
    padding: 0,
    verticalAlign: 'text-bottom',
    marginLeft: '2px',
  },
});

function CopyButton({ text }: { text: string }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }
  return (
    <Tooltip content={copied ? 'Copied' : 'Copy'} relationship="description">
      <Button
        className={styles.copy}
        size="small"
        appearance="subtle"
        aria-label={`Copy ${text}`}
        data-copy={text}
        icon={copied ? <Checkmark16Regular /> : <Copy16Regular />}
        onClick={() => {
          void copy();
        }}
      />
    </Tooltip>
  );
}

export function CatalogText({ text }: { text: string }) {
  const styles = useStyles();
  return (
    <>
      {splitCode(text).map((seg, i) =>
        seg.code ? (
          <span key={i}>
            <code className={styles.code}>
              <BreakableName text={seg.text} />
            </code>
            <CopyButton text={seg.text} />
          </span>
        ) : (
          <BreakableName key={i} text={seg.text} />
        ),
      )}
    </>
  );
}
