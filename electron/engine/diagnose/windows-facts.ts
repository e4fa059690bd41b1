// The Windows device checks' facts (build, flow, session, realm routing, proxies, the KDC proxy's certificate,
// Credential Guard) and what each means: a finding with a stable code and a severity, and the failures it
// explains. A fact alone is never the diagnosis of a check: it becomes one only when it explains the failure a
// step saw (a port missing from KerbTopLevelNames explains the SPN_UNKNOWN that follows), which is how the
// root cause of a Windows failure names the setting to change rather than the symptom.
import type { DiagnosisCode } from '../../contract/codes';
import { CLOUD_REALM } from '../../contract/azure';
import { sanitizeEvidenceText } from './evidence';

/** The hours an Entra cloud TGT lives; it cannot be renewed (a new sign-in brings the next one). */
export const CLOUD_TGT_LIFETIME_HOURS = 10;
/** A cloud TGT with less than this left is reported as about to expire. */
const CLOUD_TGT_WARN_MS = 60 * 60_000;

export type WindowsFact =
  /** CurrentBuild / UBR / InstallationType from the registry, and which flows that build can use. */
  | {
      kind: 'windows-build';
      build: number;
      ubr: number | null;
      server: boolean;
      label: string;
      modern: boolean;
      trust: boolean;
    }
  /**
   * Which flow this device can use and which one it is using: `using` from the tickets held (a cloud TGT →
   * modern; a DC-issued TGT on a domain-joined device → trust), `modernPossible` / `trustPossible` from the
   * join state, the cloud Kerberos policy and the build.
   */
  | {
      kind: 'windows-flow';
      using: 'modern' | 'trust' | null;
      modernPossible: boolean | null;
      trustPossible: boolean | null;
      reasons: string[];
      /** The build is too old for every flow the join state and policy would allow. */
      buildBlocks: boolean;
    }
  /**
   * The token's logon type and integrity (`whoami /groups`), and what dsregcmd run in the same session says of its
   * sign-in: `prt` = AzureAdPrt (a Microsoft Entra sign-in behind this session), on a device `entraOnly` when it is
   * Microsoft Entra joined and not domain joined (null: not known). "Run as" another user or a local account is an
   * interactive session without the PRT.
   */
  | {
      kind: 'session';
      interactive: boolean;
      elevated: boolean;
      logon: string[];
      integrity: string | null;
      prt?: boolean | null;
      entraOnly?: boolean | null;
    }
  /** The cloud TGT held: when it started and ends, judged at the check's clock (`now`). */
  | { kind: 'cloud-tgt-age'; start: string | null; end: string | null; now: string }
  /** Credential Guard as configured (LsaCfgFlags). */
  | { kind: 'credential-guard'; config: string; source: string | null }
  /**
   * Where Windows sends the SPN's request: KerbTopLevelNames coverage of host and port (null: dsregcmd printed
   * none, a build before they existed), and a host-to-realm mapping naming another realm than `expectedRealm`.
   */
  | {
      kind: 'realm-route';
      host: string;
      port: number;
      topLevelNames: string[] | null;
      coveredHost: boolean | null;
      coveredPort: boolean | null;
      mapping: { realm: string; entry: string; key: string } | null;
      expectedRealm: string;
      userRealm: string | null;
    }
  /** `netsh winhttp show proxy`, and whether each proxy's port answered a TCP connect. */
  | {
      kind: 'winhttp-proxy';
      direct: boolean;
      servers: { server: string; reachable: boolean | null; detail?: string }[];
    }
  /** ProxyMgr entries naming Fiddler's port 8888. */
  | { kind: 'proxy-leftover'; entries: string[] }
  /** `sc query` of a service the KDC proxy path needs. */
  | { kind: 'service-state'; service: string; state: string }
  /** The KDC proxy policy: `KdcProxyServer_Enabled`, its URLs for the Entra realm and their tenant against the device's. */
  | {
      kind: 'kdc-proxy-config';
      enabled: boolean | null;
      urls: string[];
      policyTenant: string | null;
      deviceTenant: string | null;
    }
  /** The certificate the KDC proxy URL presented: issuer, whether it chains to a trusted root, whether its issuer is the expected one. */
  | {
      kind: 'kdc-proxy-cert';
      url: string;
      subject: string | null;
      issuer: string | null;
      chain: string[];
      trusted: boolean;
      expectedIssuer: boolean;
      error?: string;
      /** The MS-KKDCP exchange through it: a Kerberos answer came back, or what happened instead. */
      exchange?: { ok: boolean; detail: string };
    };

export type WindowsFactKind = WindowsFact['kind'];
export const WINDOWS_FACT_KINDS: readonly WindowsFactKind[] = [
  'windows-build',
  'windows-flow',
  'session',
  'cloud-tgt-age',
  'credential-guard',
  'realm-route',
  'winhttp-proxy',
  'proxy-leftover',
  'service-state',
  'kdc-proxy-config',
  'kdc-proxy-cert',
];
export const isWindowsFact = (e: { kind: string }): e is WindowsFact =>
  (WINDOWS_FACT_KINDS as readonly string[]).includes(e.kind);

export interface WindowsFinding {
  code: DiagnosisCode;
  severity: 'info' | 'warn' | 'error';
  /** What was seen, for the step and the diagnosis's evidence. */
  note: string;
}

const s = sanitizeEvidenceText;
const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;

/** One line for people: what the fact is, never secret bytes. */
export function describeWindowsFact(e: WindowsFact): string {
  switch (e.kind) {
    case 'windows-build':
      return `Windows build: ${s(e.label)}; modern flow ${e.modern ? 'supported' : 'not supported'}, trust-based flow ${e.trust ? 'supported' : 'not supported'}`;
    case 'windows-flow': {
      const p = (v: boolean | null) => (v === null ? 'unknown' : v ? 'possible' : 'not possible');
      return `flow: ${e.using ? `using the ${e.using === 'modern' ? 'modern interactive flow (cloud TGT held)' : 'incoming trust-based flow (TGT from a domain controller held)'}` : 'no flow in use (no cloud TGT and no TGT from a domain controller)'}; modern ${p(e.modernPossible)}, trust-based ${p(e.trustPossible)}${e.reasons.length ? ` — ${s(e.reasons.join('; '))}` : ''}`;
    }
    case 'session':
      return `session: ${e.interactive ? 'interactive' : `not interactive (${e.logon.length ? e.logon.join(', ') : 'no logon-type group'})`}, ${e.elevated ? 'elevated (administrator token)' : 'not elevated'}${e.integrity ? `, ${e.integrity} integrity` : ''}${e.prt === undefined || e.prt === null ? '' : `, AzureAdPrt ${e.prt ? 'YES' : 'NO'}`}`;
    case 'cloud-tgt-age': {
      if (!e.start && !e.end) return 'cloud TGT: start and end times not shown';
      const left = e.end ? Date.parse(e.end) - Date.parse(e.now) : null;
      const age = e.start ? Date.parse(e.now) - Date.parse(e.start) : null;
      return `cloud TGT${age === null ? '' : ` issued ${hours(age)} ago`}${left === null ? '' : left <= 0 ? `, expired ${hours(-left)} ago` : `, ${hours(left)} left`} (not renewable; about ${CLOUD_TGT_LIFETIME_HOURS} h)`;
    }
    case 'credential-guard':
      return `Credential Guard: ${e.config === 'not-configured' ? 'not configured by LsaCfgFlags (on by default on eligible Windows 11 22H2+ devices)' : e.config}${e.source ? ` (${e.source})` : ''}`;
    case 'realm-route': {
      const tl =
        e.topLevelNames === null
          ? 'KerbTopLevelNames not printed'
          : e.coveredPort
            ? `KerbTopLevelNames cover ${s(e.host)}:${e.port}`
            : e.coveredHost
              ? `KerbTopLevelNames cover ${s(e.host)} but not port ${e.port}`
              : `KerbTopLevelNames do not cover ${s(e.host)}`;
      const map = e.mapping
        ? `; host-to-realm mapping ${s(e.mapping.entry)} → ${s(e.mapping.realm)} (${s(e.mapping.key)})`
        : '; no host-to-realm mapping for it';
      return `${tl}${map}`;
    }
    case 'winhttp-proxy':
      return e.direct
        ? 'WinHTTP proxy: direct access (no proxy server)'
        : `WinHTTP proxy: ${e.servers.map((x) => `${s(x.server)}${x.reachable === null ? '' : x.reachable ? ' (answers)' : ` (does not answer${x.detail ? `: ${s(x.detail)}` : ''})`}`).join(', ')}`;
    case 'proxy-leftover':
      return `iphlpsvc ProxyMgr entries naming port 8888 (Fiddler): ${e.entries.map(s).join('; ')}`;
    case 'service-state':
      return `service ${s(e.service)}: ${e.state}`;
    case 'kdc-proxy-config':
      return `KDC proxy policy: KdcProxyServer_Enabled ${e.enabled === null ? 'not set' : e.enabled ? '1' : '0'}; ${e.urls.length ? `${CLOUD_REALM} → ${e.urls.map(s).join(', ')}` : `no proxy for ${CLOUD_REALM}`}${e.policyTenant ? `; policy tenant ${e.policyTenant}` : ''}${e.deviceTenant ? `; device tenant ${e.deviceTenant}` : ''}`;
    case 'kdc-proxy-cert':
      return e.error && !e.issuer
        ? `KDC proxy ${s(e.url)}: no certificate read (${s(e.error)})${e.exchange ? `; MS-KKDCP exchange: ${s(e.exchange.detail)}` : ''}`
        : `KDC proxy ${s(e.url)} certificate: subject ${s(e.subject ?? '?')}, issuer ${s(e.issuer ?? '?')}${e.chain.length ? `, chain ${e.chain.map(s).join(' ← ')}` : ''}; ${e.trusted ? 'trusted' : `not trusted${e.error ? ` (${s(e.error)})` : ''}`}; ${e.expectedIssuer ? 'issued by the expected chain' : 'NOT issued by the expected chain'}${e.exchange ? `; MS-KKDCP exchange: ${s(e.exchange.detail)}` : ''}`;
  }
}

/** What a fact means, if anything worth saying: the finding's code and severity. */
export function judgeWindowsFact(e: WindowsFact): WindowsFinding | null {
  switch (e.kind) {
    case 'windows-build':
      // Alone, a build says which flows it allows; whether that matters depends on the join state (windows-flow).
      if (!e.modern)
        return {
          code: 'WINDOWS_BUILD_UNSUPPORTED',
          severity: 'info',
          note: e.trust
            ? 'this build cannot use the modern interactive flow (Windows 10 20H1, Windows 11 or Windows Server 2022 needed); the incoming trust-based flow remains'
            : 'this build supports neither flow',
        };
      return null;
    case 'windows-flow':
      return e.buildBlocks && e.using === null
        ? {
            code: 'WINDOWS_BUILD_UNSUPPORTED',
            severity: 'error',
            note: 'this Windows build is too old for every flow this device could use',
          }
        : null;
    case 'session':
      if (!e.interactive)
        return {
          code: 'SESSION_NOT_INTERACTIVE',
          severity: 'error',
          note: "Windows Authentication for Microsoft Entra principals works only in the user's interactive session",
        };
      if (e.elevated)
        return {
          code: 'SESSION_ELEVATED',
          severity: 'warn',
          note: 'an elevated session is a logon session of its own, with its own tickets',
        };
      // Only where the cloud ticket is the way in: a domain account's "Run as" still gets a TGT from a domain controller.
      if (e.prt === false && e.entraOnly === true)
        return {
          code: 'SESSION_WITHOUT_PRT',
          severity: 'warn',
          note: 'this session has no Microsoft Entra sign-in (AzureAdPrt NO): it runs as another account ("Run as") or a local account',
        };
      return null;
    case 'cloud-tgt-age': {
      if (!e.end) return null;
      const left = Date.parse(e.end) - Date.parse(e.now);
      if (left <= 0)
        return {
          code: 'TGT_EXPIRED',
          severity: 'error',
          note: 'the cloud TGT has expired and cannot be renewed: sign out and sign in again',
        };
      if (left <= CLOUD_TGT_WARN_MS)
        return {
          code: 'CLOUD_TGT_EXPIRING',
          severity: 'warn',
          note: `the cloud TGT ends in ${Math.max(1, Math.round(left / 60_000))} min and cannot be renewed`,
        };
      return null;
    }
    case 'credential-guard':
      return e.config === 'on' || e.config === 'on-uefi-lock'
        ? {
            code: 'CREDENTIAL_GUARD_ON',
            severity: 'info',
            note: 'Credential Guard is on: unconstrained Kerberos delegation is not available',
          }
        : null;
    case 'realm-route':
      if (e.mapping && e.mapping.realm.toUpperCase() !== e.expectedRealm.toUpperCase()) {
        return {
          code: 'HOST_REALM_MAPPING_WRONG',
          severity: 'warn',
          note: `a host-to-realm mapping sends ${e.host} to ${e.mapping.realm}, not ${e.expectedRealm}`,
        };
      }
      if (
        !e.mapping &&
        e.topLevelNames !== null &&
        e.expectedRealm.toUpperCase() === CLOUD_REALM &&
        e.coveredPort === false
      ) {
        return {
          code: 'KERB_TOP_LEVEL_NAME_MISSING',
          severity: 'warn',
          note: e.coveredHost
            ? `KerbTopLevelNames list ${e.host}'s suffix but not port ${e.port}: the request goes to ${e.userRealm ?? 'the on-premises realm'}, not ${CLOUD_REALM}`
            : `KerbTopLevelNames do not cover ${e.host}: the request goes to ${e.userRealm ?? 'the on-premises realm'}, not ${CLOUD_REALM}`,
        };
      }
      return null;
    case 'winhttp-proxy': {
      const dead = e.servers.filter((x) => x.reachable === false);
      return dead.length
        ? {
            code: 'WINHTTP_PROXY_UNREACHABLE',
            severity: 'warn',
            note: `the WinHTTP proxy ${dead.map((x) => x.server).join(', ')} does not answer: the KDC proxy traffic of the Kerberos client goes nowhere`,
          }
        : null;
    }
    case 'proxy-leftover':
      return e.entries.length
        ? {
            code: 'FIDDLER_PROXY_LEFTOVER',
            severity: 'warn',
            note: 'proxy entries for port 8888 (Fiddler) remain under iphlpsvc\\Parameters\\ProxyMgr',
          }
        : null;
    case 'service-state':
      return e.state === 'running'
        ? null
        : {
            code: 'PROXY_SERVICE_STOPPED',
            severity: 'warn',
            note: `${e.service} is ${e.state}; the KDC proxy path needs it running`,
          };
    case 'kdc-proxy-config':
      if (e.urls.length && e.policyTenant && e.deviceTenant && e.policyTenant !== e.deviceTenant) {
        return {
          code: 'KDC_PROXY_TENANT_MISMATCH',
          severity: 'warn',
          note: `the KDC proxy policy names tenant ${e.policyTenant}; the device is joined to ${e.deviceTenant}`,
        };
      }
      if (e.urls.length && e.enabled === false)
        return {
          code: 'KDC_PROXY_POLICY_DISABLED',
          severity: 'warn',
          note: 'KDC proxy servers are listed but KdcProxyServer_Enabled is 0',
        };
      return null;
    case 'kdc-proxy-cert':
      return e.issuer && !e.expectedIssuer
        ? {
            code: 'KDC_PROXY_TLS_INSPECTION',
            severity: 'warn',
            note: `the KDC proxy's certificate is issued by ${e.issuer}, not by the expected chain: a TLS-inspecting proxy is in the way`,
          }
        : null;
  }
}

/** The failures (codes a step saw) each finding explains; a finding explains a step only when it explains all of them. */
export const EXPLAINS: Partial<Record<DiagnosisCode, readonly DiagnosisCode[]>> = {
  WINDOWS_BUILD_UNSUPPORTED: ['NO_TGT', 'CLOUD_TGT_MISSING', 'CLOUD_KERBEROS_POLICY_OFF', 'NTLM_FALLBACK', 'UNKNOWN'],
  SESSION_NOT_INTERACTIVE: ['NO_TGT', 'CLOUD_TGT_MISSING', 'CLOUD_KERBEROS_POLICY_OFF', 'NTLM_FALLBACK', 'UNKNOWN'],
  SESSION_ELEVATED: ['NO_TGT', 'CLOUD_TGT_MISSING'],
  SESSION_WITHOUT_PRT: ['NO_TGT', 'CLOUD_TGT_MISSING', 'NTLM_FALLBACK', 'UNKNOWN'],
  HOST_REALM_MAPPING_WRONG: ['SPN_UNKNOWN', 'NO_CROSS_REALM_TRUST', 'KDC_UNREACHABLE', 'NTLM_FALLBACK', 'UNKNOWN'],
  KERB_TOP_LEVEL_NAME_MISSING: ['SPN_UNKNOWN', 'NO_CROSS_REALM_TRUST', 'NTLM_FALLBACK', 'UNKNOWN'],
  KDC_PROXY_TLS_INSPECTION: ['CLOUD_KDC_UNREACHABLE', 'TLS_UNTRUSTED', 'PROTOCOL_ERROR', 'UNKNOWN'],
  KDC_PROXY_TENANT_MISMATCH: ['CLOUD_KDC_UNREACHABLE', 'SPN_UNKNOWN', 'UNKNOWN'],
  KDC_PROXY_POLICY_DISABLED: ['CLOUD_KDC_UNREACHABLE'],
  WINHTTP_PROXY_UNREACHABLE: ['CLOUD_KDC_UNREACHABLE'],
  FIDDLER_PROXY_LEFTOVER: ['CLOUD_KDC_UNREACHABLE'],
  PROXY_SERVICE_STOPPED: ['CLOUD_KDC_UNREACHABLE'],
};
