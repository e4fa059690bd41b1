// The kinds of evidence text the helpdesk's analysis reads, one entry each: how it is recognised and what it
// says (evidence for diagnose/, facts for people, tickets for the chain). A new parser is one entry here;
// `kerbprobe analyze`, the Helpdesk view and collected bundles all read through this table. Reports and
// bundles are documents of KerbProbe's own and are read by analyze-input.ts / analyze-inputs.ts.
import { describeEvidence, sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';
import {
  buildFact,
  proxyLeftoverFact,
  serviceFact,
  sessionFact,
  winHttpFact,
} from '../environment/windows-device-facts';
import { PROXY_MGR_KEY, parseProxyMgr } from '../environment/proxy-mgr';
import {
  HOST_TO_REALM_KEY,
  HOST_TO_REALM_POLICY_KEY,
  parseHostToRealm,
  type HostRealmMapping,
} from '../environment/realm-mapping';
import { parseScQuery } from '../environment/sc-query';
import { parseWhoamiGroups } from '../environment/whoami-groups';
import { parseWindowsBuild, CURRENT_VERSION_KEY } from '../environment/windows-build';
import { parseWinHttpProxy } from '../environment/winhttp-proxy';
import { parseDsregcmd } from '../environment/dsregcmd';
import { parseCloudDebug } from '../environment/windows-cloud-debug';
import { dword, parseRegQuery } from '../environment/reg-query';
import { kdcProxyMappings, KDC_PROXY_KEY } from '../environment/kdc-proxy-policy';
import { CLOUD_KERBEROS_KEYS } from '../environment/windows-environment';
import type { DetectedInput } from '../tickets/detect-input';
import { klistFailureEvidence } from '../diagnose/sources/klist-substatus-evidence';
import { toLines } from '../tickets/pasted-text';
import { ticketsFromCcache, ticketsFromKlistText, type TicketSource } from '../tickets/ticket-source';
import type { UnreadLine } from '../tickets/unread-lines';
import { describeKlistFailure, findKlistFailure, parseKlistGet, type KlistFailure } from '../tickets/windows-klist-get';
import { parseKlistPurge } from '../tickets/windows-klist-purge';

/** What one input of a kind says. */
export interface KindReading {
  evidence: Evidence[];
  facts: string[];
  tickets?: TicketSource;
  /** The SPN the chain should reach, when the input names one (a successful `klist get`). */
  chainSpn?: string | null;
  unread?: UnreadLine[];
  /** What to call the output when its unread lines are listed. */
  unreadWhat?: string;
  /** Host-to-realm mappings a `reg query` of HostToRealm printed: where Windows sends an SPN's host. */
  hostToRealm?: HostRealmMapping[];
}

export interface ReadContext {
  name: string;
  /** The SPN the user wanted, when known. */
  spn: string | null;
  /** The input's bytes (a binary ccache has no text). */
  bytes: Uint8Array | null;
}

export interface InputKindEntry {
  /** What the input is reported as (stable: tests and the JSON output name it). */
  kind: string;
  /** Which limit of contract/limits.ts holds it. */
  limit: 'text' | 'ccache';
  /** `d` is the ticket parsers' own recognition (tickets/detect-input.ts), computed once. */
  matches(text: string, d: DetectedInput): boolean;
  read(text: string, ctx: ReadContext): KindReading;
}

const yn = (b: boolean | null): string => (b === null ? 'not shown' : b ? 'YES' : 'NO');
/** dsregcmd's CloudTgt / OnPremTgt lines exist from Windows 11 21H2 on (troubleshoot-device-dsregcmd, "SSO state"). */
const tgtYn = (b: boolean | null): string =>
  b === null ? 'not printed (a build before Windows 11 21H2 does not say)' : b ? 'YES' : 'NO';

/**
 * The flow a dsregcmd /status alone can show. CloudTgt YES is the modern flow's cloud TGT. The trust-based
 * flow's first ticket is a TGT from a domain controller, which only klist shows; OnPremTgt is a cloud
 * Kerberos trust ticket for on-premises resources and says nothing about it:
 * https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state,
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot.
 */
function dsregFlow(s: ReturnType<typeof parseDsregcmd>): string {
  if (s.sso.cloudTgt === true)
    return 'modern interactive (CloudTgt YES: a cloud Kerberos ticket for cloud resources is present)';
  const modern =
    s.sso.cloudTgt === false ? 'not the modern flow (CloudTgt NO)' : 'modern flow not shown (no CloudTgt line)';
  if (s.device.domainJoined === true)
    return (
      `${modern}; incoming trust possible (DomainJoined YES) — shown only by a TGT from a domain controller ` +
      'in `klist` (krbtgt/<AD realm>), which dsregcmd cannot show'
    );
  return `${modern}; not the incoming trust flow (DomainJoined ${yn(s.device.domainJoined)})`;
}

function failureReading(f: KlistFailure, target: string | null): KindReading {
  const facts = [describeKlistFailure(f)];
  if (f.statusText) facts.push(`Windows said (localized text, shown as printed; the numbers decide): ${f.statusText}`);
  return { evidence: klistFailureEvidence(f, target), facts };
}

/** A failed `klist get` does not repeat the name it was asked for; a console paste often holds the prompt line. */
function askedAtPrompt(text: string): string | null {
  return /^(?:[^\r\n]*>)?[ \t]*klist(?:\.exe)?[ \t]+get[ \t]+(\S+)/im.exec(text)?.[1] ?? null;
}

const ticketList = (text: string, ctx: ReadContext): KindReading => ({
  evidence: [],
  facts: [],
  tickets: ticketsFromKlistText(text, {}, ctx.name),
});
const detected =
  (...kinds: DetectedInput['kind'][]) =>
  (_text: string, d: DetectedInput): boolean =>
    kinds.includes(d.kind);

/** `reg query` output of one of the keys KerbProbe reads (the value names are not localized). */
const regQueryOf =
  (key: string) =>
  (text: string): boolean =>
    /^\s*HKEY_LOCAL_MACHINE\\/m.test(text) &&
    text.toUpperCase().includes(key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE').toUpperCase());

export const INPUT_KIND_TABLE: readonly InputKindEntry[] = [
  {
    kind: 'ccache',
    limit: 'ccache',
    matches: detected('ccache'),
    read: (_t, ctx) => ({
      evidence: [],
      facts: [],
      tickets: ticketsFromCcache(ctx.bytes ?? new Uint8Array(), ctx.name),
    }),
  },
  { kind: 'mit-klist', limit: 'text', matches: detected('mit-klist'), read: ticketList },
  { kind: 'heimdal-klist', limit: 'text', matches: detected('heimdal-klist'), read: ticketList },
  { kind: 'windows-klist', limit: 'text', matches: detected('windows-klist'), read: ticketList },
  {
    kind: 'windows-klist-tgt',
    limit: 'text',
    matches: detected('windows-klist-tgt'),
    read: (text, ctx) => {
      const failure = findKlistFailure(toLines(text, 'KLIST'));
      if (!failure) return ticketList(text, ctx);
      const r = failureReading(failure, 'krbtgt');
      return { ...r, evidence: [...r.evidence, { kind: 'tgt', state: 'missing' }] };
    },
  },
  ...(['windows-klist-get', 'windows-klist-error'] as const).map((kind): InputKindEntry => ({
    kind,
    limit: 'text',
    matches: detected(kind),
    read: (text, ctx) => {
      const r = parseKlistGet(text);
      if (!r.ok) return failureReading(r, ctx.spn ?? askedAtPrompt(text));
      return {
        evidence: [],
        facts: [`a ticket to ${r.spn ?? '(SPN not named)'} was retrieved`],
        chainSpn: ctx.spn ?? r.spn,
        tickets: ticketsFromKlistText(text, {}, ctx.name),
      };
    },
  })),
  {
    kind: 'windows-klist-purge',
    limit: 'text',
    matches: detected('windows-klist-purge'),
    read: (text) => {
      const purge = parseKlistPurge(text);
      return {
        evidence: [],
        facts: [
          `klist purge: the tickets of logon session ${sanitizeEvidenceText(purge.logonId ?? '(not shown)')} were ` +
            `deleted (Windows said: ${sanitizeEvidenceText(purge.said.join(' '))}); a purge shows no tickets and ` +
            'no failure — run klist again after the next sign-in or access to see what Windows obtains',
        ],
      };
    },
  },
  {
    kind: 'windows-cloud-debug',
    limit: 'text',
    matches: detected('windows-cloud-debug'),
    read: (text) => {
      const c = parseCloudDebug(text);
      return {
        evidence: [
          { kind: 'cloud-debug', policyEnabled: c.enabledByPolicy, cloudTgtAvailable: c.cloudPrimaryTgtAvailable },
        ],
        facts: [
          `cloud Kerberos enabled by policy: ${yn(c.enabledByPolicy)}`,
          `Cloud Primary (Hybrid logon) TGT available (cloud Kerberos trust): ${yn(c.cloudPrimaryTgtAvailable)}`,
          `KDC proxy in cache: ${yn(c.kdcProxyPresent)}`,
        ],
        unread: c.unread,
        unreadWhat: 'klist cloud_debug',
      };
    },
  },
  {
    kind: 'dsregcmd',
    limit: 'text',
    matches: detected('dsregcmd'),
    read: (text) => {
      const status = parseDsregcmd(text);
      const facts = [
        `Entra joined: ${yn(status.device.azureAdJoined)}, domain joined: ${yn(status.device.domainJoined)}` +
          `${status.device.domainName ? ` (${sanitizeEvidenceText(status.device.domainName)})` : ''}`,
        `PRT: ${yn(status.sso.azureAdPrt)}, CloudTgt (cloud Kerberos ticket for cloud ` +
          `resources): ${tgtYn(status.sso.cloudTgt)}, ` +
          `OnPremTgt (cloud Kerberos trust ticket for on-premises resources, not ` +
          `the incoming trust flow): ${tgtYn(status.sso.onPremTgt)}`,
        `flow this session can use: ${dsregFlow(status)}`,
      ];
      if (status.sso.kerbTopLevelNames.length)
        facts.push(
          `host suffixes sent to Entra Kerberos: ${sanitizeEvidenceText(status.sso.kerbTopLevelNames.join(', '))}`,
        );
      return {
        evidence: [
          {
            kind: 'dsregcmd',
            azureAdJoined: status.device.azureAdJoined,
            domainJoined: status.device.domainJoined,
            azureAdPrt: status.sso.azureAdPrt,
            cloudTgt: status.sso.cloudTgt,
            onPremTgt: status.sso.onPremTgt,
            ...(status.sso.kerbTopLevelNames.length ? { kerbTopLevelNames: status.sso.kerbTopLevelNames } : {}),
          },
        ],
        facts,
        unread: status.unread,
        unreadWhat: 'dsregcmd /status',
      };
    },
  },
  // The KDC proxy policy (environment/kdc-proxy-policy.ts cites Microsoft's syntax).
  {
    kind: 'reg-kdc-proxy',
    limit: 'text',
    matches: regQueryOf(KDC_PROXY_KEY),
    read: (text) => {
      const mappings = kdcProxyMappings(parseRegQuery(text));
      return {
        evidence: [],
        facts: mappings.length
          ? mappings.map(
              (m) =>
                `KDC proxy servers by policy: ${sanitizeEvidenceText(m.suffix)} → ` +
                `${sanitizeEvidenceText(m.urls.join(' ') || m.raw)}`,
            )
          : ['no KDC proxy servers configured by policy'],
      };
    },
  },
  // The cloud Kerberos policy, both registry paths Microsoft documents (environment/windows-environment.ts).
  {
    kind: 'reg-cloud-kerberos',
    limit: 'text',
    matches: (text) =>
      CLOUD_KERBEROS_KEYS.some((k) => regQueryOf(k)(text)) && /CloudKerberosTicketRetrievalEnabled/i.test(text),
    read: (text) => {
      const v = dword(parseRegQuery(text), 'CloudKerberosTicketRetrievalEnabled');
      return {
        evidence: [],
        facts: [
          `CloudKerberosTicketRetrievalEnabled = ${v === null ? 'not set' : v} (the policy value; klist cloud_debug ` +
            `shows the effective one)`,
        ],
      };
    },
  },
  // The device checks' outputs (environment/, each parser cites Microsoft): the same facts the check's device
  // hop builds, judged by diagnose/ — a finding explains a failure another input shows.
  {
    kind: 'reg-windows-build',
    limit: 'text',
    matches: regQueryOf(CURRENT_VERSION_KEY),
    read: (text) => deviceFact(buildFact(parseWindowsBuild(text))),
  },
  {
    kind: 'reg-proxy-mgr',
    limit: 'text',
    matches: regQueryOf(PROXY_MGR_KEY),
    read: (text) => {
      const p = parseProxyMgr(text);
      return {
        ...deviceFact(proxyLeftoverFact(p.fiddler)),
        ...(p.fiddler.length
          ? {}
          : {
              facts: [
                `iphlpsvc ProxyMgr: ${p.entries.length} entr${p.entries.length === 1 ? 'y' : 'ies'}, none naming ` +
                  `port 8888 (Fiddler)`,
              ],
            }),
      };
    },
  },
  {
    kind: 'reg-host-to-realm',
    limit: 'text',
    matches: (text) => regQueryOf(HOST_TO_REALM_KEY)(text) || regQueryOf(HOST_TO_REALM_POLICY_KEY)(text),
    read: (text) => {
      const m = parseHostToRealm(text);
      return {
        evidence: [],
        facts: m.length
          ? m.map((x) => `host-to-realm mapping: ${sanitizeEvidenceText(JSON.stringify(x))}`)
          : ['no host-to-realm mappings'],
        hostToRealm: m,
      };
    },
  },
  {
    kind: 'netsh-winhttp-proxy',
    limit: 'text',
    matches: (text) => /\bWinHTTP\b/i.test(text.trimStart().split(/\r?\n/, 1)[0] ?? ''),
    read: (text) => deviceFact(winHttpFact(parseWinHttpProxy(text))),
  },
  {
    kind: 'sc-query',
    limit: 'text',
    matches: (text) => /^\s*SERVICE_NAME\s*:/m.test(text) || /OpenService FAILED 1060/.test(text),
    read: (text) => {
      const st = parseScQuery(text);
      return deviceFact(serviceFact(st.name ?? 'the service', st));
    },
  },
  {
    kind: 'whoami-groups',
    limit: 'text',
    matches: looksLikeWhoami,
    read: (text) => deviceFact(sessionFact(parseWhoamiGroups(text))),
  },
];

/**
 * `whoami /groups` in any of its formats (table, /fo csv, /fo list; titles localized): a mandatory label SID, and
 * SIDs on a fifth or more of its lines (a text that merely mentions SIDs, such as documentation, has far fewer).
 */
function looksLikeWhoami(text: string): boolean {
  if (!/\bS-1-16-\d+\b/.test(text)) return false;
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.filter((l) => /\bS-1-\d+(?:-\d+)+\b/.test(l)).length * 5 >= lines.length;
}

/** A device fact as evidence, and said in words. */
function deviceFact(e: Evidence): KindReading {
  return { evidence: [e], facts: [describeEvidence(e)] };
}

/** The entry that reads this input, or null when none does. */
export function inputKindOf(text: string, d: DetectedInput): InputKindEntry | null {
  return INPUT_KIND_TABLE.find((k) => k.matches(text, d)) ?? null;
}

/** The kinds, for messages ("not a …"). */
export const INPUT_KIND_NAMES_READ =
  'a ccache, klist, klist get/tgt/purge, klist cloud_debug, dsregcmd /status, reg query of the keys KerbProbe reads, ' +
  'netsh winhttp show proxy, sc query, whoami /groups, a KerbProbe report or a collected bundle';
