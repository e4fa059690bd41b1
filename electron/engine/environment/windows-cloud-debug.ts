// `klist cloud_debug`: what the Kerberos client knows about Entra (cloud) Kerberos on this logon session.
// "Cloud Primary (Hybrid logon) TGT available: 1" is the line Microsoft's troubleshooting checks
// (https://learn.microsoft.com/en-us/entra/global-secure-access/how-to-configure-kerberos-sso, "Troubleshoot").
// Read tolerantly: any spacing or tabs around the colon, labels in another case or spacing, CRLF; a line after
// the header that is not `label: number`, or a known label whose value is not a number, is kept in `unread`.
import type { ToolFieldKind } from '../../contract/bundle';
import { ParseError } from '../errors';
import { toLines } from '../tickets/pasted-text';
import { pushUnread, type UnreadLine } from '../tickets/unread-lines';

export interface CloudDebug {
  logonId: string | null;
  enabledByPolicy: boolean | null;
  asRepCallbackReceived: boolean | null;
  asRepCallbackUsed: boolean | null;
  cloudReferralTgtPresent: boolean | null;
  spnOracleConfigured: boolean | null;
  kdcProxyPresent: boolean | null;
  publicKeyCredentialPresent: boolean | null;
  passwordDerivedKeysPresent: boolean | null;
  plaintextPasswordPresent: boolean | null;
  asRepCredentialType: number | null;
  cloudPrimaryTgtAvailable: boolean | null;
  /** Every `label: number` line as printed, including ones newer builds add. */
  raw: Record<string, number>;
  /** Lines after the header that could not be read (1-based numbers), at most MAX_UNREAD_LINES. */
  unread: UnreadLine[];
}

const KEYS: Record<string, Exclude<keyof CloudDebug, 'logonId' | 'raw' | 'unread'>> = {
  'cloud kerberos enabled by policy': 'enabledByPolicy',
  'as_rep callback received': 'asRepCallbackReceived',
  'as_rep callback used': 'asRepCallbackUsed',
  'cloud referral tgt present in cache': 'cloudReferralTgtPresent',
  'spn oracle configured': 'spnOracleConfigured',
  'kdc proxy present in cache': 'kdcProxyPresent',
  'public key credential present': 'publicKeyCredentialPresent',
  'password-derived keys present': 'passwordDerivedKeysPresent',
  'plaintext password present': 'plaintextPasswordPresent',
  'as_rep credential type': 'asRepCredentialType',
  'cloud primary (hybrid logon) tgt available': 'cloudPrimaryTgtAvailable',
};

export function parseCloudDebug(text: string): CloudDebug {
  const lines = toLines(text, 'CLOUD_DEBUG');
  const out: CloudDebug = {
    logonId: null,
    enabledByPolicy: null,
    asRepCallbackReceived: null,
    asRepCallbackUsed: null,
    cloudReferralTgtPresent: null,
    spnOracleConfigured: null,
    kdcProxyPresent: null,
    publicKeyCredentialPresent: null,
    passwordDerivedKeysPresent: null,
    plaintextPasswordPresent: null,
    asRepCredentialType: null,
    cloudPrimaryTgtAvailable: null,
    raw: {},
    unread: [],
  };
  let known = 0;
  let recognised = false;
  let inBody = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const logon = /\b(\d+:0x[0-9a-f]+)\s*$/i.exec(line);
    if (logon?.[1] && out.logonId === null) {
      out.logonId = logon[1];
      return;
    }
    // `Cloud Kerberos Debug info:` (a header with nothing after its colon) opens the body.
    if (/^\s*[^:]+:\s*$/.test(line)) {
      inBody = true;
      if (/cloud kerberos debug info/i.test(line)) recognised = true;
      return;
    }
    const field = /^\s*([^:]+?)\s*:\s*(\S.*)$/.exec(line);
    const label = field?.[1]?.replace(/\s+/g, ' ');
    const key = label ? KEYS[label.toLowerCase()] : undefined;
    const num = /^(-?\d{1,10})$/.exec(field?.[2] ?? '');
    if (key) recognised = true;
    if (label && num?.[1]) {
      inBody = true;
      const value = Number(num[1]);
      out.raw[label] = value;
      if (!key) return;
      known++;
      if (key === 'asRepCredentialType') out.asRepCredentialType = value;
      else out[key] = value !== 0;
      return;
    }
    if (key || inBody) pushUnread(out.unread, index, line);
  });
  if (known === 0 && !recognised)
    throw new ParseError('CLOUD_DEBUG_NOT_RECOGNISED', 'no known "klist cloud_debug" line');
  return out;
}

/**
 * What each cloud_debug line holds, for redaction (engine/report/redact-tool-output.ts): every known label is a
 * number Microsoft defines, and so is any `label: number` line a newer build adds (the parser reads it into `raw`);
 * the LogonId line is a session number. A line that is neither is redacted.
 */
export const CLOUD_DEBUG_FIELD_KINDS: Readonly<Record<string, ToolFieldKind>> = {
  ...Object.fromEntries(Object.keys(KEYS).map((label) => [label, 'fixed' as const])),
  'current logonid is': 'fixed',
};

const said = (b: boolean | null): string => (b === null ? 'not shown' : b ? 'YES' : 'NO');

/**
 * What a `klist cloud_debug` says, one line each. The policy line alone decides no flow: "Allow retrieving the cloud
 * kerberos ticket during the logon" is what the modern interactive flow needs, while the incoming trust-based
 * flow needs no such policy (winauth-azuread-setup-modern-interactive-flow and -incoming-trust-based-flow,
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup), and this output does
 * not say whether the device is domain joined: it says what the policy rules out, not that it is the cause.
 */
export function cloudDebugFacts(c: CloudDebug): string[] {
  const policy =
    c.enabledByPolicy === false
      ? 'cloud Kerberos enabled by policy: NO — this rules out the modern interactive flow (no cloud TGT is ' +
        'retrieved at sign-in); the incoming trust-based flow needs no such policy, and this output does not say ' +
        'whether the device is domain joined (dsregcmd /status: DomainJoined), so the flow in use is unknown from it'
      : `cloud Kerberos enabled by policy: ${said(c.enabledByPolicy)}`;
  return [
    policy,
    `Cloud Primary (Hybrid logon) TGT available (cloud Kerberos trust): ${said(c.cloudPrimaryTgtAvailable)}`,
    `KDC proxy in cache: ${said(c.kdcProxyPresent)}`,
  ];
}
