import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html.js';
import { fullResults } from './fixture.js';

describe('index.html Fault recovery', () => {
  it('has the "users back within SLO" column beside "recovery", its figures, and the note on both', () => {
    const html = indexHtml(fullResults(), []);
    const section = html.slice(html.indexOf('<h2>Fault recovery</h2>'), html.indexOf('<h2>How this was computed</h2>'));
    expect(section).toContain('<th>recovery</th><th>users back within SLO</th>');
    // The fixture's zone fault: full capacity after 350 s, users back after 50 s.
    expect(section).toContain('<td class="num">5.8 min / 5.8 min / 5.8 min</td><td class="num">50 s / 50 s / 50 s</td>');
    expect(section).toMatch(/<p class="foot">&quot;users back within SLO&quot;: recovery as users felt it/);
  });
});

describe('index.html availability per user region', () => {
  it('shows each design\'s Δ downtime per region from the paired per-region availability', async () => {
    const { readFileSync } = await import('node:fs');
    const { regionTableHtml } = await import('../../src/report/regionAvailability.js');
    const r = JSON.parse(readFileSync('test/golden/results/default.json', 'utf8')) as import('../../src/run/results.js').Results;
    const html = regionTableHtml(r);
    const rows = [...html.matchAll(/<tr><th scope="row">([^<]+)<\/th>(.*?)<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual(r.scenario.userRegions);
    for (const [k, m] of rows.entries()) {
      // One Δ cell per design after the baseline, its mean −Δavailability × 43,800 minutes (rounded as printed).
      const deltas = [...m[2].matchAll(/class="num delta [a-z]+">([−+]?[\d.]+) min/g)].map((x) => Number(x[1].replace('−', '-')));
      expect(deltas.length).toBe(r.designs.length - 1);
      deltas.forEach((shown, i) => {
        const paired = r.comparisons[i].byUserRegion![k].availability.mean!;
        expect(Math.abs(shown - -paired * 43_800)).toBeLessThan(0.6);
      });
    }
  });
});
