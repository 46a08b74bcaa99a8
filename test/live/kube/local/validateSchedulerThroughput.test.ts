import { describe, expect, it } from 'vitest';
import type { SchedulerThroughputRun } from '../../../../src/live/kube/local/schedulerThroughput.js';
import {
  evictionStages,
  initialCreation,
  perSecondBins,
  rateCheck,
  schedulerThroughputChecks,
  validateSchedulerThroughputText,
  type ValidateSchedulerThroughputReport,
} from '../../../../src/live/kube/local/validateSchedulerThroughput.js';
import { QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';

/**
 * A run shaped as a client-limited control plane would produce it (not a recorded one): 60 pods
 * created from the Deployment (30 within 29 ms, then one per 50 ms), 20 of them on the killed node; the
 * kill at 0, NotReady at 20 s; deletions one per 50 ms from 31.5 s, each replacement created 10 ms
 * after its predecessor's deletion, bound 5 ms later, Ready 1 s later.
 */
function syntheticRun(): SchedulerThroughputRun {
  const pods: SchedulerThroughputRun['pods'] = [];
  const deploymentMs = -10_000;
  for (let i = 0; i < 60; i++) {
    const created = deploymentMs + 400 + (i < 30 ? i : 29 + (i - 29) * 50);
    const onKilled = i % 3 === 0;
    const deleted = onKilled ? 31_500 + (i / 3) * 50 : NaN;
    pods.push({ name: `web-${i}`, node: onKilled ? 'kwok-node-0' : `kwok-node-${1 + (i % 2)}`, createdMs: created, scheduledMs: created + 5, readyMs: created + 1005, deletedMs: deleted });
    if (onKilled) pods.push({ name: `web-r${i}`, node: 'kwok-node-1', createdMs: deleted + 10, scheduledMs: deleted + 15, readyMs: deleted + 1015, deletedMs: NaN });
  }
  return { node: 'kwok-node-0', podsOnNode: 20, deploymentCreatedMs: deploymentMs, notReadyMs: 20_000, taintMs: 20_100, allReadyMs: 33_500, pods };
}

describe('the scheduler-throughput measurements', () => {
  const run = syntheticRun();
  it('summarises every stage of the eviction from NotReady: first, last and pods per second', () => {
    const st = evictionStages(run);
    expect(st.map((g) => g.stage)).toEqual(['deleted', 'created', 'scheduled', 'Ready']);
    expect(st.map((g) => g.pods)).toEqual([20, 20, 20, 20]);
    expect(st[0].firstS).toBeCloseTo(11.5, 9);
    expect(st[0].lastS).toBeCloseTo(12.45, 9);
    expect(st[0].perS).toBeCloseTo(20, 9);
    expect(st[3].firstS).toBeCloseTo(12.515, 9);
    expect(st[3].lastS).toBeCloseTo(13.465, 9);
  });
  it('measures the Deployment\'s initial burst and the rate after the first 30', () => {
    const i = initialCreation(run);
    expect(i.pods).toBe(60);
    expect(i.first30S).toBeCloseTo(0.029, 9);
    expect(i.perSAfterBurst).toBeCloseTo(20, 9);
    expect(i.lastCreatedS).toBeCloseTo(0.4 + 0.029 + 1.5, 9);
  });
  it('counts each stage per second from one second before the eviction fell due', () => {
    const bins = perSecondBins(run, QUICK_SETTINGS);
    expect(bins[0].fromS).toBe(9);
    const sum = (k: 'deleted' | 'created' | 'scheduled' | 'ready') => bins.reduce((a, b) => a + b[k], 0);
    expect([sum('deleted'), sum('created'), sum('scheduled'), sum('ready')]).toEqual([20, 20, 20, 20]);
    expect(bins.find((b) => b.fromS === 11)).toMatchObject({ deleted: 10, created: 10 }); // 31.5 … 31.95 s
  });
});

describe('schedulerThroughputChecks', () => {
  const run = syntheticRun();
  const o = { stageToleranceS: 1, rateTolerance: 0.25 };
  it('agrees with a model that deletes at 20/s', () => {
    const p = { notReadyToFirstReadyS: [12.3, 12.4], notReadyToAllReadyS: [13.3, 13.4], readyPerS: [20, 20], replacements: [20, 20], emptyNode: 0, censored: 0 };
    const { checks, rateChecks } = schedulerThroughputChecks(run, p, o);
    expect(checks.map((c) => c.agree)).toEqual([true, true]);
    expect(rateChecks.map((c) => [c.name, c.agree])).toEqual([
      ['replacements Ready per second', true],
      ['Deployment: pods created per second after the first 30', true],
    ]);
  });
  it('disagrees with a model that replaces every pod at once, bound by a 100 pods/s scheduler (fleetsim before this experiment)', () => {
    const p = { notReadyToFirstReadyS: [11.0], notReadyToAllReadyS: [11.2], readyPerS: [100], replacements: [20], emptyNode: 0, censored: 0 };
    const { checks, rateChecks } = schedulerThroughputChecks(run, p, o);
    expect(checks.map((c) => c.agree)).toEqual([false, false]);
    expect(rateChecks[0].agree).toBe(false);
  });
  it('rateCheck is relative to the model and refuses what was not measured', () => {
    expect(rateCheck('r', 15.1, 20, 0.25).agree).toBe(true);
    expect(rateCheck('r', 14.9, 20, 0.25).agree).toBe(false);
    expect(rateCheck('r', NaN, 20, 0.25).agree).toBe(false);
  });
});

describe('validateSchedulerThroughputText', () => {
  it('states the load, each stage, each check with its tolerance, and the verdict', () => {
    const run = syntheticRun();
    const p = { notReadyToFirstReadyS: [11.0], notReadyToAllReadyS: [11.2], readyPerS: [100], replacements: [20], emptyNode: 0, censored: 0 };
    const { checks, rateChecks } = schedulerThroughputChecks(run, p, { stageToleranceS: 1, rateTolerance: 0.25 });
    const r: ValidateSchedulerThroughputReport = {
      experiment: 'scheduler-throughput',
      kubernetesVersion: 'v1.37.2',
      settings: QUICK_SETTINGS,
      nodes: 3,
      zones: 3,
      replicas: 60,
      node: run.node,
      podsOnNode: 20,
      notReadyS: 20,
      taintS: 20.1,
      initial: initialCreation(run),
      stages: evictionStages(run),
      perSecond: perSecondBins(run, QUICK_SETTINGS),
      lags: { createdToScheduledMs: 5, scheduledToReadyMs: 1000 },
      model: { trials: 1, emptyNode: 0, censored: 0, readyPerSMedian: 100, replacementsMedian: 20 },
      checks,
      rateChecks,
      agree: false,
    };
    const text = validateSchedulerThroughputText(r);
    expect(text).toContain('Killed the kwok of kwok-node-0 (20 replicas)');
    expect(text).toMatch(/deleted\s+20\s+11\.50\s+12\.45\s+20\.0/);
    expect(text).toMatch(/NotReady → all replicas Ready\s+13\.4\d\s+11\.20\s+11\.20\s+11\.20\s+±1\.0\s+DISAGREE/);
    expect(text).toMatch(/replacements Ready per second\s+20\.0\s+100\.0\s+±25%\s+DISAGREE/);
    expect(text).toContain('DISAGREE beyond the tolerance (exit code 3)');
  });
});
