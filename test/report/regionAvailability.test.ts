import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html.js';
import { hasRegionSlo, regionAvailabilityChart, regionSloTableHtml } from '../../src/report/regionAvailability.js';
import { fullResults, regionSloResults } from './fixture.js';

describe('minutes outside the SLO per user region (report table)', () => {
  const r = regionSloResults();
  const html = regionSloTableHtml(r);
  const rows = [...html.matchAll(/<tr><th scope="row">([^<]+)<\/th>(.*?)<\/tr>/g)];
  const row = (name: string) => rows.find((m) => m[1] === name)![2];

  it('has a row for all users and one per region, in scenario order', () => {
    expect(rows.map((m) => m[1])).toEqual(['all users', 'eu', 'us']);
  });

  it('shows the region missing the SLO that all users together meet, with its minutes and budget', () => {
    // eu under replicated: 40, 41, 42 minutes (41 ± 4.30 × 1/√3 = 2.48), 51 of 10,000 failed = 510% of its budget.
    expect(row('eu')).toMatch(/^<td class="num base worse">41\.0 ± 2\.5 min<br><small>not met · 510% of budget<\/small><\/td>/);
    expect(row('all users')).toMatch(/^<td class="num base better">0\.0 ± 0\.0 min<br><small>met · 5\.10% of budget<\/small><\/td>/);
    expect(row('us')).toMatch(/^<td class="num base better">0\.0 ± 0\.0 min<br><small>met · 0\.00% of budget<\/small><\/td>/);
  });

  it('gives each other design its own cell and the paired difference in minutes', () => {
    // segmented − replicated for eu: −40, −41, −42: significantly fewer minutes.
    expect(row('eu')).toMatch(/<td class="num delta better">−41\.0 min <span class="ci">\[<span class="nw">−43\.5 min<\/span>, <span class="nw">−38\.5 min<\/span>\]<\/span><br><small>lower, significant<\/small><\/td>$/);
    expect(row('us')).toMatch(/<td class="num delta same">0\.0 min .*not significant<\/small><\/td>$/);
  });

  it('sits in the per-region availability section of index.html, and is absent from results without per-region SLO figures', () => {
    // The section is the chart's: the table follows its figure (the SVG itself does not matter here).
    const page = indexHtml(r, [{ chart: regionAvailabilityChart(r), svg: '<svg></svg>' }]);
    const section = page.slice(page.indexOf('<section id="chart-region-availability">'));
    expect(section.slice(0, section.indexOf('</section>'))).toContain('Minutes outside the SLO, per user region');
    const older = fullResults(); // summaries made before the figures: the intervals are of nothing
    expect(hasRegionSlo(older)).toBe(false);
    expect(regionSloTableHtml(older)).toBe('');
    expect(regionSloTableHtml({ ...r, scenario: { ...r.scenario, slo: null } })).toBe('');
  });
});
