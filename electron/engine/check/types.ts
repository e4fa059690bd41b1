// What the check orchestrator needs from the rest of the engine. The real implementations are bound in
// real-deps.ts; unit tests of the orchestration logic pass small fakes (pure-code tests only).
import type { Chain, DiagnosisCode, SqlResult, Step, StepId, Target, Ticket, TicketSet, TlsInfo } from '../../contract/index';

export interface CheckInput {
  server: string;
  port?: number;
  address?: string;
  database?: string;
  encrypt?: 'strict' | 'mandatory';
  caFile?: string;
  trustServerCertificate?: boolean;
  timeoutSeconds?: number;
}

export type ProgressEvent =
  | { type: 'step-start'; id: StepId; title: string }
  | { type: 'step-end'; step: Step };

export interface CheckOptions {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  now?: () => Date;
}

/** A fact learned along the way, in the classifier's own typed form. */
export type Evidence = import('../diagnose/evidence').Evidence;

export interface ProbeOutcome {
  ok: boolean;
  ms: number;
  detail: string;
  evidence: string[];
  /** Seconds the KDC's clock is ahead (+) or behind (−) ours, when a KRB-ERROR carried its time. */
  skewSeconds?: number;
  /** Classified failure when !ok, e.g. KDC_UNREACHABLE. */
  code?: DiagnosisCode;
}

import type { EnvironmentFacts } from '../environment/environment-facts';
export type { EnvironmentFacts };

export interface KdcTargets {
  realm: string;
  /** host:port entries or https URLs (MS-KKDCP), as krb5.conf lists them. */
  kdcs: string[];
  proxy: boolean;
}

export interface AcquireResult {
  token: Buffer;
  /** Mechanism and ticket facts read from the token (never its bytes). */
  inspection: { mechanism: 'krb5' | 'spnego' | 'ntlm' | 'unknown'; serverName?: string; realm?: string; enctype?: string; kvno?: number; detail: string };
  /** Kept to finish the exchange during login (mutual auth). */
  context: unknown;
}

export type SqlOutcome =
  | { ok: true; sql: SqlResult; tls: TlsInfo | null; redirect: { from: string; to: string } | null; ms: { tls?: number; login?: number; query?: number } }
  | { ok: false; code: DiagnosisCode; evidence: string[]; stage: 'tls' | 'login' | 'redirect' | 'query' | 'tcp'; tls: TlsInfo | null; redirect: { from: string; to: string } | null };

export interface CheckDeps {
  environment(signal: AbortSignal): Promise<EnvironmentFacts>;
  resolve(host: string, signal: AbortSignal): Promise<{ addresses: string[]; source: string; cname?: string[] }>;
  tcp(address: string, port: number, budgetMs: number, signal: AbortSignal): Promise<ProbeOutcome>;
  /** The realm the SPN's host maps to (krb5.conf domain_realm / Windows KerbTopLevelNames), if known. */
  realmForHost(host: string): string | null;
  /** Null when the platform locates KDCs itself (Windows DC locator, DNS SRV): nothing to probe. */
  kdcTargets(realm: string): KdcTargets | null;
  probeKdc(realm: string, role: 'user' | 'cloud', budgetMs: number, signal: AbortSignal): Promise<ProbeOutcome>;
  readTickets(spn: string): Promise<TicketSet>;
  acquire(target: { host: string; port: number }, budgetMs: number, signal: AbortSignal): Promise<AcquireResult>;
  sqlLogin(target: Target, acquired: AcquireResult | null, budgetMs: number, signal: AbortSignal): Promise<SqlOutcome>;
  classify(evidence: Evidence[]): { code: DiagnosisCode; evidence: string[] };
  diagnosisFor(code: DiagnosisCode, evidence: string[]): import('../../contract/index').Diagnosis;
}

export type { Chain, Ticket };
