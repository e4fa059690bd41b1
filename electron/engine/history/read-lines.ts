// Streams a file's lines with bounded memory: chunks of 1 MB, one line at most `maxLineBytes` held (a longer
// one is skipped to its end, never buffered), so a history of a million lines or a hostile file of one
// endless line costs the same few MB. The last line without a newline is reported as torn: a writer killed
// mid-write leaves exactly that, and a reader tolerates it.
import { open } from 'node:fs/promises';
import { KerbProbeError } from '../errors';

const CHUNK = 1 << 20;

export type LineEvent =
  | { kind: 'line'; lineNo: number; text: string }
  | { kind: 'too-long'; lineNo: number }
  /** The file ended inside a line (no newline after it): its bytes are in `text` when within the limit. */
  | { kind: 'torn'; lineNo: number; text: string | null };

/**
 * The file's lines, a chunk's worth at a time (an await per line would cost more than the line's parse:
 * a million lines, a million promise turns).
 */
export async function* readLines(path: string, opts: { maxLineBytes: number }): AsyncGenerator<LineEvent[]> {
  let fh;
  try { fh = await open(path, 'r'); } catch (err) {
    throw new KerbProbeError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  try {
    if ((await fh.stat()).isDirectory()) throw new KerbProbeError('INPUT_UNREADABLE', `cannot read ${path}: EISDIR`);
    const buf = Buffer.allocUnsafe(CHUNK);
    let parts: Buffer[] = [];
    let held = 0;
    let skipping = false;
    let lineNo = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const batch: LineEvent[] = [];
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(0x0a, start);
        const end = nl < 0 || nl >= bytesRead ? bytesRead : nl;
        const len = end - start;
        if (!skipping && held + len > opts.maxLineBytes) { skipping = true; parts = []; held = 0; }
        if (!skipping && len > 0) {
          if (nl >= 0 && nl < bytesRead && held === 0) {
            // The common case: the whole line is inside this chunk.
            lineNo++;
            batch.push({ kind: 'line', lineNo, text: buf.toString('utf8', start, end) });
            start = end + 1;
            continue;
          }
          parts.push(Buffer.from(buf.subarray(start, end)));
          held += len;
        }
        if (nl < 0 || nl >= bytesRead) break;
        lineNo++;
        if (skipping) batch.push({ kind: 'too-long', lineNo });
        else batch.push({ kind: 'line', lineNo, text: Buffer.concat(parts, held).toString('utf8') });
        parts = []; held = 0; skipping = false;
        start = end + 1;
      }
      if (batch.length) yield batch;
    }
    if (skipping || held > 0) yield [{ kind: 'torn', lineNo: lineNo + 1, text: skipping ? null : Buffer.concat(parts, held).toString('utf8') }];
  } finally {
    await fh.close().catch(() => undefined);
  }
}
