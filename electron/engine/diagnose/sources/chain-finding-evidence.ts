// What the ticket chain (tickets/chain.ts) found in a cache: a hop missing, a ticket expired or weak, a
// service ticket from the wrong realm. The chain says what it saw and how grave it looks in the cache; what
// it concludes is said here, so a pasted cache whose chain shows an error always ends in a diagnosis.
import type { DiagnosisCode } from '../../../contract/codes';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export const CHAIN_FINDING_CODES = [
  'CHAIN_NO_TICKETS',
  'CHAIN_NO_TGT',
  'CHAIN_NO_REFERRAL',
  'CHAIN_REFERRAL_WITHOUT_SERVICE',
  'CHAIN_SERVICE_TICKET_MISSING',
  'CHAIN_TGT_ENDS_BEFORE_SERVICE',
  'TICKET_EXPIRED',
  'TICKET_EXPIRING',
  'TICKET_NOT_YET_VALID',
  'TICKET_RC4',
  'TICKET_DES',
  'TICKET_INVALID_FLAG',
  'SPN_REALM_NOT_CLOUD',
  'SPN_HOST_NOT_FQDN',
  'TICKET_NAMES_EMPTY',
  'TICKET_LIFETIME_LONG',
] as const;
export type ChainFindingCode = (typeof CHAIN_FINDING_CODES)[number];

export const isChainFindingCode = (code: string): code is ChainFindingCode =>
  (CHAIN_FINDING_CODES as readonly string[]).includes(code);

/** The chain's findings as evidence (a finding with a code the chain does not make is not read). */
export function chainFindingsEvidence(
  findings: readonly { code: string; severity: ChainFindingEvidence['severity']; message: string }[],
): ChainFindingEvidence[] {
  return findings.flatMap((f) =>
    isChainFindingCode(f.code)
      ? [{ kind: 'chain-finding' as const, code: f.code, severity: f.severity, message: f.message }]
      : [],
  );
}

export interface ChainFindingEvidence {
  kind: 'chain-finding';
  code: ChainFindingCode;
  severity: 'info' | 'warn' | 'error';
  message: string;
}

/**
 * What a finding the chain calls an error concludes. The cache shows where the path stops, not always why:
 * a referral without a service ticket (the Entra KDC refused, or was never reached) stays UNKNOWN, with the
 * finding as its evidence. Warnings (a ticket about to expire, RC4 outside the Entra realm) conclude nothing.
 */
const CONCLUDES: Readonly<Record<ChainFindingCode, DiagnosisCode | null>> = {
  CHAIN_NO_TICKETS: 'NO_TGT',
  CHAIN_NO_TGT: 'NO_TGT',
  CHAIN_NO_REFERRAL: 'NO_CROSS_REALM_TRUST',
  CHAIN_REFERRAL_WITHOUT_SERVICE: 'UNKNOWN',
  CHAIN_SERVICE_TICKET_MISSING: 'UNKNOWN',
  CHAIN_TGT_ENDS_BEFORE_SERVICE: null,
  TICKET_EXPIRED: 'TGT_EXPIRED',
  TICKET_EXPIRING: null,
  TICKET_NOT_YET_VALID: null,
  // Entra Kerberos issues AES-256 tickets only.
  TICKET_RC4: 'ETYPE_UNSUPPORTED',
  TICKET_DES: 'ETYPE_UNSUPPORTED',
  TICKET_INVALID_FLAG: null,
  // The ticket came from an on-premises realm: where Windows sent the request (a host-to-realm mapping).
  SPN_REALM_NOT_CLOUD: 'HOST_REALM_MAPPING_WRONG',
  // A name that is not fully qualified makes Windows fall back to NTLM.
  SPN_HOST_NOT_FQDN: 'NTLM_FALLBACK',
  // A ticket with empty names was not issued by a KDC (a forged or injected one): what it means for SQL cannot be
  // classified — UNKNOWN, with the finding as its evidence.
  TICKET_NAMES_EMPTY: 'UNKNOWN',
  TICKET_LIFETIME_LONG: null,
};

export const chainFindingEvidence: EvidenceSource<ChainFindingEvidence> = {
  kind: 'chain-finding',
  describe: (e) => `ticket chain (${e.code}): ${sanitizeEvidenceText(e.message)}`,
  read(e) {
    const line = this.describe(e);
    const code = CONCLUDES[e.code];
    return e.severity === 'error' && code ? failure(line, code) : info(line);
  },
  catalog: {},
};
