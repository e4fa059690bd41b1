// Looks for secrets in text in every form a careless dump would take: bytes as lowercase, uppercase and
// spaced hex and as base64 (whole, and every 12-byte window of them, so a partial dump is caught at any
// alignment), and passwords verbatim.
export interface Secret {
  /** What it is, for the failure message; never the value. */
  label: string;
  bytes?: Buffer;
  text?: string;
}

export interface Finding {
  secret: string;
  form: string;
  where: string;
}

/** A 12-byte window is 16 base64 characters: no padding, so it appears verbatim in any longer dump. */
export const WINDOW = 12;

interface Needle {
  value: string;
  secret: string;
  form: string;
}

function spaced(hex: string): string {
  return hex.match(/../g)?.join(' ') ?? '';
}

function wholeForms(s: Secret): Needle[] {
  if (s.text !== undefined) return [{ value: s.text, secret: s.label, form: 'verbatim' }];
  const b = s.bytes!;
  const hex = b.toString('hex');
  return [
    { value: hex, secret: s.label, form: 'hex' },
    { value: hex.toUpperCase(), secret: s.label, form: 'HEX' },
    { value: spaced(hex), secret: s.label, form: 'spaced hex' },
    { value: spaced(hex).toUpperCase(), secret: s.label, form: 'spaced HEX' },
    { value: b.toString('base64').replace(/=+$/, ''), secret: s.label, form: 'base64' },
    { value: b.toString('base64url'), secret: s.label, form: 'base64url' },
  ];
}

function windowForms(s: Secret): Needle[] {
  const b = s.bytes;
  if (!b || b.length <= WINDOW) return [];
  const out: Needle[] = [];
  for (let i = 0; i + WINDOW <= b.length; i++) {
    const w = b.subarray(i, i + WINDOW);
    const hex = w.toString('hex');
    out.push(
      { value: w.toString('base64'), secret: s.label, form: `base64 of bytes ${i}–${i + WINDOW}` },
      { value: hex, secret: s.label, form: `hex of bytes ${i}–${i + WINDOW}` },
      { value: hex.toUpperCase(), secret: s.label, form: `HEX of bytes ${i}–${i + WINDOW}` },
      { value: spaced(hex), secret: s.label, form: `spaced hex of bytes ${i}–${i + WINDOW}` },
    );
  }
  return out;
}

export class SecretScanner {
  private readonly whole: Needle[];
  /** Window needles by length: one pass over each text per length instead of one search per needle. */
  private readonly windows = new Map<number, Map<string, Needle>>();
  readonly needleCount: number;

  constructor(secrets: Secret[]) {
    // Shorter than 8 characters could match by chance and would prove nothing.
    this.whole = secrets.flatMap(wholeForms).filter((n) => n.value.length >= 8);
    for (const n of secrets.flatMap(windowForms)) {
      let m = this.windows.get(n.value.length);
      if (!m) this.windows.set(n.value.length, (m = new Map()));
      m.set(n.value, n);
    }
    this.needleCount = this.whole.length + [...this.windows.values()].reduce((a, m) => a + m.size, 0);
  }

  scan(where: string, text: string): Finding[] {
    const found: Finding[] = [];
    for (const n of this.whole) if (text.includes(n.value)) found.push({ secret: n.secret, form: n.form, where });
    for (const [len, m] of this.windows) {
      for (let i = 0; i + len <= text.length; i++) {
        const n = m.get(text.slice(i, i + len));
        if (n) {
          found.push({ secret: n.secret, form: n.form, where });
          break;
        }
      }
    }
    return found;
  }
}
