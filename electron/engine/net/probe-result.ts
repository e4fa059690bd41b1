// The shape every network probe returns: ready to become a check step (status, ms, detail, evidence).
export type ProbeFailure =
  'dns' | 'refused' | 'timeout' | 'unreachable' | 'reset' | 'closed' | 'protocol' | 'tls' | 'http' | 'config';

export interface ProbeResult {
  ok: boolean;
  /** Wall-clock duration of the probe in milliseconds. */
  ms: number;
  /** One sentence for people. */
  detail: string;
  /** Facts behind the verdict (addresses, error names, numbers); never secrets. */
  evidence: string[];
  /** Why it failed, when it did: stable, for the classifier. */
  failure?: ProbeFailure;
}

export function elapsed(startNs: bigint): number {
  return Number((process.hrtime.bigint() - startNs) / 1000n) / 1000;
}
