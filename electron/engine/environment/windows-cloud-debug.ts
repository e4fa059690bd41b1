// `klist cloud_debug`: what the Kerberos client knows about Entra (cloud) Kerberos on this logon session.
import { ParseError } from '../errors';
import { toLines } from '../tickets/text';

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
}

const KEYS: Record<string, Exclude<keyof CloudDebug, 'logonId' | 'raw'>> = {
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
    logonId: null, enabledByPolicy: null, asRepCallbackReceived: null, asRepCallbackUsed: null,
    cloudReferralTgtPresent: null, spnOracleConfigured: null, kdcProxyPresent: null,
    publicKeyCredentialPresent: null, passwordDerivedKeysPresent: null, plaintextPasswordPresent: null,
    asRepCredentialType: null, cloudPrimaryTgtAvailable: null, raw: {},
  };
  let known = 0;
  for (const line of lines) {
    const logon = /\b(\d+:0x[0-9a-f]+)\s*$/i.exec(line);
    if (logon?.[1] && out.logonId === null) { out.logonId = logon[1]; continue; }
    const m = /^\s*([^:]+?)\s*:\s*(-?\d{1,10})\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const value = Number(m[2]);
    out.raw[m[1]] = value;
    const key = KEYS[m[1].toLowerCase()];
    if (!key) continue;
    known++;
    if (key === 'asRepCredentialType') out.asRepCredentialType = value;
    else out[key] = value !== 0;
  }
  if (known === 0) throw new ParseError('CLOUD_DEBUG_NOT_RECOGNISED', 'no known "klist cloud_debug" line');
  return out;
}
