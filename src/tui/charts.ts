import { scaleLinear, scaleLog } from 'd3-scale';
import { LogHistogram, type LogHistogramState } from '../run/histograms.js';

/**
 * Charts drawn with characters, scaled with d3-scale. Plain strings in, plain strings out, so they
 * are tested without a terminal and read the same with or without colour.
 */

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A horizontal bar for `value` on [min, max], `width` cells wide, in eighths of a cell. */
export function bar(value: number, min: number, max: number, width: number): string {
  if (width <= 0) return '';
  if (!Number.isFinite(value)) return ' '.repeat(width);
  const x = scaleLinear().domain([min, max === min ? min + 1 : max]).range([0, width * 8]).clamp(true);
  const eighths = Math.round(x(value));
  const full = Math.floor(eighths / 8);
  const text = '█'.repeat(full) + EIGHTHS[eighths % 8];
  return text.padEnd(width);
}

/**
 * One character per column. With more values than columns each column shows its bucket's lowest
 * value: a short outage must stay visible when a day is squeezed into 60 cells. null draws a gap.
 */
export function sparkline(values: readonly (number | null)[], width: number, domain?: readonly [number, number]): string {
  if (width <= 0 || values.length === 0) return '';
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = domain?.[0] ?? Math.min(...present);
  const hi = domain?.[1] ?? Math.max(...present);
  const y = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).range([0, LEVELS.length - 1]).clamp(true);
  const columns = Math.min(width, values.length);
  let out = '';
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * values.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / columns));
    let m: number | null = null;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v !== null && Number.isFinite(v) && (m === null || v < m)) m = v;
    }
    out += m === null ? ' ' : LEVELS[Math.round(y(m))];
  }
  return out;
}

export interface CdfSeries {
  readonly label: string;
  readonly marker: string;
  readonly histogram: LogHistogramState;
}

/** "850µs", "12ms", "1.2s": short enough for an axis. */
export function shortSeconds(s: number): string {
  if (s < 1e-3) return `${Math.round(s * 1e6)}µs`;
  if (s < 1) {
    const ms = s * 1000;
    return `${ms < 10 ? Number(ms.toFixed(1)) : Math.round(ms)}ms`;
  }
  return `${Number(s.toFixed(s < 10 ? 1 : 0))}s`;
}

/**
 * Latency CDF: x = latency on a log scale spanning every series' p1…p99.9, y = share of successful
 * requests at or below it. Each series draws its marker where its CDF crosses a row; where series
 * overlap the later one wins. Returns `height` plot rows plus an x-axis row and a legend row.
 */
export function cdfChart(series: readonly CdfSeries[], width: number, height: number): string[] {
  const hs = series.map((s) => ({ ...s, h: LogHistogram.from(s.histogram) })).filter((s) => s.h.count > 0);
  if (hs.length === 0 || width < 20 || height < 3) return ['(no successful requests to plot)'];
  const lo = Math.max(1e-6, Math.min(...hs.map((s) => s.h.quantile(0.01))));
  const hiRaw = Math.max(...hs.map((s) => s.h.quantile(0.999)));
  const hi = hiRaw > lo * 1.5 ? hiRaw : lo * 1.5;
  const labelW = 5;
  const plotW = width - labelW;
  const x = scaleLog().domain([lo, hi]).range([0, plotW - 1]);
  const y = scaleLinear().domain([0, 1]).range([height - 1, 0]);
  const grid = Array.from({ length: height }, () => Array.from({ length: plotW }, () => ' '));
  for (const s of hs) {
    let prevRow: number | null = null;
    for (let c = 0; c < plotW; c++) {
      const row = Math.round(y(s.h.cdf(x.invert(c))));
      grid[row][c] = s.marker;
      // A steep CDF climbs several rows in one column: fill them so it reads as a line, not dots.
      if (prevRow !== null) for (let r = row + 1; r < prevRow; r++) grid[r][c] = s.marker;
      prevRow = row;
    }
  }
  const rows = grid.map((cells, r) => {
    const p = y.invert(r);
    const label = r === 0 || r === height - 1 || r === Math.round(y(0.5)) ? `${Math.round(p * 100)}%` : '';
    return `${label.padStart(labelW - 1)}│${cells.join('')}`;
  });
  const axis = Array.from({ length: plotW }, () => ' ');
  for (const t of x.ticks(Math.max(2, Math.floor(plotW / 12)))) {
    const text = shortSeconds(t);
    const c = Math.round(x(t));
    if (c + text.length > plotW) continue;
    if (axis.slice(Math.max(0, c - 1), c + text.length + 1).some((ch) => ch !== ' ')) continue;
    for (let k = 0; k < text.length; k++) axis[c + k] = text[k];
  }
  rows.push(`${' '.repeat(labelW - 1)}└${axis.join('')}`.trimEnd());
  rows.push(`${' '.repeat(labelW)}${hs.map((s) => `${s.marker} ${s.label}`).join('   ')}`);
  return rows;
}
