import { describe, expect, it } from 'vitest';
import { comparisonTable, regionsMissing } from '../../src/report/comparison.js';
import { regionSloResults } from './fixture.js';
import { aggregate } from '../../src/run/aggregate.js';
import type { FaultSummary } from '../../src/run/types.js';
import { INFO, designSummary, replication, traffic } from '../run/fixture.js';
import { cost, fleetYaml, observe, world } from '../cost/fixture.js';

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

  it('names a stand-in price (a region no source prices) in a footnote on the cost row, once for all designs', () => {
    const w = world(fleetYaml({
      clusters: [{ name: 'a', region: 'mx-central-1', type: 'm6i.xlarge', nodes: 2 }, { name: 'b', region: 'us-east-1', type: 'm6i.xlarge', nodes: 2 }],
      pricing: 'pricing:\n  overrides: [ { instanceType: m6i.xlarge, priceUsdPerHour: 0.2 } ]',
    }));
    const bill = cost(w, observe(w, { a: { nodes: 2, interRegion: 1e9 }, b: { nodes: 2 } }));
    const plain = cost(w, observe(w, { a: { nodes: 2 }, b: { nodes: 2 } }));
    const summaries = [replication(0, [designSummary('a', 1, { cost: bill }), designSummary('b', 1, { cost: bill })])];
    const t = comparisonTable(aggregate({ info: INFO, summaries, stopping: null, createdAt: 't' }));
    const costRow = t.rows.find((x) => x[0].startsWith('cost per month'))!;
    expect(costRow[0]).toMatch(/^cost per month \[\d\]$/);
    const n = Number(/\[(\d)\]/.exec(costRow[0])![1]);
    expect(t.footnotes[n - 1]).toMatch(/^Stand-in price: no sourced transfer price for mx-central-1; using us-east-2's/);
    expect(t.footnotes.filter((f) => f.startsWith('Stand-in price'))).toHaveLength(1);
    // No stand-in used (no bytes left mx-central-1): no footnote.
    const none = comparisonTable(aggregate({ info: INFO, summaries: [replication(0, [designSummary('a', 1, { cost: plain }), designSummary('b', 1, { cost: plain })])], stopping: null, createdAt: 't' }));
    expect(none.rows.find((x) => x[0].startsWith('cost per month'))![0]).toBe('cost per month');
  });
});

describe('the comparison table: SLO by user region', () => {
  it('appears when a region misses the SLO that all users together meet, naming it', () => {
    const rows = comparisonTable(regionSloResults()).rows;
    expect(rows.find((x) => x[0] === 'SLO')).toEqual(['SLO', 'met', 'met']);
    expect(rows.find((x) => x[0] === 'SLO by user region')).toEqual(['SLO by user region', 'not met: eu', 'met in all']);
  });

  it('is left out when every region fares as all users together', () => {
    const t = { traffic: traffic(0.9999, 0.1) };
    const summaries = [replication(0, [designSummary('a', 1, t), designSummary('b', 1, t)])];
    const rows = comparisonTable(aggregate({ info: INFO, summaries, stopping: null, createdAt: 't' })).rows;
    expect(rows.some((x) => x[0] === 'SLO by user region')).toBe(false);
  });

  it('names two regions at most and counts the rest', () => {
    const r = regionSloResults();
    const d = r.designs[0];
    const many = ['eu', 'us', 'asia', 'latam'].map((name) => ({ ...d.traffic!.byUserRegion![0], name }));
    const wide = { ...r, designs: [{ ...d, traffic: { ...d.traffic!, byUserRegion: many } }, r.designs[1]] };
    expect(regionsMissing(wide.designs[0])).toEqual(['eu', 'us', 'asia', 'latam']);
    expect(comparisonTable(wide).rows.find((x) => x[0] === 'SLO by user region')![1]).toBe('not met: eu, us +2');
  });
});
