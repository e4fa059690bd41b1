// What the environment step reads of the machine: a line for people, the facts behind it, and typed facts
// for the classifier (dsregcmd, klist cloud_debug on Windows).
import type { Evidence } from '../diagnose/evidence';

export interface EnvironmentFacts {
  os: string;
  detail: string;
  evidence: string[];
  /** Windows-only facts read from dsregcmd / klist cloud_debug. */
  cloudTgt?: boolean | null;
  cloudKerberosPolicy?: boolean | null;
  warnings: string[];
  /** Typed facts for the classifier (dsregcmd, klist cloud_debug). */
  facts?: Evidence[];
}
