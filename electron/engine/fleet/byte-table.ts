// A hash table keyed by byte ranges: the fleet view's scanner looks up a device, an OS build or a code by
// the bytes of the line it read them from, so a million lines make no string for a key already seen.
// Open addressing (linear probing) over an Int32Array; the keys' bytes are copied into one growing pool.

const EMPTY = -1;

/** FNV-1a over buf[start, end). */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h;
}

export class ByteTable {
  // Two int32 per slot: the key's hash and its entry (-1: empty); three per entry: start in the pool,
  // length, value. Packed so a lookup touches few cache lines (a device table is looked up every line).
  private slots = new Int32Array(128).fill(EMPTY);
  private entries = new Int32Array(96);
  private pool = Buffer.allocUnsafe(1024);
  private used = 0;
  size = 0;

  /** Bytes of keys held. */
  get bytes(): number {
    return this.used;
  }

  /** The value stored for these bytes, or -1 (`h`: their hashBytes, when the caller has it already). */
  get(buf: Uint8Array, start: number, end: number, h = hashBytes(buf, start, end)): number {
    const len = end - start;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = slots[2 * i + 1]!;
      if (e === EMPTY) return -1;
      if (slots[2 * i] === h && this.entries[3 * e + 1] === len && this.same(this.entries[3 * e]!, buf, start, len))
        return this.entries[3 * e + 2]!;
    }
  }

  /** Stores a value for bytes not in the table yet (the caller's get answered -1). */
  set(buf: Uint8Array, start: number, end: number, value: number, hash = hashBytes(buf, start, end)): void {
    const len = end - start;
    if (3 * (this.size + 1) > this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    if (this.used + len > this.pool.length) {
      const pool = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + len));
      this.pool.copy(pool, 0, 0, this.used);
      this.pool = pool;
    }
    this.pool.set(buf.subarray(start, end), this.used);
    const entry = this.size++;
    this.entries[3 * entry] = this.used;
    this.entries[3 * entry + 1] = len;
    this.entries[3 * entry + 2] = value;
    this.used += len;
    if (this.size * 2 > this.slots.length >> 1) {
      const old = this.slots;
      this.slots = new Int32Array(old.length * 2).fill(EMPTY);
      for (let slot = 0; slot < old.length; slot += 2)
        if (old[slot + 1] !== EMPTY) this.place(old[slot]!, old[slot + 1]!);
    } else this.place(hash, entry);
  }

  private same(at: number, buf: Uint8Array, start: number, len: number): boolean {
    const pool = this.pool;
    for (let i = 0; i < len; i++) if (pool[at + i] !== buf[start + i]) return false;
    return true;
  }

  private place(h: number, e: number): void {
    const mask = (this.slots.length >> 1) - 1;
    let i = h & mask;
    while (this.slots[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
    this.slots[2 * i] = h;
    this.slots[2 * i + 1] = e;
  }
}

/** A table of fixed ASCII words (field names, codes, step ids) to their index in the list. */
export function wordTable(words: readonly string[]): ByteTable {
  const t = new ByteTable();
  words.forEach((w, i) => {
    const b = Buffer.from(w, 'utf8');
    t.set(b, 0, b.length, i);
  });
  return t;
}
