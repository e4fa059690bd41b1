// The one shape of an evidence source, as check/hop.ts is the one shape of a hop: what one source can
// honestly tell (a GSSAPI message, a `klist get` substatus, a Windows device fact, a ticket-chain finding…),
// how it reads on its own, and the diagnosis codes it can conclude with their catalogue entries. Each source
// is one module under sources/ and one line in registry.ts; the rules that combine readings are in rules.ts.
import type { DiagnosisCode } from '../../contract/codes';

/** Which Kerberos exchange failed: AS (getting the TGT), TGS (a ticket from a KDC), AP (the server). */
export type KerberosStage = 'as' | 'tgs' | 'ap';

/**
 * Where a network error happened. `kdc` is the user's realm; `kdc-cloud` the Entra KDC; `kdc-proxy` its
 * HTTPS proxy.
 */
export type NetworkStage = 'dns' | 'kdc' | 'kdc-cloud' | 'kdc-proxy' | 'sql' | 'redirect';

/** What every diagnosis says, per code: in words for the user and for the helpdesk, with one fix for each. */
export interface CatalogEntry {
  /** Said to the user at the keyboard ("Your Kerberos ticket has expired"). */
  title: string;
  /**
   * The same diagnosis for the technician who reads someone else's evidence (`kerbprobe analyze`, the Helpdesk
   * view): the subject is the user's device and session, in the past tense where the evidence is a capture.
   */
  helpdeskTitle: string;
  cause: string;
  fixUser: string;
  fixHelpdesk: string;
}

/** How one piece of evidence reads: a failure with its code, a configuration fact, or just information. */
export interface Reading {
  code: DiagnosisCode | null;
  role: 'failure' | 'context' | 'info' | 'unrecognised';
  line: string;
}

/** What a configuration fact (a Windows device fact, a ticket-chain finding) means: its code and level. */
export interface Finding {
  code: DiagnosisCode;
  severity: 'info' | 'warn' | 'error';
  /** What was seen, for the step and the diagnosis's evidence. */
  note: string;
}

/** What the whole set of evidence says that changes how one piece reads (see rules.ts). */
export interface SetFacts {
  /** The mechanism of the token the client sent, when a `token` evidence says so. */
  tokenSent: string | null;
}

export interface EvidenceSource<E extends { kind: string }> {
  readonly kind: E['kind'];
  /** One line for people and reports, never secret bytes. */
  describe(e: E): string;
  /** How the evidence reads on its own. */
  read(e: E): Reading;
  /**
   * The codes this source concludes, each with its catalogue entry: every contract code has exactly one
   * entry, in exactly one source (test/engine/diagnose/registry.test.ts holds it).
   */
  readonly catalog: Partial<Record<DiagnosisCode, CatalogEntry>>;
  /** A device fact: it explains failures in any step of a check, so every step is read with it. */
  readonly deviceFact?: true;
  /** The finding a configuration fact carries (what its step shows), when it is worth saying. */
  judge?(e: E): Finding | null;
  /** The failures each of this source's findings explains (a finding explains a step only when it explains all). */
  readonly explains?: Partial<Record<DiagnosisCode, readonly DiagnosisCode[]>>;
}

/** A Windows device fact's source: it explains failures in any step of a check, by its finding. */
export interface DeviceFactSource<E extends { kind: string }> extends EvidenceSource<E> {
  readonly deviceFact: true;
  judge(e: E): Finding | null;
}

/** The evidence a source reads. */
export type EvidenceOf<S> = S extends EvidenceSource<infer E> ? E : never;

/** A reading that is a failure with this code, with an optional note after the evidence's line. */
export const failure = (line: string, code: DiagnosisCode, note?: string): Reading => ({
  code,
  role: 'failure',
  line: `${line}${note ? ` — ${note}` : ''}`,
});

/** A reading that is information only. */
export const info = (line: string, note?: string): Reading => ({
  code: null,
  role: 'info',
  line: `${line}${note ? ` — ${note}` : ''}`,
});

/** A reading of evidence nothing recognises: shown raw, so the helpdesk can look further. */
export const unrecognised = (line: string): Reading => ({ code: null, role: 'unrecognised', line });

/**
 * How a configuration fact reads: a finding that is not mere information is context (it explains a failure,
 * never is one); the rest is information.
 */
export function findingReading(line: string, f: Finding | null): Reading {
  if (f && f.severity !== 'info') return { code: f.code, role: 'context', line: `${line} — ${f.note}` };
  return { code: f?.code ?? null, role: 'info', line: `${line}${f ? ` — ${f.note}` : ''}` };
}
