// What a failed `klist get` tells the classifier: its LSA substatus and NTSTATUS, as numbers (the text
// beside them is localized, and for 0x6fb misleading).
import type { Evidence } from '../diagnose/evidence';
import type { KlistFailure } from './windows-klist-get';

export function klistFailureEvidence(f: KlistFailure, target: string | null, userRealm?: string): Evidence[] {
  const about = { ...(target ? { target } : {}), ...(userRealm ? { userRealm } : {}) };
  return [
    ...(f.substatusHex ? [{ kind: 'klist-substatus' as const, hex: f.substatusHex, ...about }] : []),
    ...(f.statusHex ? [{ kind: 'ntstatus' as const, hex: f.statusHex, ...about }] : []),
  ];
}
