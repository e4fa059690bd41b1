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
  private slots = new Int32Array(64).fill(EMPTY);
  private hashes = new Int32Array(32);
  private starts = new Int32Array(32);
  private lens = new Int32Array(32);
  private values = new Int32Array(32);
  private pool = Buffer.allocUnsafe(1024);
  private used = 0;
  size = 0;

  /** The value stored for these bytes, or -1. */
  get(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    const len = end - start;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]!;
      if (e === EMPTY) return -1;
      if (this.hashes[e] === h && this.lens[e] === len && this.same(e, buf, start, len)) return this.values[e]!;
    }
  }

  /** Stores a value for bytes not in the table yet (the caller's get answered -1). */
  set(buf: Uint8Array, start: number, end: number, value: number): void {
    const len = end - start;
    if (this.size === this.hashes.length) this.growEntries();
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (this.used + len > this.pool.length) {
      const pool = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + len));
      this.pool.copy(pool, 0, 0, this.used);
      this.pool = pool;
    }
    buf instanceof Buffer ? buf.copy(this.pool, this.used, start, end) : this.pool.set(buf.subarray(start, end), this.used);
    const e = this.size++;
    const h = hashBytes(buf, start, end);
    this.hashes[e] = h; this.starts[e] = this.used; this.lens[e] = len; this.values[e] = value;
    this.used += len;
    this.place(e, h);
  }

  private same(e: number, buf: Uint8Array, start: number, len: number): boolean {
    const pool = this.pool;
    const at = this.starts[e]!;
    for (let i = 0; i < len; i++) if (pool[at + i] !== buf[start + i]) return false;
    return true;
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = e;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
    this.hashes = grow(this.hashes); this.starts = grow(this.starts); this.lens = grow(this.lens); this.values = grow(this.values);
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n).fill(EMPTY);
    for (let e = 0; e < this.size; e++) this.place(e, this.hashes[e]!);
  }
}

/** A table of fixed ASCII words (field names, codes, step ids) to their index in the list. */
export function wordTable(words: readonly string[]): ByteTable {
  const t = new ByteTable();
  words.forEach((w, i) => { const b = Buffer.from(w, 'utf8'); t.set(b, 0, b.length, i); });
  return t;
}
