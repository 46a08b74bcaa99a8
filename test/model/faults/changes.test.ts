import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng.js';
import { changeEpisodes, drawChanges } from '../../../src/model/faults/changes.js';
import type { UnnumberedEpisode } from '../../../src/model/faults/episode.js';
import { expectedClustersHit, expectedExposureS, type DetectionLaw } from '../../../src/model/faults/rollout.js';
import { prepareScenario, type ResolvedScenario } from '../../../src/run/pipeline.js';
import type { ChangeStreamSpec, RolloutSpec } from '../../../src/scenario/changes.js';
import type { Scenario } from '../../../src/scenario/types.js';

/**
 * The generator of bad-change episodes against closed forms worked independently (rollout.ts's
 * formulas, checked by hand in rollout.test.ts) and against Poisson counts. Generator only: no
 * traffic is simulated here. The fixture has four clusters, each running every service.
 */

const FIXTURE = 'test/fixtures/changes-waves.yaml';
const DAY = 86_400;
const H = 3600;

const STREAM: ChangeStreamSpec = {
  name: 'web-deploys',
  kind: 'deploy',
  perYear: 365,
  badRatio: 1,
  services: ['web'],
  bad: { errorRatio: 1, extraLatencyMs: 0, capacityLostRatio: 0, scope: 'pods' },
  window: undefined,
  clusterWindows: {},
  durationS: 0,
};

function rollout(over: Partial<RolloutSpec>): RolloutSpec {
  return { stream: STREAM.name, strategy: 'waves', waves: [{ kind: 'count', count: 1 }, { kind: 'count', count: 1 }, { kind: 'rest' }], bakeS: H, detection: { burnRate: undefined, after: { kind: 'constant', valueS: 1.5 * H } }, rollback: { kind: 'constant', valueS: 600 }, ...over };
}

/** The fixture with one stream and the given rollout for its first design (the second keeps its own, re-pointed at the stream). */
function prepared(stream: ChangeStreamSpec, first: RolloutSpec, second: RolloutSpec = rollout({ strategy: 'allAtOnce', waves: [{ kind: 'rest' }] })): ResolvedScenario {
  const change = (s: Scenario): Scenario => ({
    ...s,
    designs: s.designs.map((d, i) => ({ ...d, rollouts: [i === 0 ? first : second] })),
    faults: { ...s.faults, changes: [stream] },
  });
  return prepareScenario(readFileSync(FIXTURE, 'utf8'), FIXTURE, change);
}

function episodes(p: ResolvedScenario, design: number, replication: number, horizonS: number): UnnumberedEpisode[] {
  const v = p.views[design];
  return changeEpisodes({ fleet: v.fleet, scenario: v.scenario, design, resolved: v.resolved, horizonS, seed: 'changes-test', replication });
}

/** Bad changes, each as its landed clusters' episodes: they share the end time (detection + rollback). */
function byChange(eps: readonly UnnumberedEpisode[]): UnnumberedEpisode[][] {
  const groups = new Map<number, UnnumberedEpisode[]>();
  for (const e of eps.filter((x) => x.kind === 'badChange')) {
    const g = groups.get(e.endS) ?? [];
    g.push(e);
    groups.set(e.endS, g);
  }
  return [...groups.values()];
}

function meanAndSe(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

describe('bad changes through waves: the generator against the closed forms', () => {
  it('fixed detection (90 min), waves 1, 1, 2 an hour apart, rollback 10 min: every bad change hits exactly 2 clusters for 100 + 40 min', () => {
    const p = prepared(STREAM, rollout({}));
    const changes = byChange(episodes(p, 0, 0, 60 * DAY)).filter((g) => g[0].startS < 59 * DAY);
    expect(changes.length).toBeGreaterThan(30);
    const d: DetectionLaw = { kind: 'constant', valueS: 1.5 * H };
    for (const g of changes) {
      expect(g.length).toBe(expectedClustersHit([1, 1, 2], H, d));
      expect(g.reduce((s, e) => s + e.endS - e.startS, 0)).toBeCloseTo(expectedExposureS([1, 1, 2], H, d, 600), 6);
      expect(g.map((e) => e.targetName)).toEqual(['eu-1', 'eu-2']);
    }
  });

  it('exponential detection (mean 1 h): mean clusters hit and bad cluster-seconds within 4 standard errors of 1 + 1/e + 2/e² and Σ wᵏ e^(−k) (1 h + 10 min)', () => {
    const d: DetectionLaw = { kind: 'exponential', meanS: H };
    const p = prepared(STREAM, rollout({ detection: { burnRate: undefined, after: { kind: 'exponential', meanS: H } } }));
    const hits: number[] = [];
    const exposure: number[] = [];
    for (let rep = 0; rep < 12; rep++) {
      // Changes a day apart on average, detected within hours: the few starting in the last two days are left out (their later waves fall past the horizon).
      for (const g of byChange(episodes(p, 0, rep, 365 * DAY)).filter((x) => x[0].startS < 363 * DAY)) {
        hits.push(g.length);
        exposure.push(g.reduce((s, e) => s + e.endS - e.startS, 0));
      }
    }
    expect(hits.length).toBeGreaterThan(3000);
    const h = meanAndSe(hits);
    const x = meanAndSe(exposure);
    expect(Math.abs(h.mean - expectedClustersHit([1, 1, 2], H, d))).toBeLessThan(4 * h.se);
    expect(Math.abs(x.mean - expectedExposureS([1, 1, 2], H, d, 600))).toBeLessThan(4 * x.se);
    // The test has power: all at once would be 4 clusters.
    expect(expectedClustersHit([4], H, d) - h.mean).toBeGreaterThan(20 * h.se);
  });

  it('burn-rate detection (SLO 99.95%, 14.4× over 1 h): all at once 4 clusters for 25.92 s + 10 min; a canary with a quarter of the replicas 103.68 s + 10 min, alone', () => {
    const burn: RolloutSpec['detection'] = { burnRate: { sloRatio: 0.9995, alerts: [{ longS: H, shortS: 300, burnRate: 14.4 }] }, after: undefined };
    const p = prepared(STREAM, rollout({ detection: burn }), rollout({ strategy: 'allAtOnce', waves: [{ kind: 'rest' }], detection: burn }));
    const waves = byChange(episodes(p, 0, 0, 30 * DAY));
    const all = byChange(episodes(p, 1, 0, 30 * DAY));
    expect(waves.length).toBe(all.length);
    for (const g of waves) expect(g.map((e) => [e.targetName, e.endS - e.startS])).toEqual([['eu-1', expect.closeTo(703.68, 6)]]);
    for (const g of all) expect(g.map((e) => e.endS - e.startS)).toEqual(Array(4).fill(expect.closeTo(625.92, 6)));
  });

  it('designs are paired: the same changes start at the same times whatever the rollout', () => {
    const p = prepared({ ...STREAM, badRatio: 0.3 }, rollout({}));
    const starts = (d: number) => byChange(episodes(p, d, 3, 365 * DAY)).map((g) => Math.min(...g.map((e) => e.startS)));
    expect(starts(0).length).toBeGreaterThan(50);
    expect(starts(0)).toEqual(starts(1));
  });

  it('a bad change no alert sees lands in every wave and stays until the next change of the stream reaches that wave', () => {
    const slow = { ...STREAM, bad: { ...STREAM.bad, errorRatio: 0.0001 } };
    const p = prepared(slow, rollout({ detection: { burnRate: { sloRatio: 0.999, alerts: [{ longS: H, shortS: 300, burnRate: 14.4 }] }, after: undefined } }));
    const eps = episodes(p, 0, 0, 20 * DAY).filter((e) => e.kind === 'badChange');
    const starts = [...new Set(eps.filter((e) => e.targetName === 'eu-1').map((e) => e.startS))];
    expect(eps.filter((e) => e.startS === starts[0]).length).toBe(1);
    expect(eps.filter((e) => e.startS === starts[0] + 2 * H).map((e) => e.targetName)).toEqual(['us-1', 'us-2']);
    const canary = eps.find((e) => e.targetName === 'eu-1' && e.startS === starts[0])!;
    expect(canary.endS).toBe(starts[1]);
    expect(canary).toMatchObject({ kind: 'badChange', source: 'stochastic', origin: 'web-deploys', impairment: { services: ['web'], scope: 'pods', errorRatio: 0.0001 } });
  });

  it('Kubernetes upgrades: every change drains each cluster in turn (wave k at k × (duration + bake)); a bad one stops at detection and impairs what it reached', () => {
    const up: ChangeStreamSpec = { ...STREAM, name: 'k8s', kind: 'kubernetesUpgrade', perYear: 3, badRatio: 0.5, services: undefined, durationS: H };
    const p = prepared(up, { ...rollout({ detection: { burnRate: undefined, after: { kind: 'constant', valueS: 2.5 * H } } }), stream: 'k8s' });
    let good = 0;
    let bad = 0;
    for (let rep = 0; rep < 20; rep++) {
      const eps = episodes(p, 0, rep, 365 * DAY);
      const ups = eps.filter((e) => e.kind === 'upgrade');
      for (const e of ups) expect(e.endS - e.startS).toBe(H);
      for (const t0 of ups.filter((e) => e.targetName === 'eu-1').map((e) => e.startS)) {
        const badHere = eps.filter((e) => e.kind === 'badChange' && e.startS >= t0 && e.startS < t0 + 5 * H);
        const mine = ups.filter((e) => e.startS >= t0 && e.startS < t0 + 5 * H);
        if (badHere.length === 0) {
          good++;
          expect(mine.map((e) => [e.targetName, e.startS - t0])).toEqual([['eu-1', 0], ['eu-2', 2 * H], ['us-1', 4 * H], ['us-2', 4 * H]]);
        } else {
          bad++;
          // Detected 2.5 h in: the third wave (at 4 h) never starts; the two upgraded clusters are bad until 2.5 h + 10 min.
          expect(mine.map((e) => e.targetName)).toEqual(['eu-1', 'eu-2']);
          expect(badHere.map((e) => [e.targetName, e.endS - t0])).toEqual([['eu-1', 2.5 * H + 600], ['eu-2', 2.5 * H + 600]]);
        }
      }
    }
    expect(good).toBeGreaterThan(5);
    expect(bad).toBeGreaterThan(5);
  });
});

describe('change counts: a Poisson process', () => {
  it('changes over 30 days at 1 a day: mean and variance of the count ≈ λT = 30 (2000 replications; mean within 4 SE = 0.49, variance within 15%); bad share ≈ badRatio', () => {
    const stream = { ...STREAM, badRatio: 0.2 };
    const counts: number[] = [];
    let bad = 0;
    for (let rep = 0; rep < 2000; rep++) {
      const cs = drawChanges(stream, 30 * DAY, createStream('poisson', rep, 'faults/changes/web-deploys'));
      counts.push(cs.length);
      bad += cs.filter((c) => c.bad).length;
    }
    const { mean } = meanAndSe(counts);
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1);
    expect(Math.abs(mean - 30)).toBeLessThan(4 * Math.sqrt(30 / 2000));
    expect(Math.abs(variance / 30 - 1)).toBeLessThan(0.15);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(Math.abs(bad / total - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / total));
  });

  it('a maintenance window (22:00–02:00 UTC) keeps the calendar rate (29.5 changes: the 30th window is cut at midnight by the horizon) and puts every change inside it', () => {
    const stream = { ...STREAM, window: { startHourUtc: 22, endHourUtc: 2 } };
    let n = 0;
    for (let rep = 0; rep < 400; rep++) {
      for (const c of drawChanges(stream, 30 * DAY, createStream('window', rep, 'faults/changes/web-deploys'))) {
        const hour = (c.atS % DAY) / H;
        expect(hour >= 22 || hour < 2).toBe(true);
        n++;
      }
    }
    expect(Math.abs(n / 400 - 29.5)).toBeLessThan(4 * Math.sqrt(29.5 / 400));
  });
});
