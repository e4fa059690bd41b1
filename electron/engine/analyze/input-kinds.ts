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
import { looksLikeDsregcmdLines, parseDsregcmd } from '../environment/dsregcmd';
import { dsregcmdEvidenceOf, dsregcmdFacts, dsregcmdJudgedAt } from '../environment/dsregcmd-reading';
import { cloudDebugFacts, parseCloudDebug } from '../environment/windows-cloud-debug';
import { kerberosParametersFacts } from '../environment/kerberos-parameters';
import { parseRegQuery } from '../environment/reg-query';
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
  /** The time a non-ticket input was judged at (a dsregcmd's PRT expiry), and whether the input itself gave it. */
  judged?: { at: Date; byInput: boolean };
}

export interface ReadContext {
  name: string;
  /** The SPN the user wanted, when known. */
  spn: string | null;
  /** The input's bytes (a binary ccache has no text). */
  bytes: Uint8Array | null;
  /** When the input was captured, when the reader says (`--at`); null when not known. */
  now?: Date | null;
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
        facts: cloudDebugFacts(c),
        unread: c.unread,
        unreadWhat: 'klist cloud_debug',
      };
    },
  },
  {
    kind: 'dsregcmd',
    limit: 'text',
    // A paste of the SSO State lines alone (no box) is a dsregcmd /status too (environment/dsregcmd.ts).
    matches: (text, d) => d.kind === 'dsregcmd' || (d.kind === 'unknown' && looksLikeDsregcmdLines(text)),
    read: (text, ctx) => {
      const status = parseDsregcmd(text);
      const at = dsregcmdJudgedAt(status, ctx.now ?? null);
      return {
        evidence: [dsregcmdEvidenceOf(status, at)],
        facts: dsregcmdFacts(status, at),
        unread: status.unread,
        unreadWhat: 'dsregcmd /status',
        ...(at ? { judged: { at, byInput: !ctx.now } } : {}),
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
    read: (text) => ({ evidence: [], facts: kerberosParametersFacts(parseRegQuery(text)) }),
  },
  // The same keys without the cloud policy value (SupportedEncryptionTypes…): environment/kerberos-parameters.ts.
  {
    kind: 'reg-kerberos-parameters',
    limit: 'text',
    matches: (text) => CLOUD_KERBEROS_KEYS.some((k) => regQueryOf(k)(text)),
    read: (text) => ({ evidence: [], facts: kerberosParametersFacts(parseRegQuery(text)) }),
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
  'netsh winhttp show proxy, sc query, whoami /groups, a KerbProbe report, a collected bundle or an admin report';
