// The evidence sources, one line each, as check/pipeline.ts lists the hops. Adding a kind of evidence is one
// module under sources/ (its shape, how it reads, what it concludes, its catalogue entries) and one line here:
// the Evidence union, the catalogue, the device facts and what each finding explains all follow from this list.
// How readings combine into one diagnosis is rules.ts.
import type { DiagnosisCode } from '../../contract/codes';
import type { CatalogEntry, EvidenceOf, EvidenceSource, Finding, Reading } from './evidence-source';
import { authSchemeEvidence } from './sources/auth-scheme-evidence';
import { chainFindingEvidence } from './sources/chain-finding-evidence';
import { clockEvidence } from './sources/clock-evidence';
import { cloudDebugEvidence } from './sources/cloud-debug-evidence';
import { cloudTgtAgeEvidence } from './sources/cloud-tgt-age-evidence';
import { credentialGuardEvidence } from './sources/credential-guard-evidence';
import { dcTgtEvidence } from './sources/dc-tgt-evidence';
import { dsregcmdEvidence } from './sources/dsregcmd-evidence';
import { engineErrorEvidence } from './sources/engine-error-evidence';
import { gssEvidence } from './sources/gss-evidence';
import { kdcErrorEvidence } from './sources/kdc-error-evidence';
import { kdcProxyCertEvidence } from './sources/kdc-proxy-cert-evidence';
import { kdcProxyConfigEvidence } from './sources/kdc-proxy-config-evidence';
import { kdcProxyEvidence } from './sources/kdc-proxy-evidence';
import { klistSubstatusEvidence } from './sources/klist-substatus-evidence';
import { mutualAuthEvidence } from './sources/mutual-auth-evidence';
import { ntstatusEvidence } from './sources/ntstatus-evidence';
import { protocolEvidence } from './sources/protocol-evidence';
import { proxyLeftoverEvidence } from './sources/proxy-leftover-evidence';
import { realmRouteEvidence } from './sources/realm-route-evidence';
import { savedReportEvidence } from './sources/saved-report-evidence';
import { serviceStateEvidence } from './sources/service-state-evidence';
import { sessionEvidence } from './sources/session-evidence';
import { socketEvidence } from './sources/socket-evidence';
import { sqlErrorEvidence } from './sources/sql-error-evidence';
import { sspiEvidence } from './sources/sspi-evidence';
import { textEvidence } from './sources/text-evidence';
import { tgtEvidence } from './sources/tgt-evidence';
import { tlsEvidence } from './sources/tls-evidence';
import { tokenEvidence } from './sources/token-evidence';
import { windowsBuildEvidence } from './sources/windows-build-evidence';
import { windowsFlowEvidence } from './sources/windows-flow-evidence';
import { winhttpProxyEvidence } from './sources/winhttp-proxy-evidence';
import { adminLookupEvidence } from './sources/admin-lookup-evidence';
import { adminPrincipalEvidence } from './sources/admin-principal-evidence';
import { adminEntraAdminEvidence } from './sources/admin-entra-admin-evidence';
import { adminConnectionEvidence } from './sources/admin-connection-evidence';
import { adminEntraAppEvidence } from './sources/admin-entra-app-evidence';
import { adminConsentEvidence } from './sources/admin-consent-evidence';
import { adminCaPolicyEvidence } from './sources/admin-ca-policy-evidence';
import { adminUnreadableEvidence } from './sources/admin-unreadable-evidence';

export const EVIDENCE_SOURCES = [
  // What the Kerberos libraries, the KDCs and Windows' tools answered.
  gssEvidence,
  sspiEvidence,
  klistSubstatusEvidence,
  ntstatusEvidence,
  kdcErrorEvidence,
  tgtEvidence,
  dcTgtEvidence,
  clockEvidence,
  chainFindingEvidence,
  // The network, TLS, the KDC proxy and the SQL login.
  socketEvidence,
  tlsEvidence,
  kdcProxyEvidence,
  tokenEvidence,
  authSchemeEvidence,
  mutualAuthEvidence,
  sqlErrorEvidence,
  protocolEvidence,
  // The device's state as its tools print it.
  cloudDebugEvidence,
  dsregcmdEvidence,
  // The Windows device checks' facts (each explains failures in any step).
  windowsBuildEvidence,
  windowsFlowEvidence,
  sessionEvidence,
  cloudTgtAgeEvidence,
  credentialGuardEvidence,
  realmRouteEvidence,
  winhttpProxyEvidence,
  proxyLeftoverEvidence,
  serviceStateEvidence,
  kdcProxyConfigEvidence,
  kdcProxyCertEvidence,
  // The instance's and the tenant's side, read by `kerbprobe admin` (ARM, Resource Graph, Microsoft Graph).
  adminLookupEvidence,
  adminPrincipalEvidence,
  adminEntraAdminEvidence,
  adminConnectionEvidence,
  adminEntraAppEvidence,
  adminConsentEvidence,
  adminCaPolicyEvidence,
  adminUnreadableEvidence,
  // Anything else.
  savedReportEvidence,
  engineErrorEvidence,
  textEvidence,
] as const;

type AnySource = (typeof EVIDENCE_SOURCES)[number];

/** Every fact the classifier reads: the union of what each source declares. */
export type Evidence = EvidenceOf<AnySource>;
export type EvidenceKind = Evidence['kind'];

/** The Windows device checks' facts: the sources marked `deviceFact`. */
export type WindowsFact = EvidenceOf<Extract<AnySource, { deviceFact: true }>>;

const BY_KIND = new Map<string, EvidenceSource<Evidence>>(
  EVIDENCE_SOURCES.map((source) => [source.kind, source as unknown as EvidenceSource<Evidence>]),
);

/** The source of a piece of evidence (every kind has one: the union is derived from the list). */
function sourceOf(e: { kind: string }): EvidenceSource<Evidence> {
  const source = BY_KIND.get(e.kind);
  if (!source) throw new Error(`no evidence source reads kind "${e.kind}"`);
  return source;
}

/** One line for people and reports, never secret bytes. */
export const describeEvidence = (e: Evidence): string => sourceOf(e).describe(e);

/** How one piece of evidence reads on its own. */
export const readEvidence = (e: Evidence): Reading => sourceOf(e).read(e);

/** What a device fact means, if anything worth saying: the finding's code and severity. */
export const judgeFact = (e: Evidence): Finding | null => sourceOf(e).judge?.(e) ?? null;

export const DEVICE_FACT_KINDS: readonly EvidenceKind[] = EVIDENCE_SOURCES.filter(
  (source) => 'deviceFact' in source && source.deviceFact,
).map((source) => source.kind);

export const isWindowsFact = (e: { kind: string }): e is WindowsFact =>
  (DEVICE_FACT_KINDS as readonly string[]).includes(e.kind);

/** The failures (codes a step saw) each finding explains, gathered from the sources. */
export const EXPLAINS: Readonly<Partial<Record<DiagnosisCode, readonly DiagnosisCode[]>>> = Object.assign(
  {},
  ...EVIDENCE_SOURCES.map((source) => ('explains' in source ? source.explains : {})),
) as Partial<Record<DiagnosisCode, readonly DiagnosisCode[]>>;

/** Each source's catalogue entries, by the kind of the source that holds them. */
export const CATALOG_BY_SOURCE: ReadonlyMap<EvidenceKind, Partial<Record<DiagnosisCode, CatalogEntry>>> = new Map(
  EVIDENCE_SOURCES.map((source) => [source.kind, source.catalog]),
);
