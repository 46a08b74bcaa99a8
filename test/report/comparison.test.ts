import { describe, expect, it } from 'vitest';
import { comparisonTable } from '../../src/report/comparison.js';
import { aggregate } from '../../src/run/aggregate.js';
import type { FaultSummary } from '../../src/run/types.js';
import { INFO, designSummary, replication, traffic } from '../run/fixture.js';

const fault = (kind: FaultSummary['kind'], recoveryS: number, podsLost: number, usersBackS: number): FaultSummary => ({
  kind,
  source: 'stochastic',
  target: `${kind}-1`,
  startS: 100,
  detectionS: 40,
  failoverS: null,
  recoveryS,
  censored: false,
  podsLost,
  usersHitS: usersBackS > 0 ? 0 : null,
  usersBackS,
  usersCensored: false,
});

describe('the comparison table', () => {
  it('has the worst recovery as users felt it beside the worst recovery to full capacity', () => {
    const t = { traffic: traffic(0.9999, 0.1) };
    const summaries = [
      replication(0, [designSummary('a', 1, { ...t, faults: [fault('node', 345, 1, 0), fault('link', 0, 0, 1200)] }), designSummary('b', 1, { ...t, faults: [fault('node', 345, 1, 0)] })]),
    ];
    const rows = comparisonTable(aggregate({ info: INFO, summaries, stopping: null, createdAt: 't' })).rows;
    const row = (name: string) => rows.find((x) => x[0] === name);
    // Capacity: a node took 5.8 min in both. Users: a partition kept a's users out for 20 min; b's never noticed.
    expect(row('worst recovery to full capacity')).toEqual(['worst recovery to full capacity', '5.8 min (node)', '5.8 min (node)']);
    expect(row('worst recovery as users felt it')).toEqual(['worst recovery as users felt it', '20.0 min (link)', 'not felt']);
  });

  it('a dash without the traffic model', () => {
    const summaries = [replication(0, [designSummary('a', 1, { faults: [fault('node', 345, 1, 0)] }), designSummary('b', 1)])];
    const rows = comparisonTable(aggregate({ info: INFO, summaries, stopping: null, createdAt: 't' })).rows;
    expect(rows.find((x) => x[0] === 'worst recovery as users felt it')).toEqual(['worst recovery as users felt it', '—', '—']);
  });
});
