import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/tui/diff.js';
import { runJob } from '../../src/tui/sim/runJob.js';
import { scenarioText } from './fixture.js';

const text = scenarioText('default.yaml', { horizon: '60d', replications: 4 });
const fault = { kind: 'fault' as const, fault: { atS: 20 * 86_400, forS: 4 * 3600, target: { kind: 'region' as const, region: 'eu-west-1' } } };
const before = runJob({ id: 1, text, fileName: 'default.yaml', whatIfs: [] }, () => {}).results;
const after = runJob({ id: 2, text, fileName: 'default.yaml', whatIfs: [fault] }, () => {}).results;

describe('change against the previous run', () => {
  it('is exactly zero for the same run twice', () => {
    const d = diffRuns(before, before);
    expect(d.header).toEqual(['vs previous run', 'replicated', 'segmented', 'active-active']);
    expect(d.rows[0]).toEqual(['Δ availability', '0.0000% ± 0.0000%', '0.0000% ± 0.0000%', '0.0000% ± 0.0000%']);
    expect(d.note).toBeNull();
  });

  it('pairs by replication: the mean change is the mean of per-replication changes', () => {
    const d = diffRuns(before, after);
    for (const [k, name] of ['replicated', 'segmented', 'active-active'].entries()) {
      const per = after.replications.map((r, i) => r.designs[k].availability - before.replications[i].designs[k].availability);
      const mean = per.reduce((a, b) => a + b, 0) / per.length;
      // A 4-hour region outage costs availability: the change is negative, in percent with a CI.
      expect(mean).toBeLessThan(0);
      const cell = d.rows[0][k + 1];
      const m = /^([−+]?)(\d+\.\d+)% ± (\d+\.\d+)%$/.exec(cell);
      expect(m, `${name}: ${cell}`).not.toBeNull();
      const shown = (m![1] === '−' ? -1 : 1) * Number(m![2]);
      const decimals = m![2].split('.')[1].length;
      expect(Math.abs(shown - mean * 100)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
    }
    expect(d.rows.map((r) => r[0])).toEqual(['Δ availability', 'Δ downtime per month', 'Δ ready capacity', 'Δ p99 (all users)', 'Δ worst recovery'].filter((x) => d.rows.some((r) => r[0] === x)));
    expect(d.rows[1][1].startsWith('+')).toBe(true);
  });

  it('does not pair runs with different seeds', () => {
    const other = { ...after, scenario: { ...after.scenario, seed: 'other' } };
    const d = diffRuns(before, other);
    expect(d.rows.map((r) => r[0])).toEqual(['Δ worst recovery']);
    expect(d.note).toMatch(/seed changed/);
  });
});
