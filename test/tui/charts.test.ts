import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../src/engine/stats/logHistogram.js';
import { bar, cdfChart, shortSeconds, sparkline } from '../../src/tui/charts.js';

describe('bar', () => {
  it('fills in proportion to the value, in eighths of a cell', () => {
    expect(bar(10, 0, 10, 8)).toBe('████████');
    expect(bar(5, 0, 10, 8)).toBe('████    ');
    expect(bar(0.5, 0, 8, 8)).toBe('▌       ');
    expect(bar(-3, 0, 10, 4)).toBe('    ');
    expect(bar(99, 0, 10, 4)).toBe('████');
  });
});

describe('sparkline', () => {
  it('maps the domain onto eight levels', () => {
    expect(sparkline([0, 1 / 7, 0.5, 1], 4, [0, 1])).toBe('▁▂▅█');
  });
  it('keeps a one-sample dip visible when squeezing many samples into few columns', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 617 ? 0 : 1));
    const s = sparkline(values, 10, [0, 1]);
    expect(s).toHaveLength(10);
    expect(s[6]).toBe('▁');
    expect(s.replace('▁', '')).toBe('█'.repeat(9));
  });
  it('draws null as a gap', () => {
    expect(sparkline([1, null, 1], 3, [0, 1])).toBe('█ █');
  });
});

describe('cdfChart', () => {
  it('crosses 50% at the median of the data (log x axis, within a column and the histogram\'s 1%)', () => {
    // 10 000 latencies uniform on [10 ms, 100 ms]: median 55 ms (closed form).
    const h = new LogHistogram();
    for (let i = 0; i < 10_000; i++) h.add(0.01 + (0.09 * (i + 0.5)) / 10_000);
    const height = 11;
    const width = 65;
    const rows = cdfChart([{ label: 'u', marker: '●', histogram: h.toJSON() }], width, height);
    expect(rows).toHaveLength(height + 2);
    // Row 5 of 0…10 is the 50% row; find its first marker column.
    const mid = rows[5];
    expect(mid.startsWith(' 50%│')).toBe(true);
    const col = mid.indexOf('●') - 5;
    // Invert the chart's x scale: log from p1 to p99.9 over plotW − 1 columns.
    const lo = h.quantile(0.01);
    const hi = h.quantile(0.999);
    const plotW = width - 5;
    const xAt = (c: number) => lo * (hi / lo) ** (c / (plotW - 1));
    // The marker appears in the first column whose CDF rounds to the 50% row (≥ 45%): bracket the median.
    expect(xAt(col)).toBeGreaterThan(0.055 * 0.85);
    expect(xAt(col - 1)).toBeLessThan(0.055 * 1.02);
    expect(rows.at(-1)).toContain('● u');
  });
  it('says so when there is nothing to plot', () => {
    expect(cdfChart([], 60, 8)).toEqual(['(no successful requests to plot)']);
  });
  it('formats axis labels short', () => {
    expect([shortSeconds(0.0005), shortSeconds(0.0042), shortSeconds(0.25), shortSeconds(3.5)]).toEqual(['500µs', '4.2ms', '250ms', '3.5s']);
  });
});
