import type { Interval } from './results.js';

/**
 * Numbers as people read them in tables and verdicts. Intervals show two significant digits of
 * their half-width and the mean to the same decimal place: the precision the data supports.
 */
function decimalsFor(halfWidth: number | null, fallback: number, min = 0, max = 6): number {
  if (halfWidth === null || !(halfWidth > 0)) return fallback;
  return Math.min(max, Math.max(min, 1 - Math.floor(Math.log10(halfWidth))));
}

const MINUS = '−';
const signed = (text: string, x: number) => (x < 0 ? `${MINUS}${text.replace(/^-/, '')}` : x > 0 ? `+${text}` : text);

/** 0.99991 → "99.991%". */
export function percent(ratio: number | null, decimals = 2): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(decimals)}%`;
}

/** A ratio interval in percent: "99.9912% ± 0.0008%". */
export function percentInterval(i: Interval): string {
  if (i.mean === null) return '—';
  const hw = i.halfWidth === null ? null : i.halfWidth * 100;
  const d = decimalsFor(hw, 4, 2);
  return hw === null ? `${(i.mean * 100).toFixed(d)}%` : `${(i.mean * 100).toFixed(d)}% ± ${hw.toFixed(d)}%`;
}

/** A difference of ratios in percentage points, signed: "−0.021% ± 0.004%". */
export function signedPercentInterval(i: Interval): string {
  if (i.mean === null) return '—';
  const hw = i.halfWidth === null ? null : i.halfWidth * 100;
  const d = decimalsFor(hw, 4, 2);
  const m = signed((i.mean * 100).toFixed(d), i.mean);
  return hw === null ? `${m}%` : `${m}% ± ${hw.toFixed(d)}%`;
}

/** Seconds shown in milliseconds: "45.2 ms ± 1.3 ms". */
export function msInterval(i: Interval): string {
  if (i.mean === null) return '—';
  const hw = i.halfWidth === null ? null : i.halfWidth * 1000;
  const d = decimalsFor(hw, i.mean * 1000 < 10 ? 2 : 1, 0, 3);
  return hw === null ? `${(i.mean * 1000).toFixed(d)} ms` : `${(i.mean * 1000).toFixed(d)} ± ${hw.toFixed(d)} ms`;
}

export function signedMsInterval(i: Interval): string {
  if (i.mean === null) return '—';
  const hw = i.halfWidth === null ? null : i.halfWidth * 1000;
  const d = decimalsFor(hw, 1, 0, 3);
  const m = signed((i.mean * 1000).toFixed(d), i.mean);
  return hw === null ? `${m} ms` : `${m} ± ${hw.toFixed(d)} ms`;
}

export function ms(s: number | null): string {
  if (s === null) return '—';
  const v = s * 1000;
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
}

/** A duration for humans: "850 ms", "45 s", "12.5 min", "3.2 h", "2.1 d". */
export function humanDuration(s: number | null): string {
  if (s === null) return '—';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

/** Minutes with an interval: "21.6 ± 3.0 min". */
export function minutesInterval(i: Interval): string {
  if (i.mean === null) return '—';
  const d = decimalsFor(i.halfWidth, 1, 0, 3);
  return i.halfWidth === null ? `${i.mean.toFixed(d)} min` : `${i.mean.toFixed(d)} ± ${i.halfWidth.toFixed(d)} min`;
}

export function usd(x: number | null): string {
  if (x === null) return '—';
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
