import { describe, expect, it } from 'vitest';
import { costDelta, meanBill, type CostLine, type MonthlyCost } from '../../src/cost/index.js';
import { COST_CATEGORIES, type CostCategory } from '../../src/cost/model.js';

// Two bills written by hand: "replicated" runs 4 m6i.xlarge in each of eu-1 and us-1; "active-active"
// runs 6 in us-1 and 4 in eu-1, and one more NAT gateway in us-1.
const l = (cluster: string | null, category: CostCategory, item: string, quantity: number, unit: string, usdPerUnit: number, priceKey: string): CostLine => ({
  cluster,
  category,
  item,
  quantityPerMonth: quantity,
  quantityUnit: unit,
  usdPerUnit,
  monthlyUsd: quantity * usdPerUnit,
  priceKey,
  source: 'test',
  asOf: 'test',
});

function bill(design: string, lines: CostLine[]): MonthlyCost {
  const byCategory = Object.fromEntries(COST_CATEGORIES.map((k) => [k, lines.filter((x) => x.category === k).reduce((a, x) => a + x.monthlyUsd, 0)])) as Record<CostCategory, number>;
  return {
    design,
    clusters: ['eu-1', 'us-1'],
    totalUsd: lines.reduce((a, x) => a + x.monthlyUsd, 0),
    byCategory,
    lines,
    idle: { unallocatedUsd: 0, allocatedUnusedUsd: null },
    requestsPerMonth: null,
    perMillionRequestsUsd: null,
    catalogVersion: 'test',
    notes: [],
  };
}

const M6I = 'instance/aws/m6i.xlarge@us-east-1';
const replicated = bill('replicated', [
  l('eu-1', 'controlPlane', 'eks-standard fee', 730, 'cluster-hours', 0.1, 'controlPlane/aws/eks-standard'),
  l('eu-1', 'nodes', 'general on-demand', 4 * 730, 'node-hours', 0.214, 'instance/aws/m6i.xlarge@eu-west-1'),
  l('us-1', 'controlPlane', 'eks-standard fee', 730, 'cluster-hours', 0.1, 'controlPlane/aws/eks-standard'),
  l('us-1', 'nodes', 'general on-demand', 4 * 730, 'node-hours', 0.192, M6I),
  l('us-1', 'nat', '3 gateways', 3 * 730, 'gateway-hours', 0.045, 'nat/aws/hour'),
  l(null, 'dataTransfer', 'aws internet egress (responses)', 1000, 'GB', 0.09, 'transfer/aws/internet'),
]);
const activeActive = bill('active-active', [
  l('eu-1', 'controlPlane', 'eks-standard fee', 730, 'cluster-hours', 0.1, 'controlPlane/aws/eks-standard'),
  l('eu-1', 'nodes', 'general on-demand', 4 * 730, 'node-hours', 0.214, 'instance/aws/m6i.xlarge@eu-west-1'),
  l('us-1', 'controlPlane', 'eks-standard fee', 730, 'cluster-hours', 0.1, 'controlPlane/aws/eks-standard'),
  l('us-1', 'nodes', 'general on-demand', 6 * 730, 'node-hours', 0.192, M6I),
  l('us-1', 'nat', '4 gateways', 4 * 730, 'gateway-hours', 0.045, 'nat/aws/hour'),
  l(null, 'dataTransfer', 'aws internet egress (responses)', 1000, 'GB', 0.09, 'transfer/aws/internet'),
]);

describe('costDelta on two hand-built bills', () => {
  const d = costDelta(replicated, activeActive);
  // Nodes in us-1: 2 × 730 × 0.192 = 280.32; NAT in us-1: 730 × 0.045 = 32.85; total 313.17.

  it('the total and the per-cluster and per-category differences, largest first', () => {
    expect(d.totalUsd).toBeCloseTo(313.17, 9);
    expect(d.byCluster).toEqual([{ cluster: 'us-1', deltaUsd: expect.closeTo(313.17, 9) }]);
    expect(d.byCategory.map((x) => x.category)).toEqual(['nodes', 'nat']);
    expect(d.byCategory[0].deltaUsd).toBeCloseTo(280.32, 9);
  });

  it('line by line: equal lines are left out, "3 gateways" and "4 gateways" are one line', () => {
    expect(d.lines.map((x) => `${x.cluster}:${x.item}`)).toEqual(['us-1:general on-demand', 'us-1:4 gateways']);
    expect(d.lines[1]).toMatchObject({ fromQuantity: 2190, toQuantity: 2920, deltaUsd: expect.closeTo(32.85, 9) });
  });

  it('one sentence with the causes and the instance type', () => {
    expect(d.cause).toBe('active-active pays $313 more than replicated: nodes in us-1 (+$280, 2 more m6i.xlarge on average), NAT in us-1 (+$32.85)');
  });

  it('the other way round says less, and fewer nodes', () => {
    expect(costDelta(activeActive, replicated).cause).toBe('replicated pays $313 less than active-active: nodes in us-1 (−$280, 2 fewer m6i.xlarge on average), NAT in us-1 (−$32.85)');
  });

  it('a cluster only one design uses shows up whole, and the sentence counts what it leaves out', () => {
    const tokyo = bill('three', [...activeActive.lines, l('tokyo', 'nodes', 'default on-demand', 3 * 730, 'node-hours', 0.25, 'instance/aws/m6i.xlarge@ap-northeast-1'), l('tokyo', 'controlPlane', 'eks-standard fee', 730, 'cluster-hours', 0.1, 'controlPlane/aws/eks-standard')]);
    const t = costDelta(activeActive, tokyo, { maxCauses: 1 });
    expect(t.totalUsd).toBeCloseTo(547.5 + 73, 9);
    expect(t.cause).toBe('three pays $621 more than active-active: nodes in tokyo (+$548, 3 more m6i.xlarge on average), and 1 smaller difference');
  });

  it('nodes of two instance types in one cluster are told apart', () => {
    const two = bill('two-pools', [...activeActive.lines, l('us-1', 'nodes', 'compute on-demand', 730, 'node-hours', 0.34, 'instance/aws/c6i.2xlarge@us-east-1')]);
    expect(costDelta(replicated, two).cause).toMatch(/nodes in us-1 \(\+\$529, 2 more m6i\.xlarge and 1 more c6i\.2xlarge on average\)/);
  });

  it('identical bills: no rows, and it says so', () => {
    const same = costDelta(replicated, replicated);
    expect(same.lines).toEqual([]);
    expect(same.cause).toBe('replicated and replicated cost the same ($0.00 difference)');
  });
});

describe('meanBill', () => {
  it('averages line by line; a line missing from a replication counts 0 there', () => {
    const a = bill('x', [l('c', 'nodes', 'p on-demand', 730, 'node-hours', 0.2, M6I), l('c', 'dataTransfer', 'inter-zone', 10, 'GB', 0.02, 'k')]);
    const b = bill('x', [l('c', 'nodes', 'p on-demand', 1460, 'node-hours', 0.2, M6I)]);
    const m = meanBill([a, b]);
    expect(m.totalUsd).toBeCloseTo((146 + 0.2 + 292) / 2, 9);
    expect(m.lines.find((x) => x.item === 'p on-demand')!.quantityPerMonth).toBe(1095);
    expect(m.lines.find((x) => x.item === 'inter-zone')!.monthlyUsd).toBeCloseTo(0.1, 9);
    expect(m.byCategory.nodes).toBeCloseTo(219, 9);
  });
});
