// What the environment step learns about this machine (any OS; the Windows facts come from
// windows-environment.ts). Declared here, by the module that produces it.
import type { Evidence } from '../diagnose/evidence';
import type { DsregStatus } from './dsregcmd';
import type { CloudDebug } from './windows-cloud-debug';

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
  /** Windows: `dsregcmd /status` as read (join state, tenant, KerbTopLevelNames), for the device checks. */
  dsreg?: DsregStatus;
  /** Windows: `klist cloud_debug` as read. */
  cloudDebug?: CloudDebug;
}
