// Writes a report file: the format follows the extension, an existing file is never replaced unless the
// caller asks, and the file appears whole or not at all (temp file in the same folder, then link/rename).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { CheckReport } from '../../contract/report';
import { KerbProbeError } from '../errors';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';

import type { ReportFormat } from '../../contract/ipc';
export type { ReportFormat };

const EXTENSIONS: Record<string, ReportFormat> = {
  '.json': 'json',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
};

export function reportFormatFromPath(path: string): ReportFormat {
  const f = EXTENSIONS[extname(path).toLowerCase()];
  if (!f)
    throw new KerbProbeError(
      'REPORT_FORMAT_UNKNOWN',
      `cannot tell the report format from "${basename(path)}": use .html, .md or .json`,
    );
  return f;
}

export function renderReport(report: CheckReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}

export interface WriteReportOptions {
  /** Defaults to the format named by the file's extension. */
  format?: ReportFormat;
  overwrite?: boolean;
}

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

function exists(path: string): KerbProbeError {
  return new KerbProbeError('REPORT_EXISTS', `${path} already exists; choose another name or allow overwriting`);
}

/** Renders and writes the report; resolves to the format written. */
export async function writeReport(
  path: string,
  report: CheckReport,
  opts: WriteReportOptions = {},
): Promise<ReportFormat> {
  const format = opts.format ?? reportFormatFromPath(path);
  const text = renderReport(report, format);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
  } catch (err) {
    throw new KerbProbeError(
      'REPORT_WRITE_FAILED',
      `cannot write the report next to ${path}: ${errno(err) ?? String(err)}`,
      { cause: err },
    );
  }
  try {
    if (opts.overwrite) {
      await rename(tmp, path);
    } else {
      try {
        // link() refuses an existing target atomically: no window where another file could be replaced.
        await link(tmp, path);
      } catch (err) {
        if (errno(err) === 'EEXIST') throw exists(path);
        // File systems without hard links (FAT, some network shares): O_EXCL copy still never replaces.
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errno(err) ?? '')) throw err;
        try {
          await copyFile(tmp, path, constants.COPYFILE_EXCL);
        } catch (copyErr) {
          if (errno(copyErr) === 'EEXIST') throw exists(path);
          throw copyErr;
        }
      }
    }
  } catch (err) {
    if (err instanceof KerbProbeError) throw err;
    throw new KerbProbeError('REPORT_WRITE_FAILED', `cannot write ${path}: ${errno(err) ?? String(err)}`, {
      cause: err,
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return format;
}
