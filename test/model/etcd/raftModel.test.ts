import { describe, expect, it } from 'vitest';
import { resolveRaftConfig, type RaftConfigInput } from '../../../src/model/etcd/config.js';
import { runLeaderCrash } from '../../../src/model/etcd/leaderCrash.js';
import { RaftModel, LEADER } from '../../../src/model/etcd/raftModel.js';
import { createStream } from '../../../src/engine/rng.js';
import { meanConfidence } from '../../../src/engine/stats/confidence.js';

/**
 * CDF of D = M − U, where M is the minimum of m iid uniforms on [a, b) and U ~ uniform[0, h)
 * independent: the time from a leader crash (uniform within its heartbeat interval) to the first
 * follower's election timeout, when messages take no time. Integrated numerically over U.
 */
function crashToFirstTimeoutCdf(a: number, b: number, m: number, h: number): (x: number) => number {
  const minCdf = (y: number) => (y <= a ? 0 : y >= b ? 1 : 1 - (1 - (y - a) / (b - a)) ** m);
  const steps = 400;
  return (x) => {
    let sum = 0;
    for (let i = 0; i < steps; i++) sum += minCdf(x + ((i + 0.5) / steps) * h);
    return sum / steps;
  };
}

/** Kolmogorov–Smirnov distance between a sample and a CDF. */
function ksDistance(samples: number[], cdf: (x: number) => number): number {
  const s = [...samples].sort((x, y) => x - y);
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs((i + 1) / s.length - f));
  });
  return d;
}

const zeroDelay: Partial<RaftConfigInput> = { fsyncMs: 0, delayJitterMs: 0, checkQuorum: false };

describe('Raft with zero RTT: election time = order statistics of the randomized timeouts', () => {
  // 2000 trials; the KS critical value at significance 0.001 is 1.95/√2000 = 0.044.
  const trials = 2000;
  const ksCritical = 1.95 / Math.sqrt(trials);

  it('continuous timers U[T, 2T): time to leader ~ min of n−1 uniforms minus the crash phase', () => {
    const n = 5;
    const cfg = resolveRaftConfig({ members: n, rttMs: 0, heartbeatMs: 100, electionTimeoutMs: 1000, timerMode: 'continuous', preVote: false, ...zeroDelay });
    const r = runLeaderCrash(cfg, { trials, seed: 'zero-rtt-continuous' });
    const times = r.samples.map((s) => s.timeToLeaderS);
    const cdf = crashToFirstTimeoutCdf(1, 2, n - 1, 0.1);
    expect(ksDistance(times, cdf)).toBeLessThan(ksCritical);
    // Mean: E[min] − E[U] = T + T/n − h/2 = 1 + 0.2 − 0.05 = 1.15 s, inside the 95% CI.
    const ci = meanConfidence(times);
    expect(1.15).toBeGreaterThanOrEqual(ci.lower);
    expect(1.15).toBeLessThanOrEqual(ci.upper);
    // With no delay every election succeeds at the first attempt, and writes resume at once.
    expect(r.meanTermsElapsed).toBe(1);
    expect(r.samples.every((s) => s.writeUnavailableS === s.timeToLeaderS)).toBe(true);
  });

  it('etcd ticks: campaign after R ticks with R uniform on {T..2T−1} and a random tick phase ⇒ min of uniforms on [(T−1)τ, (2T−1)τ)', () => {
    // With pre-vote on (etcd's default) the result is the same: a pre-vote round costs no time here.
    const n = 3;
    const cfg = resolveRaftConfig({ members: n, rttMs: 0, heartbeatMs: 100, electionTimeoutMs: 1000, timerMode: 'etcdTicks', preVote: true, ...zeroDelay });
    const r = runLeaderCrash(cfg, { trials, seed: 'zero-rtt-ticks' });
    const times = r.samples.map((s) => s.timeToLeaderS);
    const cdf = crashToFirstTimeoutCdf(0.9, 1.9, n - 1, 0.1);
    expect(ksDistance(times, cdf)).toBeLessThan(ksCritical);
    // The uniform-over-[T, 2T) reading without the one-tick shift is rejected by the same test.
    expect(ksDistance(times, crashToFirstTimeoutCdf(1, 2, n - 1, 0.1))).toBeGreaterThan(ksCritical);
    // Default etcd timing: every election falls in 1000–1900 ms of ticks after the last heartbeat.
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...times)).toBeLessThan(1.9);
  });
});

/**
 * Split votes with three members (two survive, both needed): follower timers restart at the same
 * instant (the leader is equidistant), so the first candidate wins only if the other times out more
 * than one one-way delay d later. With spread S of the timeouts, P(first round splits) =
 * P(|U1 − U2| < d) = 1 − (1 − d/S)². After a split both restart their timers at their own candidacy,
 * so the next difference is δ + (V1 − V2): a Markov chain on δ ∈ (−d, d) whose expected number of
 * rounds (terms) we solve numerically on a grid, independently of the simulator.
 */
function expectedRounds(spreadS: number, oneWayS: number, grid = 600): { pFirstSplit: number; meanRounds: number } {
  const h = (2 * oneWayS) / grid;
  const xs = Array.from({ length: grid }, (_, i) => -oneWayS + (i + 0.5) * h);
  const tri = (w: number) => Math.max(0, spreadS - Math.abs(w)) / (spreadS * spreadS);
  let cur = xs.map(tri);
  const pFirstSplit = cur.reduce((a, b) => a + b, 0) * h;
  let total = pFirstSplit;
  for (let k = 0; k < 200; k++) {
    const next = xs.map((y) => cur.reduce((acc, f, i) => acc + f * tri(y - xs[i]), 0) * h);
    const mass = next.reduce((a, b) => a + b, 0) * h;
    total += mass;
    cur = next;
    if (mass < 1e-9) break;
  }
  return { pFirstSplit, meanRounds: 1 + total };
}

describe('split votes when the RTT is comparable to the timeout spread', () => {
  const base = { members: 3, heartbeatMs: 75, electionTimeoutMs: 150, electionTimeoutMaxMs: 300, timerMode: 'continuous' as const, preVote: false, ...zeroDelay };

  it('closed form self-check: P(first split) = 1 − (1 − d/S)²', () => {
    expect(expectedRounds(0.15, 0.05).pFirstSplit).toBeCloseTo(1 - (2 / 3) ** 2, 3);
  });

  it('RTT 100 ms vs spread 150 ms: split fraction and mean terms match the chain (99.9% bounds)', () => {
    const trials = 3000;
    const exact = expectedRounds(0.15, 0.05);
    const r = runLeaderCrash(resolveRaftConfig({ ...base, rttMs: 100 }), { trials, seed: 'split-votes', leader: 0 });
    expect(r.censored).toBe(0);
    const se = Math.sqrt((exact.pFirstSplit * (1 - exact.pFirstSplit)) / trials);
    expect(Math.abs(r.multiTermFraction - exact.pFirstSplit)).toBeLessThan(3.29 * se);
    const terms = meanConfidence(r.samples.map((s) => s.termsElapsed), 0.999);
    expect(exact.meanRounds).toBeGreaterThanOrEqual(terms.lower);
    expect(exact.meanRounds).toBeLessThanOrEqual(terms.upper);
    expect(exact.meanRounds).toBeGreaterThan(1.8); // the effect is large, not marginal
  });

  it('RTT 1 ms vs spread 150 ms: split votes become rare (P = 1 − (1 − 0.5/150)² ≈ 0.7%)', () => {
    const r = runLeaderCrash(resolveRaftConfig({ ...base, rttMs: 1 }), { trials: 2000, seed: 'few-splits', leader: 0 });
    const p = 1 - (1 - 0.5 / 150) ** 2;
    expect(Math.abs(r.multiTermFraction - p)).toBeLessThan(3.29 * Math.sqrt((p * (1 - p)) / 2000));
  });
});

describe('write unavailability = election + one round trip to a quorum', () => {
  it('with equal RTT r and fsync f, commit follows election by exactly r + f', () => {
    const cfg = resolveRaftConfig({ members: 5, rttMs: 40, fsyncMs: 3, heartbeatMs: 100, electionTimeoutMs: 1000 });
    const r = runLeaderCrash(cfg, { trials: 200, seed: 'commit' });
    for (const s of r.samples) expect(s.writeUnavailableS - s.timeToLeaderS).toBeCloseTo(0.043, 9);
  });

  it('the nearest quorum decides: a leader with one member 2 ms away and two 140 ms away (n=3) commits after 2 ms + fsync', () => {
    // Members 0 and 1 share a region (2 ms); member 2 is 140 ms from both. Crash leader 2: 0 and 1 elect.
    const rtt = [
      [0, 2, 140],
      [2, 0, 140],
      [140, 140, 0],
    ];
    const cfg = resolveRaftConfig({ members: 3, rttMs: rtt, fsyncMs: 1 });
    const r = runLeaderCrash(cfg, { trials: 50, seed: 'nearest', leader: 2 });
    for (const s of r.samples) expect(s.writeUnavailableS - s.timeToLeaderS).toBeCloseTo(0.003, 9);
  });
});

describe('membership, quorum and partitions', () => {
  const etcd = resolveRaftConfig({ members: 3, rttMs: 10 });

  function steady(model: RaftModel, seed: string): void {
    model.reset(createStream(seed, 0, 'test'), { leader: 0 });
    model.sim.run({ untilS: 5 });
  }

  it('quorum loss: with 2 of 3 members down nobody commits; a member back restores a leader', () => {
    const model = new RaftModel(etcd);
    steady(model, 'quorum');
    model.beginEpisode();
    model.crash(0);
    model.crash(1);
    const lost = model.runEpisode(60);
    expect(lost.censored).toBe(true);
    expect(model.currentLeader()).toBe(-1);
    model.restart(1);
    model.beginEpisode();
    const regained = model.runEpisode(60);
    expect(regained.censored).toBe(false);
    expect([1, 2]).toContain(regained.leader);
    // After a restart the member waits a full randomized timeout (1–2 s) before campaigning.
    expect(regained.writeUnavailableS).toBeGreaterThan(0.9);
    expect(regained.writeUnavailableS).toBeLessThan(4);
  });

  it('pre-vote: a member partitioned for 10 s rejoins without disturbing the leader; without pre-vote it forces a new term', () => {
    const rejoin = (preVote: boolean) => {
      const model = new RaftModel(resolveRaftConfig({ members: 3, rttMs: 10, preVote }));
      steady(model, 'rejoin');
      model.setLink(2, 0, false);
      model.setLink(2, 1, false);
      model.sim.run({ untilS: 15 });
      const isolatedTerm = model.term[2];
      model.setLink(2, 0, true);
      model.setLink(2, 1, true);
      model.sim.run({ untilS: 25 });
      return { isolatedTerm, leaderTerm: model.term[model.currentLeader()], leader: model.currentLeader() };
    };
    const withPreVote = rejoin(true);
    expect(withPreVote.isolatedTerm).toBe(1);
    expect(withPreVote.leader).toBe(0);
    expect(withPreVote.leaderTerm).toBe(1);
    const without = rejoin(false);
    expect(without.isolatedTerm).toBeGreaterThan(2);
    expect(without.leaderTerm).toBeGreaterThan(without.isolatedTerm - 1);
  });

  it('check-quorum: an isolated leader steps down within about one election timeout; without it, it stays leader', () => {
    const isolate = (checkQuorum: boolean) => {
      const model = new RaftModel(resolveRaftConfig({ members: 3, rttMs: 10, checkQuorum }));
      steady(model, 'isolate');
      model.setLink(0, 1, false);
      model.setLink(0, 2, false);
      model.sim.run({ untilS: 5 + 2.2 });
      return { oldLeaderRole: model.role[0], newLeader: model.currentLeader() };
    };
    const on = isolate(true);
    expect(on.oldLeaderRole).not.toBe(LEADER);
    expect([1, 2]).toContain(on.newLeader);
    const off = isolate(false);
    expect(off.oldLeaderRole).toBe(LEADER);
  });

  it('the same seed gives the same trials; another seed different ones', () => {
    const cfg = resolveRaftConfig({ members: 5, rttMs: 30, delayJitterMs: 2 });
    const a = runLeaderCrash(cfg, { trials: 100, seed: 7 });
    const b = runLeaderCrash(cfg, { trials: 100, seed: 7 });
    const c = runLeaderCrash(cfg, { trials: 100, seed: 8 });
    expect(a.samples.map((s) => s.writeUnavailableS)).toEqual(b.samples.map((s) => s.writeUnavailableS));
    expect(a.samples.map((s) => s.writeUnavailableS)).not.toEqual(c.samples.map((s) => s.writeUnavailableS));
    // Trial i does not depend on how many trials run.
    const first = runLeaderCrash(cfg, { trials: 10, seed: 7 });
    expect(first.samples.map((s) => s.writeUnavailableS)).toEqual(a.samples.slice(0, 10).map((s) => s.writeUnavailableS));
  });
});
