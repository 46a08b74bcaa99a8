import { describe, expect, it } from 'vitest';
import type { ApiOutageTimeline } from '../../../../src/live/kube/local/apiOutage.js';
import { predictNodeStopDuringApiOutage } from '../../../../src/live/kube/predictKube.js';
import { kubernetesSection, localSnapshot } from '../../../../src/live/kube/local/predictNodeFailure.js';
import { apiOutageChecks, apiOutageText } from '../../../../src/live/kube/local/validateApiOutage.js';
import { localNodes, QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';

const timeline = (over: Partial<ApiOutageTimeline> = {}): ApiOutageTimeline => ({
  node: 'kwok-node-0',
  podsOnNode: 2,
  nodeKillMs: 1100,
  apiBackMs: 48_200,
  controllersBackMs: 98_600,
  controllerExitsMs: [10_900, 11_100, 21_300, 41_500],
  controllerRestartsMs: [10_900, 21_100, 41_300, 81_500],
  notReadyMs: 119_000,
  taintMs: 119_000,
  evictedMs: 129_100,
  allReadyMs: 130_200,
  healthyNodesNotReady: [],
  healthyPodsDisturbed: 0,
  healthyNodes: 2,
  healthyPods: 4,
  ...over,
});
const prediction = { apiBackToNotReadyS: [20.2, 22, 24.7], notReadyToAllReadyS: [11.01] };
const tol = { heartbeatToleranceS: 1, recoveryToleranceS: 1.5 };

describe('apiOutageChecks', () => {
  it('judges NotReady from the controllers\' return (not the API\'s) and the recovery from NotReady', () => {
    const checks = apiOutageChecks(timeline(), prediction, tol);
    expect(checks.map((c) => [c.name, Math.round(c.realS * 10) / 10, c.agree])).toEqual([
      ['healthy nodes not Ready', 0, true],
      ['healthy pods not Ready or gone', 0, true],
      ['controllers back → NotReady', 20.4, true],
      ['NotReady → all replicas Ready', 11.2, true],
    ]);
  });
  it('a healthy node marked NotReady, or a healthy pod disturbed, disagrees', () => {
    expect(apiOutageChecks(timeline({ healthyNodesNotReady: ['kwok-node-1'] }), prediction, tol)[0].agree).toBe(false);
    expect(apiOutageChecks(timeline({ healthyPodsDisturbed: 3 }), prediction, tol)[1]).toMatchObject({ realS: 3, agree: false });
  });
  it('a node judged by the lease age it had before the outage (NotReady as soon as the controllers return) disagrees', () => {
    expect(apiOutageChecks(timeline({ notReadyMs: 99_000 }), prediction, tol)[2].agree).toBe(false);
  });
  it('prints the controllers\' exits and restarts and the verdict', () => {
    const r = { kubernetesVersion: 'v1.37.2', settings: QUICK_SETTINGS, nodes: 3, zones: 3, replicas: 6, outageS: 45, timeline: timeline(), model: { trials: 200, emptyNode: 0, censored: 0 }, checks: apiOutageChecks(timeline(), prediction, tol), agree: true };
    const text = apiOutageText(r);
    expect(text).toMatch(/exited at 10\.9, 11\.1, 21\.3, 41\.5; restarted at 10\.9, 21\.1, 41\.3, 81\.5/);
    expect(text).toMatch(/API back → controllers back 50\.4 s/);
    expect(text).toMatch(/agrees with the real control plane/);
  });
});

describe('predictNodeStopDuringApiOutage (the model)', () => {
  const setup = { nodes: localNodes(3, 3), namespace: 'default', deployment: 'web', replicas: 6, podCpuMillicores: 100, podMemoryMi: 64, pollMs: 100, timeoutMs: 1 };
  const predict = (outageS: number) =>
    predictNodeStopDuringApiOutage({ snapshot: localSnapshot(setup), namespace: 'default', workload: 'web', trials: 40, seed: 3, nodeName: 'kwok-node-0', kubernetes: kubernetesSection(QUICK_SETTINGS, QUICK_SETTINGS.nodeLeaseDurationS / 4), outageS, nodeKillDelayS: 1 });
  it('judges a node that died during a long outage with a fresh grace period once the API is back', () => {
    // The node died 1 s into a 45 s outage: without the outage it would be NotReady 20–35 s after
    // its death, i.e. before the API returns; the model waits a whole grace period after the return.
    const p = predict(45);
    expect(p.apiBackToNotReadyS.length + p.emptyNode).toBe(40);
    const g = QUICK_SETTINGS.nodeMonitorGracePeriodS;
    for (const x of p.apiBackToNotReadyS) {
      expect(x).toBeGreaterThanOrEqual(g - 1e-6);
      expect(x).toBeLessThanOrEqual(g + QUICK_SETTINGS.nodeMonitorPeriodS + 1e-6);
    }
    // The taint at the next 100 ms tainting pass, then tolerationSeconds and one start-up.
    const recovery = QUICK_SETTINGS.tolerationS + QUICK_SETTINGS.podStartupMs / 1000;
    for (const x of p.notReadyToAllReadyS) {
      expect(x).toBeGreaterThanOrEqual(recovery - 1e-6);
      expect(x).toBeLessThan(recovery + 0.1 + 0.05);
    }
  });
  it('also when the old verdict was still pending at the API\'s return (the disagreement the real controllers showed)', () => {
    // 25 s outage: the verdict from the lease's age falls 21–36 s after the outage began, often after the return.
    for (const x of predict(25).apiBackToNotReadyS) expect(x).toBeGreaterThanOrEqual(QUICK_SETTINGS.nodeMonitorGracePeriodS - 1e-6);
  });
});
