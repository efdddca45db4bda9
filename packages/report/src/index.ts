/**
 * @evident/report — `evident-report` and its library form: an election's report from its
 * record, as JSON, CSV, HTML or PDF (spec/reports.md).
 * @module
 */
export * from './election-report.js';
export * from './board-facts.js';
export * from './report-tables.js';
export { renderCsv, csvField } from './render-csv.js';
export { renderHtml, escapeHtml, type HtmlOptions } from './render-html.js';
export { renderPdf, type PdfOptions } from './render-pdf.js';
export { PdfTextError, checkPdfTexts } from './pdf-text.js';
export { main, type CliIo } from './cli.js';
export * from './incidents.js';
export { fetchSecurityEvents, ServerEventsError } from './server-events.js';
export { REPORT_STRINGS, type ReportKey } from './report-strings.js';
export { renderReport, REPORT_FORMATS, REPORT_MEDIA_TYPES, type ReportFormat } from './render-report.js';
export { PDF_FONTS, fontHas, pdfFontFaces, registerPdfFonts, type PdfFontFace } from './pdf-fonts.js';
export { drawText, textHeight, type Box } from './pdf-write.js';
