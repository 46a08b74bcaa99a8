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
