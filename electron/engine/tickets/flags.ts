// RFC 4120 TicketFlags as a 32-bit mask (bit 0 = most significant), with the names people read and the
// letters MIT's `klist -f` prints. Bit 15 is `enc-pa-rep` (RFC 6806); Windows calls it name_canonicalize.
export type FlagDialect = 'mit' | 'windows';

interface FlagBit {
  mask: number;
  name: string;
  letter: string;
  windows: string;
}

export const TICKET_FLAG_BITS: readonly FlagBit[] = [
  { mask: 0x40000000, name: 'forwardable', letter: 'F', windows: 'forwardable' },
  { mask: 0x20000000, name: 'forwarded', letter: 'f', windows: 'forwarded' },
  { mask: 0x10000000, name: 'proxiable', letter: 'P', windows: 'proxiable' },
  { mask: 0x08000000, name: 'proxy', letter: 'p', windows: 'proxy' },
  { mask: 0x04000000, name: 'may-postdate', letter: 'D', windows: 'may_postdate' },
  { mask: 0x02000000, name: 'postdated', letter: 'd', windows: 'postdated' },
  { mask: 0x01000000, name: 'invalid', letter: 'i', windows: 'invalid' },
  { mask: 0x00800000, name: 'renewable', letter: 'R', windows: 'renewable' },
  { mask: 0x00400000, name: 'initial', letter: 'I', windows: 'initial' },
  { mask: 0x00100000, name: 'hw-authent', letter: 'H', windows: 'hw_authent' },
  { mask: 0x00200000, name: 'pre-authent', letter: 'A', windows: 'pre_authent' },
  { mask: 0x00080000, name: 'transited-policy-checked', letter: 'T', windows: 'transited_policy_checked' },
  { mask: 0x00040000, name: 'ok-as-delegate', letter: 'O', windows: 'ok_as_delegate' },
  { mask: 0x00008000, name: 'anonymous', letter: 'a', windows: 'anonymous' },
  { mask: 0x00010000, name: 'enc-pa-rep', letter: '', windows: 'name_canonicalize' },
];

function displayName(bit: FlagBit, dialect: FlagDialect): string {
  return dialect === 'windows' && bit.mask === 0x00010000 ? 'name-canonicalize' : bit.name;
}

/** Flag names in a stable order (MIT's letter order, then the bits MIT has no letter for). */
export function flagNames(mask: number, dialect: FlagDialect = 'mit'): string[] {
  return TICKET_FLAG_BITS.filter((b) => (mask & b.mask) !== 0).map((b) => displayName(b, dialect));
}

/** The letters MIT `klist -f` prints, in its order. */
export function flagLetters(mask: number): string {
  return TICKET_FLAG_BITS.filter((b) => (mask & b.mask) !== 0)
    .map((b) => b.letter)
    .join('');
}

export function flagsHex(mask: number): string {
  return `0x${(mask >>> 0).toString(16)}`;
}

/** Mask from MIT letters (`FRIA`); unknown letters are ignored, as they carry no bit we know. */
export function maskFromLetters(letters: string): number {
  let mask = 0;
  for (const ch of letters) {
    const bit = TICKET_FLAG_BITS.find((b) => b.letter !== '' && b.letter === ch);
    if (bit) mask |= bit.mask;
  }
  return mask >>> 0;
}

/** Mask from names as MIT, Heimdal (`pre-authent`) or Windows (`pre_authent`) print them. */
export function maskFromNames(names: readonly string[]): number {
  let mask = 0;
  for (const raw of names) {
    const n = raw.trim().toLowerCase().replace(/_/g, '-');
    if (n === 'name-canonicalize') {
      mask |= 0x00010000;
      continue;
    }
    const bit = TICKET_FLAG_BITS.find((b) => b.name === n);
    if (bit) mask |= bit.mask;
  }
  return mask >>> 0;
}
