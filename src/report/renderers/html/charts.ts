import type { CheckResult } from '../../../core/check-result.ts';
import type { LoadEvidence, RollbackEvidence } from '../../../core/evidence.ts';
import { formatDuration, groupDecimal, successRate } from '../../format.ts';
import { escapeHtml } from '../pdf/page-chrome.ts';

/**
 * Inline SVG pictures (no script, no CDN): they print in the PDF as vectors. Numbers are
 * parsed to floats only for geometry; every label shows the exact figure from the evidence.
 */
const INK = '#1c2430';
const MUTED = '#5d6b7a';
const RULE = '#d5dbe2';
const PASS = '#1d7a3e';
const FAIL = '#b42318';
const ACCEPTED = '#9a6700';
const WIDTH = 680;

const text = (x: number, y: number, body: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeHtml(body)}</text>`;

function svg(height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}" font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="10" fill="${INK}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

/** '1.00', '< 1.00' or '±1.00' -> 1; a tolerance that is no plain figure draws no band. */
function toleranceValue(tolerance: string | undefined): number {
  const match = /^\s*[<≤±]?\s*(\d+(?:\.\d+)?)\s*$/.exec(tolerance ?? '');
  return match === null ? 0 : Number(match[1]);
}

/** More bars than this are binned: a bar per group would be thinner than a hairline. */
const MAX_BARS = 120;

interface Bar {
  label: string;
  /** The difference of largest magnitude among the bar's groups (exact text). */
  difference: string;
  value: number;
  failing: boolean;
  accepted: boolean;
}

/**
 * Difference per group of a grouped check (months, days, partners), against ± its tolerance.
 * Above MAX_BARS groups, consecutive groups share a bar showing their largest difference and
 * coloured by their worst status, so a failing day among 730 is still a red bar.
 */
export function varianceChart(check: CheckResult): string | null {
  const groups = check.groups ?? [];
  if (groups.length === 0) return null;
  const per = Math.ceil(groups.length / MAX_BARS);
  const bars: Bar[] = [];
  for (let i = 0; i < groups.length; i += per) {
    const bin = groups.slice(i, i + per);
    const worst = bin.reduce((a, g) =>
      Math.abs(Number(g.difference) || 0) > Math.abs(Number(a.difference) || 0) ? g : a,
    );
    bars.push({
      label: per === 1 ? worst.group : `${bin[0]!.group} … ${bin[bin.length - 1]!.group}`,
      difference: worst.difference,
      value: Number(worst.difference) || 0,
      failing: bin.some((g) => g.status === 'fail'),
      accepted: bin.some((g) => g.status === 'accepted'),
    });
  }
  const tolerance = toleranceValue(check.tolerance);
  const scale = Math.max(tolerance * 1.5, ...bars.map((b) => Math.abs(b.value)), 1);
  const height = 116;
  const top = 20;
  const plot = 72;
  const zero = top + plot / 2;
  const left = 60;
  const step = (WIDTH - left - 10) / bars.length;
  const y = (v: number) => zero - (v / scale) * (plot / 2);
  const body = bars
    .map((b, i) => {
      const x = left + i * step + step * 0.2;
      const h = Math.max(1, Math.abs(y(b.value) - zero));
      const colour = b.failing ? FAIL : b.accepted ? ACCEPTED : PASS;
      const label =
        step > 34
          ? text(x + step * 0.3, top + plot + 12, b.label, 'text-anchor="middle" font-size="8"')
          : '';
      return `<rect x="${x.toFixed(1)}" y="${Math.min(y(b.value), zero).toFixed(1)}" width="${(step * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>${escapeHtml(`${b.label}: ${groupDecimal(b.difference)} ${check.unit ?? ''}`)}</title></rect>${label}`;
    })
    .join('');
  const band =
    tolerance > 0
      ? `<rect x="${left}" y="${y(tolerance).toFixed(1)}" width="${WIDTH - left - 10}" height="${(y(-tolerance) - y(tolerance)).toFixed(1)}" fill="${PASS}" fill-opacity="0.08"/>` +
        `<line x1="${left}" x2="${WIDTH - 10}" y1="${y(tolerance).toFixed(1)}" y2="${y(tolerance).toFixed(1)}" stroke="${MUTED}" stroke-dasharray="3 3"/>` +
        `<line x1="${left}" x2="${WIDTH - 10}" y1="${y(-tolerance).toFixed(1)}" y2="${y(-tolerance).toFixed(1)}" stroke="${MUTED}" stroke-dasharray="3 3"/>` +
        text(left - 4, y(tolerance) + 3, `+${tolerance}`, 'text-anchor="end" font-size="8"') +
        text(left - 4, y(-tolerance) + 3, `−${tolerance}`, 'text-anchor="end" font-size="8"')
      : '';
  const worst = bars.reduce((a, b) => (Math.abs(b.value) > Math.abs(a.value) ? b : a));
  const binned = per > 1 ? `; ${groups.length} groups, ${per} per bar` : '';
  const tolText = /^\d/.test(check.tolerance ?? '0')
    ? `±${check.tolerance ?? '0'}`
    : check.tolerance;
  const caption = `Difference per group (${check.unit ?? ''}), tolerance ${tolText}; largest ${groupDecimal(worst.difference)} in ${worst.label}${binned}`;
  const title = `${check.title}: ${caption.charAt(0).toLowerCase()}${caption.slice(1)}`;
  const span =
    step > 34
      ? ''
      : text(left, height - 4, groups[0]!.group, 'font-size="8"') +
        text(
          WIDTH - 10,
          height - 4,
          groups[groups.length - 1]!.group,
          'text-anchor="end" font-size="8"',
        );
  return svg(
    height,
    title,
    text(0, 12, caption, 'font-weight="700" font-size="9"') +
      band +
      `<line x1="${left}" x2="${WIDTH - 10}" y1="${zero}" y2="${zero}" stroke="${INK}"/>` +
      text(left - 4, zero + 3, '0', 'text-anchor="end" font-size="8"') +
      body +
      span,
  );
}

/** Seed 003's success rate per component, as horizontal bars. */
export function successRateChart(loads: readonly LoadEvidence[]): string | null {
  if (loads.length === 0) return null;
  const row = 18;
  const left = 190;
  const right = 70;
  const plotWidth = WIDTH - left - right;
  const height = 24 + loads.length * row + 6;
  const bars = loads
    .map((l, i) => {
      const inScope = l.extracted - l.outOfScope;
      const rate = inScope > 0 ? l.loaded / inScope : 0;
      const y = 24 + i * row;
      const colour = rate >= 1 ? PASS : rate >= 0.95 ? '#9a6700' : FAIL;
      return (
        text(left - 6, y + 11, `${l.wave} / ${l.entity}`, 'text-anchor="end" font-size="9"') +
        `<rect x="${left}" y="${y + 2}" width="${plotWidth}" height="${row - 6}" fill="${RULE}" fill-opacity="0.5"/>` +
        `<rect x="${left}" y="${y + 2}" width="${(plotWidth * Math.min(1, rate)).toFixed(1)}" height="${row - 6}" fill="${colour}"/>` +
        text(WIDTH - right + 6, y + 11, successRate(l.loaded, inScope), 'font-size="9"')
      );
    })
    .join('');
  return svg(
    height,
    'Success rate per component (loaded ÷ in scope)',
    text(0, 12, 'Success rate per component (loaded ÷ in scope, seed 003)', 'font-weight="700"') +
      bars,
  );
}

/** Each wave's rollback time against its limit (seed 001 §5.2: under 30 minutes). */
export function rollbackChart(rollbacks: readonly RollbackEvidence[]): string | null {
  if (rollbacks.length === 0) return null;
  const row = 22;
  const left = 150;
  const right = 150;
  const plotWidth = WIDTH - left - right;
  const height = 24 + rollbacks.length * row + 16;
  const scale = Math.max(...rollbacks.map((r) => Math.max(r.limitMs, r.durationMs)), 1);
  const bars = rollbacks
    .map((r, i) => {
      const y = 24 + i * row;
      const ok = r.restored && r.durationMs < r.limitMs;
      const limitX = left + (plotWidth * r.limitMs) / scale;
      return (
        text(left - 6, y + 13, r.wave, 'text-anchor="end" font-size="9"') +
        `<rect x="${left}" y="${y + 3}" width="${Math.max(1, (plotWidth * r.durationMs) / scale).toFixed(1)}" height="${row - 8}" fill="${ok ? PASS : FAIL}"/>` +
        `<line x1="${limitX.toFixed(1)}" x2="${limitX.toFixed(1)}" y1="${y}" y2="${y + row}" stroke="${FAIL}" stroke-width="1.5"/>` +
        text(
          WIDTH - right + 6,
          y + 13,
          `${formatDuration(r.durationMs)} of ${formatDuration(r.limitMs)}`,
          'font-size="9"',
        )
      );
    })
    .join('');
  return svg(
    height,
    'Rollback time against its limit',
    text(0, 12, 'Rollback time against its limit (red line)', 'font-weight="700"') + bars,
  );
}
