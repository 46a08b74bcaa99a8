import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { judgeRegionSlo, judgeSlo, verdictOf } from '../../src/run/verdict.js';
import type { ScenarioInfo } from '../../src/run/types.js';
import type { CostLine, MonthlyCost } from '../../src/cost/model.js';
import { INFO, designSummary, replication, traffic } from './fixture.js';

const noLatencySlo: ScenarioInfo = { ...INFO, slo: { availabilityRatio: 0.999, latency: [] } };
const run = (a: number[], b: number[], info: ScenarioInfo = noLatencySlo) =>
  aggregate({ info, summaries: a.map((x, r) => replication(r, [designSummary('a', x), designSummary('b', b[r])])), stopping: null, createdAt: 't' });

describe('verdict', () => {
  it('meets only when the whole interval clears the target', () => {
    const res = run([0.9995, 0.9996, 0.9997], [0.9985, 0.999, 0.9995]);
    expect(res.designs[0].slo!.status).toBe('met');
    expect(res.designs[1].slo!.status).toBe('uncertain');
    expect(res.verdict.recommended).toBe('a');
  });

  it('not met when the whole interval is below; no recommendation then', () => {
    const res = run([0.99, 0.991, 0.992], [0.98, 0.981, 0.982]);
    expect(res.designs.map((d) => d.slo!.status)).toEqual(['not met', 'not met']);
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/No design meets the SLO.*closest is a/);
  });

  it('with several designs meeting it, picks the most available and says cost is not weighed', () => {
    const res = run([0.9995, 0.9996, 0.9997], [0.99991, 0.99992, 0.99993]);
    expect(res.verdict.recommended).toBe('b');
    expect(res.verdict.headline).toMatch(/weigh price/);
    expect(res.verdict.reasons.some((r) => /b − a: availability \+0\.0\d+% ± .*b is more available/.test(r))).toBe(true);
  });

  it('names the worst recovery both ways: to full capacity, and as users felt it', () => {
    const f = (kind: 'node' | 'link', recoveryS: number, podsLost: number, usersBackS: number | null) => ({
      kind,
      source: 'stochastic' as const,
      target: `${kind}-1`,
      startS: 100,
      detectionS: 40,
      failoverS: null,
      recoveryS,
      censored: false,
      podsLost,
      usersHitS: usersBackS === 0 ? null : 0,
      usersBackS,
      usersCensored: usersBackS === null,
    });
    const t = { traffic: traffic(0.9999, 0.1) };
    const summaries = [
      replication(0, [designSummary('a', 0.9999, { ...t, faults: [f('node', 345, 1, 120), f('link', 0, 0, null)] }), designSummary('b', 0.9999, { ...t, faults: [f('node', 345, 1, 0)] })]),
    ];
    const reasons = aggregate({ info: noLatencySlo, summaries, stopping: null, createdAt: 't' }).verdict.reasons;
    expect(reasons).toContain('Worst recovery to full capacity after a fault that took pods down: a 5.8 min (node node-1); b 5.8 min (node node-1).');
    expect(reasons).toContain('Worst recovery as users felt it (the time they spent outside the SLO because of one fault, a relapse included): a 2.0 min (node node-1); b: users never noticed a fault.');
    expect(reasons).toContain('Faults whose users were still outside the SLO when a replication ended: a 1.');
    // Every fault users noticed still open at the end: not "never noticed" (the table says "1 not back").
    const open = [replication(0, [designSummary('a', 0.5, { ...t, faults: [f('link', 0, 0, null)] }), designSummary('b', 0.9999, { ...t, faults: [f('node', 345, 1, 0)] })])];
    const openReasons = aggregate({ info: noLatencySlo, summaries: open, stopping: null, createdAt: 't' }).verdict.reasons;
    expect(openReasons).toContain('Worst recovery as users felt it (the time they spent outside the SLO because of one fault, a relapse included): a: none over before the run ended (1 still outside the SLO); b: users never noticed a fault.');
    // Without the traffic model nothing is said about users.
    expect(run([0.9995], [0.9995]).verdict.reasons.some((r) => /users felt/.test(r))).toBe(false);
  });

  it('names the rare-stratum replications beside the plain ones, and whether availability used them', () => {
    const res = run([0.9995, 0.9996, 0.9997], [0.9985, 0.999, 0.9995]);
    const last = (rareStratum?: { count: number; used: boolean }) => verdictOf(noLatencySlo, res.designs, res.comparisons, 3, undefined, rareStratum).reasons.at(-1);
    expect(last()).toMatch(/^3 replications of .* each \(seed .*\); intervals are 95% Student-t over replications\.$/);
    expect(last({ count: 4, used: true })).toMatch(/each \(seed .*\), plus 4 rare-stratum replications in which a region outage was made to happen, with which availability is stratified \(docs\/run\.md, "Rare faults"\);/);
    expect(last({ count: 1, used: false })).toMatch(/, plus 1 rare-stratum replication in which a region outage was made to happen, unused: too few replications to stratify availability/);
  });

  it('without an SLO, recommends only a clearly better design', () => {
    const info = { ...INFO, slo: null };
    expect(run([0.9, 0.91, 0.92], [0.95, 0.96, 0.97], info).verdict.recommended).toBe('b');
    const tie = run([0.9, 0.95, 0.92], [0.95, 0.9, 0.92], info);
    expect(tie.verdict.recommended).toBeNull();
    expect(tie.verdict.headline).toMatch(/No significant difference in availability/);
  });

  it('a measured window too short to show anything never says met (issue 12: a 1 ns horizon)', () => {
    const tiny: ScenarioInfo = { ...noLatencySlo, horizonS: 1e-9, warmupS: 0 };
    const res = run([1, 1, 1], [1, 1, 1], tiny);
    expect(res.designs.map((d) => d.slo!.status)).toEqual(['unknown', 'unknown']);
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/^No verdict: the measured window \(.* after warm-up\) is too short to judge the SLO: lengthen run\.horizon\.$/);
    expect(res.verdict.headline).not.toMatch(/met/);
  });

  it('too few requests to show the target (rule of three) is not met with confidence either', () => {
    const few = (r: number) => ({ ...traffic(1, 0.01), requests: 100, failedRequests: 0 });
    const summaries = [0, 1, 2].map((r) => replication(r, [designSummary('a', 1, { traffic: few(r) }), designSummary('b', 1, { traffic: few(r) })]));
    const res = aggregate({ info: noLatencySlo, summaries, stopping: null, createdAt: 't' });
    expect(res.designs[0].slo!.status).toBe('unknown');
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/300 requests were measured, and showing availability ≥ 99\.9% with 95% confidence takes at least 3,000/);
    // Enough requests: judged as before.
    const many = [0, 1, 2].map((r) => replication(r, [designSummary('a', 1, { traffic: { ...few(r), requests: 1000 } }), designSummary('b', 1, { traffic: { ...few(r), requests: 1000 } })]));
    expect(aggregate({ info: noLatencySlo, summaries: many, stopping: null, createdAt: 't' }).designs[0].slo!.status).toBe('met');
  });
});

describe('verdict on cost: claims only significant paired differences, and says why bills differ', () => {
  /** A bill with a control plane and nodes per cluster; `extra` added to the first cluster's nodes. */
  const bill = (design: string, clusters: string[], nodesUsd: number, extra = 0): MonthlyCost => {
    const lines: CostLine[] = clusters.flatMap((c, k) => [
      { category: 'controlPlane', cluster: c, item: 'fee', quantityPerMonth: 730, quantityUnit: 'cluster-hours', usdPerUnit: 0.1, monthlyUsd: 73, priceKey: 'k', source: 's', asOf: 'a' },
      { category: 'nodes', cluster: c, item: 'pool on-demand', quantityPerMonth: 1, quantityUnit: 'node-hours', usdPerUnit: 1, monthlyUsd: nodesUsd + (k === 0 ? extra : 0), priceKey: 'k', source: 's', asOf: 'a' },
    ]);
    const total = lines.reduce((a, l) => a + l.monthlyUsd, 0);
    const byCategory = { controlPlane: 73 * clusters.length, nodes: total - 73 * clusters.length, loadBalancers: 0, nat: 0, dataTransfer: 0, logging: 0 };
    return { design, clusters, totalUsd: total, byCategory, lines, idle: { unallocatedUsd: 0, allocatedUnusedUsd: null }, requestsPerMonth: null, perMillionRequestsUsd: null, catalogVersion: 'v', notes: [] };
  };
  const runCost = (avA: number[], avB: number[], billA: (r: number) => MonthlyCost, billB: (r: number) => MonthlyCost) =>
    aggregate({
      info: noLatencySlo,
      summaries: avA.map((x, r) => replication(r, [designSummary('a', x, { cost: billA(r) }), designSummary('b', avB[r], { cost: billB(r) })])),
      stopping: null,
      createdAt: 't',
    });
  const same = [0.9995, 0.9996, 0.9997];

  it('significant: b pays for one cluster fewer; the reason names the cluster and its bill lines', () => {
    const res = runCost(same, same, (r) => bill('a', ['c1', 'c2'], 842, r), (r) => bill('b', ['c1'], 842, r));
    expect(res.designs.map((d) => d.usedClusters)).toEqual([['c1', 'c2'], ['c1']]);
    expect(res.verdict.recommended).toBe('b');
    expect(res.verdict.headline).toMatch(/^b: the cheapest of the 2 designs .*\(\$916 a month; each paired cost difference is significant and at least 0\.5%\)/);
    expect(res.verdict.reasons).toContain('a and b: no significant difference in availability; b costs $915 a month less than a: no c2 cluster (nodes $842, control plane $73.00).');
    expect(res.verdict.reasons.some((x) => /^a costs \$1,831 ± .* a month for 2 clusters \(c1 and c2\)/.test(x))).toBe(true);
  });

  it('not significant: bills whose paired difference straddles 0 are not called different, nor "the same"', () => {
    const jitter = [10, -10, 1];
    const res = runCost(same, same.map((x) => x + 0.0001), (r) => bill('a', ['c1'], 842, jitter[r]), () => bill('b', ['c1'], 842));
    // b is significantly more available (+0.0001 in every replication); cost cannot be told apart.
    expect(res.verdict.recommended).toBe('b');
    expect(res.verdict.headline).toMatch(/with no significant cost difference of 0\.5% or more .*; b is significantly the most available\./);
    const reason = res.verdict.reasons.find((x) => x.startsWith('b is significantly more available than a'))!;
    expect(reason).toMatch(/no significant difference in cost \(b − a: −\$0\.33 ± \$\d+\.\d\d a month\)/);
    expect(reason).not.toMatch(/costs nothing more|the same/);
  });

  it('"costs nothing more" only when availability differs significantly and the bills are equal in every replication', () => {
    const res = runCost(same, same.map((x) => x + 0.0001), () => bill('a', ['c1'], 842), () => bill('b', ['c1'], 842));
    expect(res.verdict.reasons).toContain('b is significantly more available than a, and its extra availability costs nothing more a month; b and a cost the same in every replication.');
  });

  it('neither availability nor cost significant: says so, and does not call either design the most available', () => {
    const res = runCost([0.9995, 0.9997, 0.9996], [0.9996, 0.9995, 0.9997], (r) => bill('a', ['c1'], 842, [5, -5, 0][r]), () => bill('b', ['c1'], 842));
    expect(res.verdict.recommended).toBeNull();
    expect(res.verdict.headline).toMatch(/^No single choice: a and b meet the SLO .* no significant difference in availability; decide on other grounds/);
    expect(res.verdict.headline).not.toMatch(/most available/);
    expect(res.verdict.reasons.some((x) => /^a and b: no significant difference in availability; no significant difference in cost/.test(x))).toBe(true);
  });

  it('names the pools behind a difference on shared clusters: how many more or fewer nodes of which type, from the mean lines', () => {
    // a runs 2 more m6i.xlarge nodes (1460 node-hours, $0.192) in c1 than b in every replication; c2 the same.
    const typed = (design: string, extraNodes: number): MonthlyCost => {
      const b = bill(design, ['c1', 'c2'], 0);
      const lines = b.lines.map((l) => (l.category === 'nodes' && l.cluster === 'c1' ? { ...l, quantityPerMonth: 730 * (4 + extraNodes), usdPerUnit: 0.192, monthlyUsd: 730 * (4 + extraNodes) * 0.192, priceKey: 'instance/aws/m6i.xlarge@us-east-1' } : l));
      const total = lines.reduce((a, l) => a + l.monthlyUsd, 0);
      return { ...b, lines, totalUsd: total, byCategory: { ...b.byCategory, nodes: total - 146 } };
    };
    const res = runCost(same, same, () => typed('a', 2), () => typed('b', 0));
    expect(res.designs[0].cost!.lines.find((l) => l.category === 'nodes' && l.cluster === 'c1')!.quantityPerMonth).toBeCloseTo(730 * 6, 9);
    const reason = res.verdict.reasons.find((x) => x.includes('b costs $280 a month less than a'))!;
    expect(reason).toMatch(/line by line: nodes in c1 \(−\$280, 2 fewer m6i\.xlarge on average\)\.$/);
  });

  it('a significant but immaterial cost difference (under 0.5%) is a tie, with its cause', () => {
    const res = runCost(same, same.map((x) => x + 0.0001), (r) => bill('a', ['c1'], 842, 1 + r * 0.01), () => bill('b', ['c1'], 842));
    expect(res.verdict.recommended).toBe('b');
    expect(res.verdict.headline).toMatch(/b is significantly the most available/);
    expect(res.verdict.reasons.some((x) => x.includes('b costs only $1.01 a month less than a (under 0.5% of the bill): on what both pay for, b pays nodes −$1.01'))).toBe(true);
  });
});

describe('judgeRegionSlo', () => {
  const slo = { availabilityRatio: 0.999, latency: [{ percentile: 99, maxS: 0.2, userRegion: null }, { percentile: 95, maxS: 0.05, userRegion: 'us' }] };
  // 5000 requests a region and replication: enough to show 99.9% (the rule of three needs 3000 in all).
  const few = [0, 1, 2].map(() => traffic(0.9999, 0.1));
  const t = few.map((x) => ({ ...x, byUserRegion: x.byUserRegion.map((u) => ({ ...u, requests: 5000 })) }));
  const ok = { n: 3, mean: 0.9999, halfWidth: 0.00001, lower: 0.99989, upper: 0.99991 };

  it('checks the region\'s availability and the latency targets covering it, and no other region\'s', () => {
    const eu = judgeRegionSlo(slo, 'eu', ok, t);
    expect(eu.checks.map((c) => c.what)).toEqual(['availability', 'p99 eu']);
    expect(eu.status).toBe('met');
    const us = judgeRegionSlo(slo, 'us', ok, t);
    // us's p95 of a uniform 0–100 ms is ~95 ms, over its 50 ms target.
    expect(us.checks.map((c) => [c.what, c.status])).toEqual([['availability', 'met'], ['p99 us', 'met'], ['p95 us', 'not met']]);
    expect(us.status).toBe('not met');
    // The fleet-wide judgement makes the same latency checks of each region.
    const all = judgeSlo(slo, ok, t);
    for (const c of [...eu.checks, ...us.checks].slice(1)) if (c.what !== 'availability') expect(all.checks.find((x) => x.what === c.what)).toEqual(c);
  });

  it('a region whose requests cannot show the target is unknown (rule of three on its own requests)', () => {
    // 500 requests a replication, 1500 in all: 3 / 0.001 = 3000 are needed.
    expect(judgeRegionSlo({ availabilityRatio: 0.999, latency: [] }, 'eu', ok, few).status).toBe('unknown');
    expect(judgeRegionSlo({ availabilityRatio: 0.99, latency: [] }, 'eu', ok, few).status).toBe('met');
    // A region with no demand at all.
    const none = few.map((x) => ({ ...x, byUserRegion: x.byUserRegion.map((u) => ({ ...u, requests: 0 })) }));
    expect(judgeRegionSlo({ availabilityRatio: 0.99, latency: [] }, 'eu', { n: 3, mean: 1, halfWidth: 0, lower: 1, upper: 1 }, none).status).toBe('unknown');
  });
});
