import { describe, expect, it } from 'vitest';
import { climbTimesS, predictSchedulerThroughput } from '../../../../src/live/kube/local/predictSchedulerThroughput.js';
import { localNodes, QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';

const setup = { nodes: localNodes(3, 3), namespace: 'default', deployment: 'web', replicas: 90, podCpuMillicores: 10, podMemoryMi: 16, pollMs: 100, timeoutMs: 60_000 };

describe('climbTimesS', () => {
  it('times each step of the climb from the low point after `fromS`, several steps in one sample at once', () => {
    const ready = [5, 5, 3, 3, 4, 4, 6, 6, 5, 6];
    expect(climbTimesS(ready, 0.5, 1, 6)).toEqual([2, 3, 3]);
    expect(climbTimesS(ready, 0.5, 1, 4)).toEqual([2]);
    expect(climbTimesS([3, 3], 0.5, 5, 6)).toEqual([]);
  });
});

describe("the model's scheduler-throughput prediction for a local run (3 nodes, 90 replicas, a node of 30 killed)", () => {
  const s = QUICK_SETTINGS;
  const p = predictSchedulerThroughput(setup, s, 'kwok-node-0', 20, 3);
  it('replaces the killed node\'s pods in every trial', () => {
    expect(p.censored + p.emptyNode).toBe(0);
    expect(p.replacements.every((k) => k === p.replacements[0] && k >= 25 && k <= 35)).toBe(true);
  });
  it('deletes them through the taint-eviction controller\'s client: the first replacement Ready (2k + 1 − 30)/20 s after they fell due, plus start-up', () => {
    const k = p.replacements[0];
    // Later by the taint's wait for the 100 ms tainting pass and the 50 ms sampling of the ready timeline.
    const near = (x: number, expectedS: number) => {
      expect(x - expectedS).toBeGreaterThan(-0.01);
      expect(x - expectedS).toBeLessThan(0.16);
    };
    for (const x of p.notReadyToFirstReadyS) near(x, s.tolerationS + (2 * k + 1 - 30) / 20 + s.podStartupMs / 1000);
    for (const x of p.notReadyToAllReadyS) near(x, s.tolerationS + (3 * k - 30) / 20 + s.podStartupMs / 1000);
    for (const x of p.readyPerS) expect(x).toBeCloseTo(20, 0);
  });
  it('without the client limits (the model before the scheduler-throughput experiment) all go at once, bound by the 100 pods/s scheduler, which the real controllers disagree with', () => {
    const old = predictSchedulerThroughput(setup, s, 'kwok-node-0', 5, 3, { controllerManagerApiBurst: 100_000 });
    for (const x of old.notReadyToFirstReadyS) expect(x).toBeLessThan(s.tolerationS + s.podStartupMs / 1000 + 0.2);
    for (const x of old.readyPerS) expect(x).toBeGreaterThan(60);
  });
});
