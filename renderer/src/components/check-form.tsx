// The check's input: server FQDN (with the warnings that predict NTLM fallback), port preset, database,
// and the advanced options a helpdesk needs (address override, encryption mode, CA file, timeout).
import { useState } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Checkbox,
  Field,
  Input,
  Radio,
  RadioGroup,
  SpinButton,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { History20Regular, Play20Filled } from '@fluentui/react-icons';
import type { CheckInput, RecentServer } from '../../../electron/contract/ipc';
import { CHECK_TIMEOUT_SECONDS } from '../../../electron/contract/limits';
import { readServerInput } from '../../../electron/contract/server-input';
import { PORT_PRESETS, isIpAddress, portFromText, readServerName, sentence } from '../lib/server-name';

const ADDRESS_HINT =
  'An IP to connect to (one node, a private endpoint) while still authenticating as the server name above.';

/** A recent server as its button's tooltip names it: host:port, and the database when one was given. */
function recentTitle(recent: RecentServer): string {
  return `${recent.server}:${recent.port}${recent.database ? ` (${recent.database})` : ''}`;
}

export interface FormValues {
  server: string;
  portChoice: string; // '1433' | '3342' | 'other'
  otherPort: string;
  database: string;
  address: string;
  encrypt: 'mandatory' | 'strict';
  caFile: string;
  trustServerCertificate: boolean;
  timeoutSeconds: number;
}

export const INITIAL_FORM: FormValues = {
  server: '',
  portChoice: '1433',
  otherPort: '',
  database: '',
  address: '',
  encrypt: 'mandatory',
  caFile: '',
  trustServerCertificate: false,
  timeoutSeconds: CHECK_TIMEOUT_SECONDS.default,
};

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  warnings: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  recent: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  recentLabel: { display: 'inline-flex', alignItems: 'center', gap: '4px', color: tokens.colorNeutralForeground2 },
  recentButton: {
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  advanced: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalS,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export function portOf(v: FormValues): number | null {
  return portFromText(v.portChoice === 'other' ? v.otherPort : v.portChoice);
}

/** The validated request, or the first problem in words. */
export function toCheckInput(values: FormValues): { input: CheckInput } | { error: string } {
  const port = portOf(values);
  const reading = readServerName(values.server, port);
  if (reading.error) return { error: reading.error };
  if (port === null) return { error: 'Enter a port from 1 to 65535.' };
  // A port still inside the server text must agree with the port field (the contract's rule, as for --port).
  const withPort = readServerInput(values.server, port);
  if (!withPort.ok) return { error: sentence(withPort.message) };
  const address = values.address.trim();
  if (address && !isIpAddress(address)) return { error: 'Connect to address must be an IP address.' };
  return {
    input: {
      server: reading.host,
      port,
      encrypt: values.encrypt,
      trustServerCertificate: values.trustServerCertificate,
      timeoutSeconds: values.timeoutSeconds,
      ...(address ? { address } : {}),
      ...(values.database.trim() ? { database: values.database.trim() } : {}),
      ...(values.caFile.trim() ? { caFile: values.caFile.trim() } : {}),
    },
  };
}

export function CheckForm({
  values,
  onChange,
  onSubmit,
  recent,
  running,
}: {
  values: FormValues;
  onChange: (values: FormValues) => void;
  onSubmit: () => void;
  recent: RecentServer[];
  running: boolean;
}) {
  const styles = useStyles();
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof FormValues>(k: K, val: FormValues[K]) => onChange({ ...values, [k]: val });
  const port = portOf(values);
  const reading = readServerName(values.server, port);
  const showError = touched && reading.error !== null;

  function adoptPastedPort(host: string, found: number | null) {
    // `tcp:name,3342` pasted from SSMS: keep the name in the box and move the port into the port choice.
    if (found === null) return;
    const preset = PORT_PRESETS.find((p) => p.port === found);
    onChange({
      ...values,
      server: host,
      portChoice: preset ? String(found) : 'other',
      otherPort: preset ? values.otherPort : String(found),
    });
  }

  return (
    <form
      className={styles.form}
      aria-label="Connection to check"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!running) onSubmit();
      }}
    >
      <Field
        label="Server (managed instance FQDN)"
        required
        hint="As in the Azure portal, e.g. sqlmi1.abc123.database.windows.net"
        validationState={showError ? 'error' : reading.warnings.length ? 'warning' : 'none'}
        validationMessage={
          showError ? (
            reading.error
          ) : reading.warnings.length ? (
            <ul className={styles.warnings} data-testid="server-warnings">
              {reading.warnings.map((w) => (
                <li key={w.code} data-code={w.code}>
                  {w.text}
                </li>
              ))}
            </ul>
          ) : undefined
        }
      >
        <Input
          value={values.server}
          spellCheck={false}
          autoComplete="off"
          name="server"
          onChange={(_, d) => set('server', d.value)}
          onBlur={() => {
            setTouched(true);
            adoptPastedPort(reading.host, reading.port);
          }}
        />
      </Field>
      {recent.length > 0 && (
        <div className={styles.recent} role="group" aria-label="Recent servers">
          <span className={styles.recentLabel}>
            <History20Regular aria-hidden />
            <Text size={200}>Recent:</Text>
          </span>
          {recent.map((recentServer) => (
            <Button
              key={`${recentServer.server}:${recentServer.port}`}
              size="small"
              appearance="subtle"
              className={styles.recentButton}
              title={recentTitle(recentServer)}
              onClick={() => {
                const preset = PORT_PRESETS.find((p) => p.port === recentServer.port);
                onChange({
                  ...values,
                  server: recentServer.server,
                  database: recentServer.database ?? '',
                  portChoice: preset ? String(recentServer.port) : 'other',
                  otherPort: preset ? '' : String(recentServer.port),
                });
              }}
            >
              {recentServer.server}:{recentServer.port}
            </Button>
          ))}
        </div>
      )}
      <Field label="Port">
        <RadioGroup value={values.portChoice} onChange={(_, d) => set('portChoice', d.value)}>
          {PORT_PRESETS.map((p) => (
            <Radio key={p.port} value={String(p.port)} label={p.label} />
          ))}
          <Radio value="other" label="Other" />
        </RadioGroup>
      </Field>
      {values.portChoice === 'other' && (
        <Field
          label="Other port"
          validationState={port === null ? 'error' : 'none'}
          validationMessage={port === null ? 'A port from 1 to 65535.' : undefined}
        >
          <Input value={values.otherPort} inputMode="numeric" onChange={(_, d) => set('otherPort', d.value)} />
        </Field>
      )}
      <Field label="Database (optional)" hint="Checks access to this database after the login.">
        <Input value={values.database} spellCheck={false} onChange={(_, d) => set('database', d.value)} />
      </Field>
      <Accordion collapsible>
        <AccordionItem value="advanced">
          <AccordionHeader>Advanced</AccordionHeader>
          <AccordionPanel>
            <div className={styles.advanced}>
              <Field label="Connect to address (optional)" hint={ADDRESS_HINT}>
                <Input value={values.address} spellCheck={false} onChange={(_, d) => set('address', d.value)} />
              </Field>
              <Field label="Encryption">
                <RadioGroup
                  value={values.encrypt}
                  onChange={(_, d) => set('encrypt', d.value === 'strict' ? 'strict' : 'mandatory')}
                >
                  <Radio value="mandatory" label="Mandatory (TDS 7.4: TLS after PRELOGIN)" />
                  <Radio value="strict" label="Strict (TDS 8.0: TLS first)" />
                </RadioGroup>
              </Field>
              <Field
                label="CA certificate file (optional)"
                hint="PEM file of the CA that issued the server certificate, when it is not in the system store."
              >
                <Input value={values.caFile} spellCheck={false} onChange={(_, d) => set('caFile', d.value)} />
              </Field>
              <Field
                validationState={values.trustServerCertificate ? 'warning' : 'none'}
                validationMessage={
                  values.trustServerCertificate
                    ? 'The server certificate will not be checked. Use this only to isolate a TLS problem.'
                    : undefined
                }
              >
                <Checkbox
                  label="Trust server certificate (skip the certificate check)"
                  checked={values.trustServerCertificate}
                  onChange={(_, d) => set('trustServerCertificate', d.checked === true)}
                />
              </Field>
              <Field label="Time limit for the whole check (seconds)">
                <SpinButton
                  value={values.timeoutSeconds}
                  min={CHECK_TIMEOUT_SECONDS.min}
                  max={CHECK_TIMEOUT_SECONDS.max}
                  onChange={(_, d) => {
                    const n = d.value ?? Number(d.displayValue);
                    if (Number.isFinite(n) && n >= CHECK_TIMEOUT_SECONDS.min && n <= CHECK_TIMEOUT_SECONDS.max)
                      set('timeoutSeconds', Math.round(n));
                  }}
                />
              </Field>
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" size="large" icon={<Play20Filled />} disabled={running}>
          Run check
        </Button>
      </div>
    </form>
  );
}
