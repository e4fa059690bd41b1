// "Copy for helpdesk" (Markdown) and export as HTML / Markdown / JSON, optionally redacted. The text is
// rendered by the engine's report module (the same one `kerbprobe check --report` uses).
import { useState } from 'react';
import {
  Button,
  Checkbox,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, Copy20Regular } from '@fluentui/react-icons';
import type { CheckReport } from '../../../electron/contract/report';
import type { ReportFormat } from '../../../electron/contract/ipc';
import { errorText, getApi } from '../api';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  status: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

const FORMATS: { format: ReportFormat; label: string }[] = [
  { format: 'html', label: 'HTML (printable)' },
  { format: 'md', label: 'Markdown (helpdesk ticket)' },
  { format: 'json', label: 'JSON (KerbProbe can open it again)' },
];

export function ExportBar({ report }: { report: CheckReport }) {
  const styles = useStyles();
  const [redact, setRedact] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function copy() {
    const api = getApi();
    if (!api) return;
    setBusy(true);
    try {
      const { text } = await api.report.export({ report, format: 'md', redact, to: 'text' });
      await navigator.clipboard.writeText(text ?? '');
      setStatus(redact ? 'Copied the redacted report as Markdown.' : 'Copied the report as Markdown.');
    } catch (err) {
      setStatus(`Could not copy: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  async function save(format: ReportFormat) {
    const api = getApi();
    if (!api) return;
    setBusy(true);
    try {
      const { path } = await api.report.export({ report, format, redact, to: 'file' });
      setStatus(path ? `Saved ${path}` : 'Export cancelled.');
    } catch (err) {
      setStatus(`Could not export: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.bar} role="group" aria-label="Share this result">
      <Button appearance="primary" icon={<Copy20Regular />} onClick={() => void copy()} disabled={busy}>
        Copy for helpdesk
      </Button>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button icon={<ArrowDownload20Regular />} disabled={busy}>
            Export…
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {FORMATS.map((f) => (
              <MenuItem
                key={f.format}
                onClick={() => {
                  void save(f.format);
                }}
              >
                {f.label}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Checkbox
        label="Redact names (user, hosts, realms, tenant)"
        checked={redact}
        onChange={(_, d) => setRedact(d.checked === true)}
      />
      <Text className={styles.status} size={200} role="status" aria-live="polite">
        {status}
      </Text>
    </div>
  );
}
