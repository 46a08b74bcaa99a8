import { describe, expect, it } from 'vitest';
import type { FaultRecord } from '../../../src/model/runtime/faultRecords.js';
import { DEFAULT_MINUTE_AVAILABILITY, type BadMinutes } from '../../../src/model/traffic/sloMinutes.js';
import { attributeUserRecovery, impactEndS } from '../../../src/model/traffic/userRecovery.js';
import { runTraffic, world } from './fixture.js';

/**
 * Recovery as users felt it, end to end through the fluid model, on faults worked out by hand.
 * Europe's users (100/s) are nearest to the eu cluster; `us` is 70 ms away. DNS: probes every 30 s,
 * 3 failures to leave the answer and 3 successes to return, TTL 60 s. Minutes are [60 m, 60 m + 60).
 */
function scenario(opts: { placement: string; faults: string; slo: string; horizon?: string }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: users-back }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 } ]
  links: [ { between: [eu-west-1, us-east-1], rtt: 70ms } ]
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } } }
    - { name: batch, replicas: 3, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 100/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: design
    placement:
${opts.placement}
    traffic: { ingress: { dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s } } }
faults:
  scripted:
${opts.faults}
run: { horizon: ${opts.horizon ?? '3h'}, seed: users${opts.slo} }
`;
}

const SINGLE = '      default: { clusterAffinity: { clusterNames: [eu] } }';
const BOTH = '      default: { replicaScheduling: duplicated }\n      services:\n        batch: { clusterAffinity: { clusterNames: [us] } }';
const CLUSTER_FAULT = '    - { at: 1h, kind: cluster, target: eu, for: 10m }';

const since = (f: FaultRecord, t: number) => t - f.startS;

describe('recovery as users felt it (fluid model, scripted faults)', () => {
  it('one cluster down for 10 minutes: users fail for all of it until the pods restart, so they are back at the end of minute 70 (660 s)', () => {
    // DNS fails open with a single record, so every request fails from 60:00 until the pods restart
    // in place a pod startup (~2 s) after 70:00. Minute 70 has those seconds of failures (> 0.1%): bad;
    // minute 71 is clean. Capacity is back at 600 s + startup.
    for (const slo of [', slo: { availability: 99.9% }', '']) {
      const w = world(scenario({ placement: SINGLE, faults: CLUSTER_FAULT, slo }));
      for (let rep = 0; rep < 3; rep++) {
        const [f] = runTraffic(w, 0, rep).faults;
        expect(since(f, f.recoveredS)).toBeGreaterThan(600);
        expect(since(f, f.recoveredS)).toBeLessThan(610);
        expect(f.usersHitS).toBe(f.startS);
        expect(since(f, f.usersBackS)).toBe(660);
        expect(f.usersCensored).toBe(false);
      }
    }
  });

  it('two clusters behind DNS: users are back once DNS has dropped the dead cluster and the cached answers drained, long before capacity', () => {
    // The record leaves the answer 60–90 s after the start (first failing probe within 30 s, then two
    // more); cached answers drain over the next 60 s. Minute 60 fails entirely, minute 61 at least for
    // its first half; nothing fails after 3600 + 90 + 60 s, inside minute 62. So users are back at 120
    // or 180 s, while full capacity waits for the cluster (600 s + pod startup).
    const w = world(scenario({ placement: BOTH, faults: CLUSTER_FAULT, slo: ', slo: { availability: 99.9% }' }));
    for (let rep = 0; rep < 5; rep++) {
      const [f] = runTraffic(w, 0, rep).faults;
      expect(since(f, f.recoveredS)).toBeGreaterThan(600);
      expect([120, 180]).toContain(since(f, f.usersBackS));
    }
  });

  it('with a latency target the detour counts too: served from 70 ms away, users are back only when DNS returns them to eu', () => {
    // p99 ≤ 60 ms cannot hold over a 70 ms RTT, so every minute on the us answer is bad. The eu record
    // returns after three passing probes (60–90 s after the pods are back at ~602.6 s): users are back
    // at the end of that minute, after capacity, by at most 90 s + a minute of rounding.
    const w = world(scenario({ placement: BOTH, faults: CLUSTER_FAULT, slo: ', slo: { availability: 99.9%, latency: [ { percentile: 99, max: 60ms } ] }' }));
    for (let rep = 0; rep < 3; rep++) {
      const [f] = runTraffic(w, 0, rep).faults;
      const users = since(f, f.usersBackS);
      expect(users).toBeGreaterThan(since(f, f.recoveredS) + 60);
      expect(users).toBeLessThanOrEqual(Math.ceil((f.recoveredS + 90) / 60) * 60 - f.startS);
      expect(users % 60).toBe(0);
    }
  });

  it('spare capacity where users are not: a node of us dies, capacity takes minutes to come back, users never notice', () => {
    // Europe's users are served by eu only; us/pool/0 carries a web and a batch pod. Capacity: NotReady
    // after 35–50 s, eviction 300 s later, rescheduled and started: about 345 s. User-felt: 0.
    const w = world(scenario({ placement: BOTH, faults: '    - { at: 2h, kind: node, target: us/pool/0, for: 2h }', slo: ', slo: { availability: 99.9% }' }));
    for (let rep = 0; rep < 3; rep++) {
      const [f] = runTraffic(w, 0, rep).faults;
      expect(f.podsLost).toBeGreaterThan(0);
      expect(since(f, f.recoveredS)).toBeGreaterThan(335);
      expect(since(f, f.recoveredS)).toBeLessThan(360);
      expect(f.usersBackS).toBe(f.startS);
      expect(f.usersHitS).toBeNaN();
      expect(f.usersCensored).toBe(false);
    }
  });

  it('users still outside the SLO when the run ends: censored, no time', () => {
    const w = world(scenario({ placement: SINGLE, faults: '    - { at: 2h50m, kind: cluster, target: eu, for: 1h }', slo: '' }));
    const [f] = runTraffic(w, 0, 0).faults;
    expect(f.usersCensored).toBe(true);
    expect(f.usersBackS).toBeNaN();
    expect(f.censored).toBe(true);
  });

  it('is measured on the fluid model in requests mode too (the same minutes)', () => {
    const w = world(scenario({ placement: SINGLE, faults: CLUSTER_FAULT, slo: '', horizon: '90m' }));
    const [f] = runTraffic(w, 0, 0, 'requests').faults;
    expect(since(f, f.usersBackS)).toBe(660);
  });
});

describe('attributeUserRecovery', () => {
  const record = (startS: number, endS: number, recoveredS: number, tookPods: boolean): FaultRecord => ({
    id: 0,
    kind: tookPods ? 'node' : 'link',
    target: 't',
    source: 'scripted',
    origin: undefined,
    startS,
    endS,
    detectedS: Number.NaN,
    failedOverS: Number.NaN,
    recoveredS,
    affectedServices: tookPods ? [0] : [],
    podsLost: tookPods ? 1 : 0,
    censored: Number.isNaN(recoveredS),
    usersHitS: Number.NaN,
    usersBackS: Number.NaN,
    usersOutS: Number.NaN,
    usersCensored: false,
  });
  const minutes = (runs: number[], lastMinute = 999): BadMinutes => ({ criterion: { source: 'default', availabilityRatio: DEFAULT_MINUTE_AVAILABILITY, latency: [] }, runs, lastMinute });
  const back = (r: FaultRecord, m: BadMinutes, horizonS = 60_000) => {
    attributeUserRecovery([r], m, horizonS);
    return r.usersCensored ? 'censored' : r.usersBackS - r.startS;
  };
  const hit = (r: FaultRecord, m: BadMinutes) => {
    attributeUserRecovery([r], m, 60_000);
    return r.usersHitS - r.startS;
  };

  it('impact window: to full capacity for a fault that took pods (not its repair), to its end otherwise', () => {
    expect(impactEndS(record(100, 5000, 450, true), 60_000)).toBe(450);
    expect(impactEndS(record(100, 700, 100, false), 60_000)).toBe(700);
    expect(impactEndS(record(100, 700, Number.NaN, true), 60_000)).toBe(60_000);
    expect(impactEndS(record(100, 90_000, 100, false), 60_000)).toBe(60_000);
  });

  it('users are back at the end of the last bad run meeting the window, followed past it', () => {
    // Fault 130–450 s (minutes 2..7); bad minutes 2–3 and 6–9: the second run meets the window and
    // goes on after capacity is back (users still failing): back at minute 10.
    expect(back(record(130, 5000, 450, true), minutes([2, 4, 6, 10]))).toBe(600 - 130);
    // A run that starts at or after the window's end is someone else's.
    expect(back(record(130, 5000, 450, true), minutes([2, 4, 8, 10]))).toBe(240 - 130);
    // A run that ended before the fault began is not charged; nor is a fault with an empty window.
    expect(back(record(130, 5000, 450, true), minutes([0, 2, 8, 10]))).toBe(0);
    expect(back(record(130, 130, 130, false), minutes([0, 10]))).toBe(0);
  });

  it('time outside the SLO sums the bad runs (a first impact and a relapse), not the good minutes between them', () => {
    const out = (r: FaultRecord, m: BadMinutes, horizonS = 60_000) => {
      attributeUserRecovery([r], m, horizonS);
      return r.usersOutS;
    };
    // A control-plane outage 130–4000 s: bad minutes 7–8 (Karmada's move) and 65–66 (its purge when the API returns).
    expect(out(record(130, 4000, 4000, false), minutes([7, 9, 65, 67]))).toBe(240);
    expect(back(record(130, 4000, 4000, false), minutes([7, 9, 65, 67]))).toBe(67 * 60 - 130);
    // The first run counts from the fault's start when it was already going; never noticed: 0.
    expect(out(record(130, 400, 130, false), minutes([1, 5]))).toBe(300 - 130);
    expect(out(record(130, 5000, 450, true), minutes([0, 2, 8, 10]))).toBe(0);
    // Censored: the last run is counted to the horizon's last minute.
    expect(out(record(130, 5000, 450, true), minutes([4, 10], 9), 600)).toBe(600 - 240);
  });

  it('a run already going when the fault starts is charged to it (overlapping faults share the minutes), from the start', () => {
    expect(back(record(130, 400, 130, false), minutes([1, 5]))).toBe(300 - 130);
    expect(hit(record(130, 400, 130, false), minutes([1, 5]))).toBe(0);
  });

  it('users are hit at the first bad minute meeting the window: a fault felt only late is felt from then', () => {
    // A 3-hour partition whose users are fine until minute 100, then out for minutes 100–101.
    const r = record(130, 3 * 3600, 130, false);
    expect(hit(r, minutes([0, 2, 100, 102, 300, 302]))).toBe(6000 - 130);
    expect(r.usersBackS).toBe(6120);
    // Never noticed: no hit.
    expect(hit(record(130, 400, 130, false), minutes([10, 12]))).toBeNaN();
  });

  it('a run that reaches the last minute of the horizon is censored', () => {
    expect(back(record(130, 5000, 450, true), minutes([6, 10], 9), 600)).toBe('censored');
    expect(back(record(130, 5000, 450, true), minutes([6, 9], 9), 600)).toBe(540 - 130);
  });
});
