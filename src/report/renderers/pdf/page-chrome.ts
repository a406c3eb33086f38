/**
 * Chromium's print header and footer: every page of a signed PDF names its run and the
 * digest of the evidence it was rendered from, so a single page cannot be passed off alone.
 * These templates are separate documents with tiny default font size; sizes are explicit.
 */
export interface PageChromeOptions {
  runId: string;
  digest: string;
  title?: string;
}

const STYLE =
  "font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:7px;color:#5d6b7a;width:100%;padding:0 10mm;display:flex;justify-content:space-between;align-items:center;";
const MONO = "font-family:'DejaVu Sans Mono','Liberation Mono',monospace;";

export function headerTemplate({ runId, title }: PageChromeOptions): string {
  return `<div style="${STYLE}"><span>${escapeHtml(title ?? 'Migration reconciliation report')}</span><span>Run <span style="${MONO}">${escapeHtml(runId)}</span></span></div>`;
}

export function footerTemplate({ digest }: PageChromeOptions): string {
  return `<div style="${STYLE}"><span>Evidence SHA-256 <span style="${MONO}">${escapeHtml(digest)}</span></span><span style="white-space:nowrap">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
