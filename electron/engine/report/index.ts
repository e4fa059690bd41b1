// Reports of a CheckReport: JSON (the versioned document), Markdown, self-contained HTML; redaction;
// reading a saved report back; writing without clobbering.
export { readReport, MAX_REPORT_CHARS } from './read-report';
export { redact } from './redact';
export { renderHtml, esc } from './render-html';
export { renderJson, validReport } from './render-json';
export { renderMarkdown, mdText, mdCode } from './render-markdown';
export { verdictHeadline, verdictExplanation } from './summary';
export {
  renderReport,
  reportFormatFromPath,
  writeReport,
  type ReportFormat,
  type WriteReportOptions,
} from './write-report';
