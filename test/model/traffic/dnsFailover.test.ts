import { describe, expect, it } from 'vitest';
import { runTraffic, world } from './fixture.js';

/**
 * A scripted region outage under DNS GSLB, worked out by hand. Users next to us-east-1 send 100/s.
 * When the region dies every request to it fails. Health checks every 30 s at their own phase need 3
 * consecutive failures, so the record is removed 60–90 s after the outage starts (first failing probe
 * within 30 s, then two more). Clients then hold the cached answer for the rest of a 60 s TTL,
 * uniformly: on average 30 s more. So failed requests = 100/s × (60…90 s + 30 s): 9000–12000, mean
 * 10500. Nothing fails when the region returns (the record comes back only once the checks pass).
 */
const yaml = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: dns }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: americas, near: us-east-1, rate: 100/s, entryService: api, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: replicated
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s } } }
  - name: anycast
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { anycast: { healthCheckInterval: 5s, unhealthyThreshold: 2 } } }
faults:
  scripted:
    - { at: 1h, kind: region, target: us-east-1, for: 1h }
run: { horizon: 3h, seed: dns, slo: { availability: 99.9% } }
`;

describe('region outage under global ingress', () => {
  const w = world(yaml);
  it('DNS GSLB: failed requests = rate × (detection + TTL/2), within the health-check phase', () => {
    const failed: number[] = [];
    for (let rep = 0; rep < 40; rep++) {
      const t = runTraffic(w, 0, rep).traffic!;
      expect(t.requests).toBeCloseTo(100 * 3 * 3600, 6);
      expect(t.failedRequests).toBeGreaterThanOrEqual(100 * (60 + 30) - 1e-6);
      expect(t.failedRequests).toBeLessThan(100 * (90 + 30));
      expect(t.failedBy.unroutable).toBeCloseTo(t.failedRequests, 6);
      failed.push(t.failedRequests);
    }
    // Phases are uniform: the mean over 40 replications is within 4 SE of 10500 (SE = 866/√40).
    const mean = failed.reduce((a, b) => a + b, 0) / failed.length;
    expect(Math.abs(mean - 10500)).toBeLessThan((4 * 866) / Math.sqrt(40));
  });

  it('anycast: no cache, so failed requests = rate × detection (5–10 s)', () => {
    for (let rep = 0; rep < 10; rep++) {
      const t = runTraffic(w, 1, rep).traffic!;
      expect(t.failedRequests).toBeGreaterThanOrEqual(100 * 5 - 1e-6);
      expect(t.failedRequests).toBeLessThan(100 * 10);
    }
  });

  it('after failover the users are served from Europe: latency carries the transatlantic RTT', () => {
    const t = runTraffic(w, 0, 0, 'fluid', 60).traffic!;
    const success = t.successTimeline!;
    expect(success[30]).toBe(1); // 30 min: healthy
    expect(success[61]).toBe(0); // 61 min: region down, DNS not yet changed
    expect(success[90]).toBe(1); // failed over
    // p99 during the outage is ~ RTT to Europe; overall p99 is dominated by that hour (1/3 of traffic).
    expect(t.latency.p99S).toBeGreaterThan(0.06);
  });
});
