// Which flow this device can use and which one it is using: `using` from the tickets held (a cloud TGT →
// modern; a DC-issued TGT on a domain-joined device → trust), `modernPossible` / `trustPossible` from the join
// state, the cloud Kerberos policy and the build. Its finding's code is the build's (windows-build-evidence.ts).
import type { DeviceFactSource } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';

export interface WindowsFlowEvidence {
  kind: 'windows-flow';
  using: 'modern' | 'trust' | null;
  modernPossible: boolean | null;
  trustPossible: boolean | null;
  reasons: string[];
  /** The build is too old for every flow the join state and policy would allow. */
  buildBlocks: boolean;
}

const possible = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'possible' : 'not possible');

function inUse(using: WindowsFlowEvidence['using']): string {
  if (using === 'modern') return 'using the modern interactive flow (cloud TGT held)';
  if (using === 'trust') return 'using the incoming trust-based flow (TGT from a domain controller held)';
  return 'no flow in use (no cloud TGT and no TGT from a domain controller)';
}

export const windowsFlowEvidence: DeviceFactSource<WindowsFlowEvidence> = {
  kind: 'windows-flow',
  deviceFact: true,
  describe: (e) =>
    `flow: ${inUse(e.using)}; modern ${possible(e.modernPossible)}, trust-based ${possible(e.trustPossible)}` +
    `${e.reasons.length ? ` — ${sanitizeEvidenceText(e.reasons.join('; '))}` : ''}`,
  judge: (e) =>
    e.buildBlocks && e.using === null
      ? {
          code: 'WINDOWS_BUILD_UNSUPPORTED',
          severity: 'error',
          note: 'this Windows build is too old for every flow this device could use',
        }
      : null,
  read(e) {
    return readDeviceFact(this, e);
  },
  catalog: {},
};
