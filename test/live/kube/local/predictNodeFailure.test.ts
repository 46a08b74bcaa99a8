import { describe, expect, it } from 'vitest';
import { kubernetesSection, localSnapshot, predictNodeFailure } from '../../../../src/live/kube/local/predictNodeFailure.js';
import { localNodes, QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';

const setup = { nodes: localNodes(3, 3), namespace: 'default', deployment: 'web', replicas: 6, podCpuMillicores: 100, podMemoryMi: 64, pollMs: 100, timeoutMs: 60_000 };

describe('the model\'s node-failure prediction for a local run', () => {
  const p = predictNodeFailure(setup, QUICK_SETTINGS, 'kwok-node-0', 60, 7);
  const s = QUICK_SETTINGS;
  it('simulates every trial to the end', () => {
    expect(p.censored).toBe(0);
    expect(p.killToAllReadyS.length + p.emptyNode).toBe(60);
    expect(p.killToAllReadyS.length).toBeGreaterThan(30);
  });
  it('marks the node NotReady within one monitor period after the grace period has passed since its last heartbeat', () => {
    // As kube-controller-manager does (the real run measured it): the renewal is seen at the next
    // monitor pass and the node marked at the first pass the grace period after that, which is
    // never a period later even when the grace period is a multiple of the monitor period.
    for (const x of p.heartbeatToNotReadyS) {
      expect(x).toBeGreaterThan(s.nodeMonitorGracePeriodS);
      expect(x).toBeLessThanOrEqual(s.nodeMonitorGracePeriodS + s.nodeMonitorPeriodS + 0.1);
    }
    // From the kill the last renewal is up to a renewal interval (a quarter of the lease) earlier.
    for (const x of p.killToNotReadyS) expect(x).toBeGreaterThan(s.nodeMonitorGracePeriodS - s.nodeLeaseDurationS / 4);
  });
  it('brings the replicas back tolerationSeconds plus one start-up after NotReady (one node: no rate limit)', () => {
    for (const x of p.notReadyToAllReadyS) {
      expect(x).toBeGreaterThanOrEqual(s.tolerationS + s.podStartupMs / 1000);
      expect(x).toBeLessThan(s.tolerationS + s.podStartupMs / 1000 + 0.5);
    }
  });
  it('is reproducible for a seed', () => {
    expect(predictNodeFailure(setup, QUICK_SETTINGS, 'kwok-node-0', 60, 7)).toEqual(p);
  });
});

describe('the scenario pieces', () => {
  it('writes the settings as a scenario\'s kubernetes section', () => {
    expect(kubernetesSection(QUICK_SETTINGS, 10)).toEqual({
      nodeStatusUpdateFrequency: '10s',
      nodeMonitorPeriod: '5s',
      nodeMonitorGracePeriod: '20s',
      notReadyToleration: '10s',
      unreachableToleration: '10s',
      evictionRate: '0.1/s',
      secondaryEvictionRate: '0.01/s',
      unhealthyZoneThreshold: '55%',
      largeClusterSizeThreshold: 50,
      podStartup: '1000ms',
    });
  });
  it('describes the nodes and the Deployment the experiment creates', () => {
    const snap = localSnapshot(setup);
    expect(snap.nodes.map((n) => n.zone)).toEqual(['local-a', 'local-b', 'local-c']);
    expect(snap.workloads).toEqual([expect.objectContaining({ name: 'web', replicas: 6, cpuMillicores: 100, memoryBytes: 64 * 2 ** 20 })]);
  });
});
