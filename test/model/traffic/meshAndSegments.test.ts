import { describe, expect, it } from 'vitest';
import { chainScenario, runTraffic, world } from './fixture.js';

describe('the two evaluation paths agree', () => {
  it('a mesh that keeps calls local (per-cluster shortcut off) gives the same numbers as no mesh', () => {
    // No faults: with local replicas everywhere a [zone, region, any] mesh routes every call locally,
    // so the global evaluation (used with a mesh) must reproduce the per-cluster one.
    const plain = runTraffic(world(chainScenario({ ratePerS: 600, horizon: '6h' })), 0, 0).traffic!;
    const mesh = runTraffic(world(chainScenario({ ratePerS: 600, horizon: '6h', mesh: true })), 0, 0).traffic!;
    expect(mesh.availability).toBe(plain.availability);
    expect(mesh.requests).toBeCloseTo(plain.requests, 6);
    expect(mesh.clusters[0].peakUtilization).toBeCloseTo(plain.clusters[0].peakUtilization, 12);
    expect(mesh.bytes.interZoneBytes).toBeCloseTo(plain.bytes.interZoneBytes, 0);
    // Latency: separate Monte Carlo draws (per region vs per cluster): within their noise.
    expect(Math.abs(mesh.latency.p50S - plain.latency.p50S) / plain.latency.p50S).toBeLessThan(0.05);
    expect(Math.abs(mesh.latency.p99S - plain.latency.p99S) / plain.latency.p99S).toBeLessThan(0.1);
  });
});

describe('segmented across regions with a mesh', () => {
  // web runs in eu only, api in us only: every web request calls api across the Atlantic (RTT 70 ms).
  const yaml = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: split }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 } ]
  links: [ { between: [eu-west-1, us-east-1], rtt: 70ms } ]
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 2, requestBytes: 1000, responseBytes: 4000 } ] }
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 50/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: split
    placement:
      services:
        web: { clusterAffinity: { clusterNames: [eu] } }
        api: { clusterAffinity: { clusterNames: [us] } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }
run: { horizon: 1h, seed: split }
`;
  it('pays the WAN round trip on every call and bills the bytes as inter-region transfer', () => {
    const t = runTraffic(world(yaml), 0, 0).traffic!;
    expect(t.availability).toBe(1);
    // 50/s × 3600 s × 2 calls × 5000 B.
    expect(t.bytes.interRegionBytes).toBeCloseTo(50 * 3600 * 2 * 5000, -3);
    // Latency: user RTT 10 ms + web 5 ms + 2 × (70 ms + api 5 ms), waits negligible at ρ ≈ 0.01.
    expect(t.latency.p50S).toBeGreaterThan(0.164);
    expect(t.latency.p50S).toBeLessThan(0.168);
  });
});
