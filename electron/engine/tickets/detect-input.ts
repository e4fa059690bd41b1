// Says what a pasted or saved blob is, so `kerbprobe analyze` and the app's "open…" can pick the parser.
import { decodeText } from './pasted-text';
import { looksLikeKlistPurge } from './windows-klist-purge';

export const INPUT_KINDS = [
  'ccache',
  'windows-klist',
  'windows-klist-get',
  'windows-klist-tgt',
  'windows-klist-error',
  'windows-klist-purge',
  'windows-cloud-debug',
  'dsregcmd',
  'mit-klist',
  'heimdal-klist',
  'kerbprobe-report',
  'unknown',
] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export interface DetectedInput {
  kind: InputKind;
  /** The decoded text (absent for binary ccaches). */
  text: string | null;
}

function looksLikeCcache(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x05 && b[1] !== undefined && b[1] >= 1 && b[1] <= 4;
}

export function detectTextKind(text: string): InputKind {
  const head = text.slice(0, 64 * 1024);
  const trimmed = head.trimStart();
  if (
    trimmed.startsWith('{') &&
    /"schemaVersion"\s*:/.test(head) &&
    /"tool"\s*:\s*\{\s*"name"\s*:\s*"kerbprobe"/.test(head)
  )
    return 'kerbprobe-report';
  if (/^\s*\|\s*(Device\s+State|SSO\s+State|Tenant\s+Details|User\s+State)\s*\|\s*$/im.test(head)) return 'dsregcmd';
  if (
    /^\s*Cloud\s+Kerberos\s+enabled\s+by\s+policy\s*:/im.test(head) ||
    /^\s*Cloud\s+Kerberos\s+Debug\s+info\s*:/im.test(head)
  )
    return 'windows-cloud-debug';
  if (/^\s*ServiceName\s*:/m.test(head) && /^\s*(TargetName\s*\(SPN\)|ClientName)\s*:/m.test(head))
    return 'windows-klist-tgt';
  if (
    /LsaCallAuthenticationPackage\b.*GetTicket/i.test(head) ||
    /^A ticket to \S+ has been retrieved successfully/m.test(head)
  )
    return 'windows-klist-get';
  if (/^\s*Ticket cache:\s/m.test(head) && /^\s*Default principal:\s/m.test(head)) return 'mit-klist';
  if (/^\s*Credentials cache:\s/m.test(head) && /^\s*Principal:\s/m.test(head)) return 'heimdal-klist';
  if (/^\s*#\d+>\s/m.test(head) || (/:\s*\(\d+\)\s*$/m.test(head) && /LogonId|0:0x[0-9a-f]+/i.test(head)))
    return 'windows-klist';
  if (/\bklist\b.*\b0x[0-9a-f]{1,8}\/-?\d+/i.test(head)) return 'windows-klist-error';
  if (looksLikeKlistPurge(head)) return 'windows-klist-purge';
  return 'unknown';
}

export function detectInput(input: string | Uint8Array): DetectedInput {
  if (typeof input !== 'string') {
    if (looksLikeCcache(input)) return { kind: 'ccache', text: null };
    const text = decodeText(input);
    return { kind: detectTextKind(text), text };
  }
  return { kind: detectTextKind(input), text: input };
}
