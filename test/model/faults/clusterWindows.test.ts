import { describe, expect, it } from 'vitest';
import { nextOpeningS } from '../../../src/model/faults/changes.js';
import { designFaultSchedules, prepareScenario } from '../../../src/run/pipeline.js';
import { parseScenario } from '../../../src/scenario/index.js';

const H = 3600;
const DAY = 86_400;

describe('nextOpeningS', () => {
  it('is the instant itself inside the window, else the next opening; windows may span midnight', () => {
    expect(nextOpeningS(2 * H, 1, 5)).toBe(2 * H);
    expect(nextOpeningS(5 * H, 1, 5)).toBe(DAY + 1 * H); // closes at 5:00
    expect(nextOpeningS(0, 1, 5)).toBe(1 * H);
    expect(nextOpeningS(3 * DAY + 23.5 * H, 22, 2)).toBe(3 * DAY + 23.5 * H); // 22:00–02:00
    expect(nextOpeningS(3 * DAY + 1 * H, 22, 2)).toBe(3 * DAY + 1 * H); // after midnight, yesterday's window
    expect(nextOpeningS(3 * DAY + 2 * H, 22, 2)).toBe(3 * DAY + 22 * H);
    expect(nextOpeningS(7 * H, 0, 24)).toBe(7 * H); // always open
  });
});

/**
 * Kubernetes upgrades with each cluster's own night: eu at 01:00–05:00 UTC, us at 06:00–10:00 UTC
 * (01:00–05:00 in New York). A canary wave (eu), then the rest (us) a day after eu's upgrade ended.
 */
const yaml = (windows: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: windows }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services: [ { name: web, replicas: 2, cpu: 100m, memory: 64Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: u, near: eu-west-1, rate: 1/s, entryService: web } ]
designs:
  - name: d
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
    rollouts: [ { stream: k8s, waves: [[eu], all], bake: 1d } ]
faults:
  changes:
    - { name: k8s, kind: kubernetesUpgrade, perYear: 12, badRatio: 0%, duration: 1h${windows} }
run: { horizon: 1000d, seed: windows }
`;

describe('per-cluster maintenance windows', () => {
  it("start each cluster's upgrade at its window's next opening, the next wave a bake after the last landing", () => {
    const p = prepareScenario(yaml(', clusterWindows: { eu: { startHourUtc: 1, endHourUtc: 5 }, us: { startHourUtc: 6, endHourUtc: 10 } }'), 'w.yaml');
    const ups = designFaultSchedules(p, 0)[0].filter((e) => e.kind === 'upgrade');
    const eu = ups.filter((e) => e.targetName === 'eu');
    const us = ups.filter((e) => e.targetName === 'us');
    expect(eu.length).toBeGreaterThan(20);
    expect(us.length).toBeGreaterThanOrEqual(eu.length - 1); // the last one may fall past the horizon
    const hourOf = (tS: number) => (tS % DAY) / H;
    us.forEach((_, i) => {
      const e = eu[i];
      expect(hourOf(e.startS)).toBeGreaterThanOrEqual(1);
      expect(hourOf(e.startS)).toBeLessThan(5);
      // us is due a day and an hour after eu started (its upgrade, then the bake); it waits for 06:00 UTC.
      expect(us[i].startS).toBe(nextOpeningS(e.startS + H + DAY, 6, 10));
      expect(hourOf(us[i].startS)).toBeGreaterThanOrEqual(6);
      expect(hourOf(us[i].startS)).toBeLessThan(10);
    });
  });

  it('without windows, waves land at their nominal offsets', () => {
    const p = prepareScenario(yaml(''), 'w.yaml');
    const ups = designFaultSchedules(p, 0)[0].filter((e) => e.kind === 'upgrade');
    const eu = ups.filter((e) => e.targetName === 'eu');
    const us = ups.filter((e) => e.targetName === 'us');
    expect(us.length).toBeGreaterThan(20);
    us.forEach((u, i) => expect(u.startS).toBe(eu[i].startS + H + DAY));
  });

  it('name clusters that exist, at the line of the mistake', () => {
    const r = parseScenario(yaml(', clusterWindows: { mars: { startHourUtc: 1, endHourUtc: 5 } }'), 'w.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.path, e.line])).toContainEqual(['faults.changes[0].clusterWindows.mars', 18]); // the stream's line
  });
});
