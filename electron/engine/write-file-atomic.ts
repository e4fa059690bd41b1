// The one way KerbProbe writes an output file (a report, a collection bundle, the app's exports): the whole
// text goes to a new temporary file beside the target (created exclusively, mode 0600: anything written can
// hold names), which then takes the target's name in one step. The file appears whole or not at all, and a
// final symbolic link is never followed: rename(2) replaces the link itself, link(2) and an exclusive create
// refuse it as existing, so the link's target is never written, truncated or re-moded.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /** Replace an existing file (or link) of that name; otherwise an existing name is EEXIST. */
  overwrite?: boolean;
  /** Default 0600. */
  mode?: number;
}

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/** File systems without hard links (FAT, some network shares) answer link() with one of these. */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'];

async function writeTemp(tmp: string, data: string | Uint8Array, mode: number): Promise<void> {
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data, typeof data === 'string' ? { encoding: 'utf8' } : {});
    // The umask may have taken bits the caller asked for; it never adds any: 0600 stays 0600.
    await fh.chmod(mode);
  } finally {
    await fh.close();
  }
}

/** Puts the finished temporary file in place without ever replacing an existing name. */
async function placeNew(tmp: string, path: string): Promise<void> {
  try {
    // link() refuses any existing name atomically (a dangling link too): no window to replace a file.
    await link(tmp, path);
  } catch (err) {
    if (!NO_HARD_LINKS.includes(errno(err) ?? '')) throw err;
    // O_EXCL create: still never replaces, never follows a final link.
    await copyFile(tmp, path, constants.COPYFILE_EXCL);
  }
}

/**
 * Writes `data` to `path` as described above. Rejects with the system's error: EEXIST when the name exists
 * and `overwrite` is not set, EISDIR when it names a folder, and so on; the caller words it.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: WriteFileAtomicOptions = {},
): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeTemp(tmp, data, opts.mode ?? 0o600);
  try {
    if (opts.overwrite) await rename(tmp, path);
    else await placeNew(tmp, path);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
