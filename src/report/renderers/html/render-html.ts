import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { buildReportView } from './report-view.ts';
import type { ReportView, ReportViewOptions } from './report-view.ts';
import type { Evidence } from '../../../core/evidence.ts';

export type RenderHtmlOptions = ReportViewOptions;

type Template = (view: ReportView & { css: string }) => string;

let compiled: { template: Template; css: string } | undefined;

/** Compiled once per process: a run renders several documents from the same template. */
function load(): { template: Template; css: string } {
  if (compiled !== undefined) return compiled;
  const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
  // An isolated instance: no global helpers or partials can change what this report says.
  const hbs = Handlebars.create();
  const template = hbs.compile(read('./report.hbs'), {
    strict: true,
    noEscape: false,
    knownHelpersOnly: true,
  }) as Template;
  compiled = { template, css: read('./report.css') };
  return compiled;
}

/** A self-contained page (inline CSS, no network) showing the evidence and its digest. */
export function renderHtml(
  evidence: Evidence,
  digest: string,
  options: RenderHtmlOptions = {},
): string {
  const { template, css } = load();
  // Standards mode matters for print layout; see the note at the top of report.hbs.
  return (
    '<!DOCTYPE html>\n' +
    template({ ...buildReportView(evidence, digest, options), css }).trimStart()
  );
}
