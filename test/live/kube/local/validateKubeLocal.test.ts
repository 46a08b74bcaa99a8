import { describe, expect, it } from 'vitest';
import { intervalCheck, localNodes, nodeFailureChecks, QUICK_SETTINGS, validateKubeLocalText } from '../../../../src/live/kube/local/validateKubeLocal.js';

describe('intervalCheck', () => {
  it('agrees inside the model\'s range widened by the tolerance, and only there', () => {
    const model = [22, 20.5, 24.9, 23];
    const c = intervalCheck('x', 20.1, model, 0.5);
    expect(c).toMatchObject({ modelMinS: 20.5, modelMaxS: 24.9, modelMedianS: 22.5, agree: true });
    expect(intervalCheck('x', 19.9, model, 0.5).agree).toBe(false);
    expect(intervalCheck('x', 25.4, model, 0.5).agree).toBe(true);
    expect(intervalCheck('x', 25.5, model, 0.5).agree).toBe(false);
  });
  it('disagrees when nothing was measured or the model has no trial', () => {
    expect(intervalCheck('x', Number.NaN, [1, 2], 10).agree).toBe(false);
    expect(intervalCheck('x', 1, [], 10).agree).toBe(false);
  });
});

describe('nodeFailureChecks', () => {
  const prediction = { heartbeatToNotReadyS: [20.2, 24.8], notReadyToAllReadyS: [11.01], killToAllReadyS: [27, 40], killToNotReadyS: [16, 29], emptyNode: 0, censored: 0 };
  it('measures NotReady from the lease\'s last renewal, and recovery from NotReady and from the kill', () => {
    const t = { node: 'n', podsOnNode: 2, lastRenewMs: -4000, notReadyMs: 18_000, taintMs: 18_100, evictedMs: 28_500, allReadyMs: 29_600 };
    const checks = nodeFailureChecks(t, prediction, { heartbeatToleranceS: 0.5, recoveryToleranceS: 1.5 });
    expect(checks.map((c) => [c.name, c.realS, c.agree])).toEqual([
      ['last heartbeat → NotReady', 22, true],
      ['NotReady → all replicas Ready', 11.6, true],
      ['kill → all replicas Ready', 29.6, true],
    ]);
  });
  it('a node marked NotReady one monitor period late disagrees', () => {
    const t = { node: 'n', podsOnNode: 2, lastRenewMs: -1000, notReadyMs: 29_000, taintMs: 29_000, evictedMs: 39_000, allReadyMs: 40_100 };
    const checks = nodeFailureChecks(t, prediction, { heartbeatToleranceS: 0.5, recoveryToleranceS: 1.5 });
    expect(checks[0]).toMatchObject({ realS: 30, agree: false });
  });
});

describe('localNodes', () => {
  it('spreads the nodes round-robin over the zones of one region', () => {
    expect(localNodes(5, 2).map((n) => `${n.name}@${n.zone}`)).toEqual(['kwok-node-0@local-a', 'kwok-node-1@local-b', 'kwok-node-2@local-a', 'kwok-node-3@local-b', 'kwok-node-4@local-a']);
    expect(new Set(localNodes(5, 2).map((n) => n.region))).toEqual(new Set(['local']));
  });
  it('refuses impossible shapes', () => {
    expect(() => localNodes(1, 1)).toThrow(RangeError);
    expect(() => localNodes(3, 4)).toThrow(RangeError);
  });
});

describe('validateKubeLocalText', () => {
  it('states the settings, the real timeline, each check and the verdict', () => {
    const checks = [{ name: 'last heartbeat → NotReady', realS: 30, modelMinS: 20.2, modelMedianS: 22.5, modelMaxS: 24.8, toleranceS: 0.5, agree: false }];
    const text = validateKubeLocalText({
      kubernetesVersion: 'v1.37.2',
      settings: QUICK_SETTINGS,
      nodes: 3,
      zones: 3,
      replicas: 6,
      timeline: { node: 'kwok-node-1', podsOnNode: 2, lastRenewMs: -1000, notReadyMs: 29_000, taintMs: 29_100, evictedMs: 39_000, allReadyMs: 40_100 },
      model: { trials: 200, emptyNode: 3, censored: 0 },
      checks,
      agree: false,
    });
    expect(text).toContain('grace period 20 s');
    expect(text).toContain('killed the kwok of kwok-node-1 (2 replicas)');
    expect(text).toMatch(/last heartbeat → NotReady\s+30\.0\s+20\.2\s+22\.5\s+24\.8\s+±0\.5\s+DISAGREE/);
    expect(text).toContain('3 left out (no replica on that node)');
    expect(text).toContain('DISAGREE beyond the tolerance (exit code 3)');
  });
});
