// Writes a report file: the format follows the extension, an existing file is never replaced unless the
// caller asks, and the file appears whole or not at all, mode 0600 (a report names the user, the server and
// the device), through a symbolic link never (write-file-atomic.ts).
import { basename, extname } from 'node:path';
import type { CheckReport } from '../../contract/report';
import { KerbProbeError } from '../errors';
import { writeFileAtomic } from '../write-file-atomic';
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

/** Renders and writes the report (write-file-atomic.ts: whole or not at all, mode 0600, a final link never
 * followed); resolves to the format written. */
export async function writeReport(
  path: string,
  report: CheckReport,
  opts: WriteReportOptions = {},
): Promise<ReportFormat> {
  const format = opts.format ?? reportFormatFromPath(path);
  const text = renderReport(report, format);
  try {
    await writeFileAtomic(path, text, { overwrite: opts.overwrite ?? false });
  } catch (err) {
    if (errno(err) === 'EEXIST') throw exists(path);
    throw new KerbProbeError('REPORT_WRITE_FAILED', `cannot write ${path}: ${errno(err) ?? String(err)}`, {
      cause: err,
    });
  }
  return format;
}
