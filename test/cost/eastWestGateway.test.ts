import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/context.js';
import { costDesign, simulateDesign } from '../../src/run/pipeline.js';
import { SPLIT_CROSS_CLUSTER_BYTES, twoClustersOneRegion } from '../model/traffic/crossClusterFixture.js';

/**
 * The east-west gateway bills what the traffic model measured as cross-cluster bytes, from the
 * simulation to the bill: two clusters in one region, so the old inter-region fallback would bill 0.
 * Prices are pinned so the figures do not follow the catalog.
 */
const GB_USD = 0.01;
const HOUR_USD = 0.025;
const PRICES = `pricing:
  prices:
    - { key: loadBalancer/aws/gb, usd: ${GB_USD} }
    - { key: loadBalancer/aws/hour, usd: ${HOUR_USD} }
`;
const MONTH_S = 730 * 3600;

function bill(split: boolean) {
  const ctx = prepareRun(twoClustersOneRegion({ split }) + PRICES, 'east-west.yaml');
  const result = simulateDesign(ctx, 0, [], 0);
  return { result, cost: costDesign(ctx, 0, result, ctx.cost) };
}

const gateway = (cost: ReturnType<typeof bill>['cost'], cluster: string, kind: 'hourly' | 'processed') =>
  cost.lines.find((l) => l.cluster === cluster && l.item.startsWith(kind === 'hourly' ? 'east-west gateway (hourly)' : 'east-west gateway processed'))!;

describe('east-west gateway billing from measured cross-cluster bytes', () => {
  it('bills the calling cluster for its calls to the other cluster, in one region', () => {
    const { result, cost } = bill(true);
    const a = result.traffic!.bytes.byCluster.find((b) => b.cluster === 'a')!;
    expect(a.interRegionBytes).toBe(0);
    expect(a.crossClusterBytes).toBeCloseTo(SPLIT_CROSS_CLUSTER_BYTES, -3);
    // The 1 h run scaled to a 730 h month, in GB of 10⁹ bytes: 1.8 GB × 730 = 1314 GB.
    const gb = (SPLIT_CROSS_CLUSTER_BYTES * MONTH_S) / 3600 / 1e9;
    const processed = gateway(cost, 'a', 'processed');
    expect(processed.quantityPerMonth).toBeCloseTo(gb, 3);
    expect(processed.usdPerUnit).toBe(GB_USD);
    expect(processed.monthlyUsd).toBeCloseTo(gb * GB_USD, 5);
    expect(gateway(cost, 'b', 'processed').quantityPerMonth).toBe(0);
    expect(gateway(cost, 'a', 'hourly').monthlyUsd).toBeCloseTo(730 * HOUR_USD, 9);
    // Measured: no lower-bound note.
    expect(cost.notes.some((n) => n.includes('east-west'))).toBe(false);
  });

  it('bills only the gateways themselves when every call stays in its cluster', () => {
    const { result, cost } = bill(false);
    for (const c of result.traffic!.bytes.byCluster) expect(c.crossClusterBytes).toBe(0);
    for (const cluster of ['a', 'b']) {
      expect(gateway(cost, cluster, 'processed').monthlyUsd).toBe(0);
      expect(gateway(cost, cluster, 'hourly').monthlyUsd).toBeCloseTo(730 * HOUR_USD, 9);
    }
  });
});
