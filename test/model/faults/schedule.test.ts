import { describe, expect, it } from 'vitest';
import { world } from '../runtime/fixture.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { meanConfidence } from '../../../src/engine/stats/confidence.js';

const base = (faults: string, nodes = 20) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: faults }
topology: { regions: [ { name: us-east-1 }, { name: europe-west1 } ] }
clusters:
  - { name: a, region: us-east-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: ${nodes} } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: b, region: europe-west1, nodePools: [ { name: p, instanceType: n2-standard-4, count: ${nodes} } ], controlPlane: { managed: { tier: gke-zonal } } }
workload:
  services: [ { name: api, replicas: 2, cpu: 100m, memory: 128Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: u, near: us-east-1, rate: 10/s, entryService: api } ]
designs: [ { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } } ]
faults:
${faults}
run: { horizon: 3650d, seed: sched }
`;
const YEAR_S = 365 * 86400;

function downFraction(eps: { startS: number; endS: number }[], horizonS: number): number {
  return eps.reduce((a, e) => a + Math.min(e.endS, horizonS) - e.startS, 0) / horizonS;
}

describe('stochastic fault schedules against their closed forms', () => {
  it('nodes: alternating renewal, long-run down fraction = MTTR / (MTBF + MTTR)', () => {
    // Exponential MTBF 30 d, MTTR 1 d (exaggerated so ten years give tight estimates): 1/31.
    const w = world(base('  stochastic:\n    nodes: { mtbf: { exponential: { mean: 30d } }, mttr: { exponential: { mean: 1d } } }'));
    const fractions = Array.from({ length: 10 }, (_, rep) => {
      const eps = generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: 10 * YEAR_S, seed: 's', replication: rep });
      return downFraction(eps, 10 * YEAR_S) / w.fleet.nodes.count;
    });
    const ci = meanConfidence(fractions);
    expect(1 / 31).toBeGreaterThan(ci.lower);
    expect(1 / 31).toBeLessThan(ci.upper);
  });

  it('managed control planes fromSla: long-run availability equals the tier SLA (99.95% EKS; 99.5% GKE zonal)', () => {
    const w = world(base('  stochastic:\n    controlPlanes: { fromSla: true, duration: { exponential: { mean: 30m } } }'));
    for (const [cluster, sla] of [['a', 0.9995], ['b', 0.995]] as const) {
      const ups = Array.from({ length: 20 }, (_, rep) => {
        const eps = generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: 10 * YEAR_S, seed: 's', replication: rep });
        return 1 - downFraction(eps.filter((e) => e.targetName === cluster), 10 * YEAR_S);
      });
      const ci = meanConfidence(ups);
      expect(sla).toBeGreaterThan(ci.lower);
      expect(sla).toBeLessThan(ci.upper);
    }
  });

  it('zone outages: Poisson counts with mean perYear × years per zone', () => {
    const w = world(base('  stochastic:\n    zones: { perYear: 2, duration: { constant: 1h } }'));
    const counts = Array.from({ length: 20 }, (_, rep) =>
      generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: 10 * YEAR_S, seed: 's', replication: rep }).length / w.fleet.zones.length,
    );
    // 2 per year × 10 years, less the (negligible) time spent inside outages.
    const ci = meanConfidence(counts);
    const expected = 20 * (1 - (2 * 3600) / YEAR_S);
    expect(expected).toBeGreaterThan(ci.lower);
    expect(expected).toBeLessThan(ci.upper);
  });

  it('is reproducible, sorted, numbered in order, and unchanged for existing nodes when a pool grows', () => {
    const f = '  stochastic:\n    nodes: { mtbf: { exponential: { mean: 100d } }, mttr: { lognormal: { median: 1h, p99: 1d } } }';
    const small = world(base(f, 20));
    const big = world(base(f, 25));
    const gen = (w: typeof small) => generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: YEAR_S, seed: 7, replication: 3 });
    const a = gen(small);
    expect(gen(small)).toEqual(a);
    a.forEach((ep, i) => {
      expect(ep.id).toBe(i);
      if (i > 0) expect(ep.startS).toBeGreaterThanOrEqual(a[i - 1].startS);
    });
    // Pool a/p grows from 20 to 25 nodes: nodes #0–#19 keep exactly their failures.
    const key = (e: { targetName: string; startS: number; endS: number }) => `${e.targetName}@${e.startS}-${e.endS}`;
    const kept = new Set(gen(big).map(key));
    for (const e of a) expect(kept.has(key(e))).toBe(true);
  });

  it('resolves scripted targets and rejects impossible ones', () => {
    const w = world(base('  scripted:\n    - { at: 1h, kind: node, target: b/p/3, for: 10m }\n    - { at: 2h, kind: link, target: [us-east-1, europe-west1], for: 5m, mode: degrade, extraLatency: 30ms }'));
    const eps = generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: YEAR_S, seed: 1, replication: 0 });
    expect(eps.map((e) => [e.kind, e.targetName, e.startS, e.endS])).toEqual([
      ['node', 'b/p#3', 3600, 4200],
      ['link', 'us-east-1~europe-west1', 7200, 7500],
    ]);
    expect(eps[1].linkMode).toBe('degrade');
    expect(eps[1].extraLatencyMs).toBe(30);
  });
});

describe('spot interruptions', () => {
  const SPOT_POOL = '{ name: p, instanceType: m6i.xlarge, count: 100 }';
  /** Cluster a's pool turned to spot (`pool` replaces its definition); cluster b stays on demand. */
  const spotBase = (faults: string, pool = '{ name: p, instanceType: m6i.xlarge, count: 100, capacityType: spot }') => {
    const text = base(faults, 100);
    const i = text.indexOf(SPOT_POOL); // cluster a's pool comes first
    return text.slice(0, i) + pool + text.slice(i + SPOT_POOL.length);
  };
  const gen = (w: ReturnType<typeof world>, replication = 0, horizonS = 10 * YEAR_S) =>
    generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS, seed: 'spot', replication });

  it('counts over ten years match the Poisson mean of the pool rate (within 4 standard deviations); on-demand pools get none; each notice is 2 minutes', () => {
    const w = world(spotBase('  scripted: []'));
    const eps = gen(w);
    const spot = eps.filter((e) => e.kind === 'spotInterruption');
    expect(eps.length).toBe(spot.length);
    // 5% of nodes interrupted per month (the default band) ⇒ rate −ln(0.95) per 730-h month, per node.
    // 100 nodes × 120 months (3650 d), less the 2-minute notices (a relative 2e-6, negligible).
    const months = (10 * YEAR_S) / (730 * 3600);
    const mean = 100 * months * -Math.log(1 - 0.05);
    expect(mean).toBeCloseTo(615.5, 0);
    expect(Math.abs(spot.length - mean)).toBeLessThan(4 * Math.sqrt(mean));
    for (const e of spot) {
      expect(e.endS - e.startS).toBe(120);
      expect(e.targetName.startsWith('a/p#')).toBe(true);
      expect(e.slot).toBeGreaterThanOrEqual(0);
      expect(e.slot).toBeLessThan(100);
      expect(e.source).toBe('stochastic');
    }
    // Every slot is drawn: about 6 interruptions each, so all 100 appear.
    expect(new Set(spot.map((e) => e.slot)).size).toBe(100);
  });

  it('the rate follows the pool (spotInterruptionsPerMonth) and the notice the fault setting', () => {
    const w = world(spotBase('  stochastic:\n    spot: { notice: 30s }', '{ name: p, instanceType: m6i.xlarge, count: 100, capacityType: spot, spotInterruptionsPerMonth: 20% }'));
    const spot = gen(w).filter((e) => e.kind === 'spotInterruption');
    const mean = 100 * ((10 * YEAR_S) / (730 * 3600)) * -Math.log(1 - 0.2);
    expect(Math.abs(spot.length - mean)).toBeLessThan(4 * Math.sqrt(mean));
    for (const e of spot) expect(e.endS - e.startS).toBe(30);
  });

  it("an autoscaled spot pool's spare slots (up to its maximum) are interrupted too", () => {
    const w = world(spotBase('  scripted: []', '{ name: p, instanceType: m6i.xlarge, count: 2, capacityType: spot, autoscaling: { min: 1, max: 6 }, spotInterruptionsPerMonth: 50% }'));
    const slots = new Set(gen(w).map((e) => e.slot));
    expect([...slots].sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('turning a pool to spot leaves every other fault of the replication unchanged (common random numbers)', () => {
    const f = '  stochastic:\n    nodes: { mtbf: { exponential: { mean: 200d } }, mttr: { exponential: { mean: 1h } } }\n    zones: { perYear: 1, duration: { constant: 1h } }';
    const onDemand = gen(world(base(f, 100)), 2, YEAR_S);
    const spot = gen(world(spotBase(f)), 2, YEAR_S);
    const key = (e: { kind: string; targetName: string; startS: number; endS: number }) => `${e.kind} ${e.targetName}@${e.startS}-${e.endS}`;
    expect(spot.filter((e) => e.kind !== 'spotInterruption').map(key)).toEqual(onDemand.map(key));
    expect(spot.some((e) => e.kind === 'spotInterruption')).toBe(true);
  });
});

describe('region outages that block node launches', () => {
  it('stochastic region episodes carry blocksNodeLaunches only when the process says so', () => {
    const on = world(base('  stochastic:\n    regions: { perYear: 2, duration: { constant: 1h }, blocksNodeLaunches: true }'));
    const off = world(base('  stochastic:\n    regions: { perYear: 2, duration: { constant: 1h } }'));
    const a = generateFaultSchedule({ fleet: on.fleet, clusters: on.scenario.clusters, faults: on.scenario.faults, horizonS: YEAR_S, seed: 1, replication: 0 });
    const b = generateFaultSchedule({ fleet: off.fleet, clusters: off.scenario.clusters, faults: off.scenario.faults, horizonS: YEAR_S, seed: 1, replication: 0 });
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((e) => e.kind === 'region' && e.blocksNodeLaunches === true)).toBe(true);
    expect(b.every((e) => e.blocksNodeLaunches === undefined)).toBe(true);
    // Same outages either way.
    expect(a.map((e) => [e.targetName, e.startS, e.endS])).toEqual(b.map((e) => [e.targetName, e.startS, e.endS]));
  });

  it('a scripted nodeLaunches fault names its region', () => {
    const w = world(base('  scripted:\n    - { at: 1h, kind: nodeLaunches, target: us-east-1, for: 8h }'));
    const eps = generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: YEAR_S, seed: 1, replication: 0 });
    expect(eps.map((e) => [e.kind, e.targetId, e.targetName, e.startS, e.endS])).toEqual([['nodeLaunches', w.fleet.regionByName.get('us-east-1'), 'us-east-1', 3600, 3600 + 8 * 3600]]);
  });
});
