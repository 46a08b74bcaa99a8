import { describe, expect, it } from 'vitest';
import { resolveRaftConfig } from '../../../src/model/etcd/config.js';
import { runLeaderCrash } from '../../../src/model/etcd/leaderCrash.js';

/**
 * Reproduction of Ongaro & Ousterhout 2014 ("In Search of an Understandable Consensus Algorithm",
 * USENIX ATC, §9.3 and Figure 16): five servers, the leader crashed uniformly within its heartbeat
 * interval (half the minimum election timeout), time until a new leader is elected; 1000 trials per
 * timeout range (100 for 150–150 ms). The paper's own words give these numbers:
 *   - 150–155 ms: median downtime 287 ms;
 *   - 150–200 ms: worst case over 1000 trials 513 ms;
 *   - 12–24 ms: 35 ms on average, longest trial 152 ms;
 *   - 150–150 ms (no randomness): "consistently took longer than 10 seconds";
 *   - smallest possible downtime about half the minimum election timeout.
 *
 * Setup assumptions (the paper gives only "a broadcast time of roughly 15ms"): continuous timers and
 * the paper's Figure 2 rules (no pre-vote, no check-quorum, a candidate sends its requests while it
 * persists its vote, a voter persists before replying); 0.5 ms network RTT (one LAN), 10 ms disk
 * write before a vote reply, and 0–4 ms of uniform per-message delay jitter, i.e. a broadcast of
 * ≈ 12–15 ms. Equal log lengths: the paper's trials had differing lengths but do not say how much;
 * our strict-order variant (logLengths "distinct", half the survivors ineligible) gives a 150–155 ms
 * median of ≈ 155 ms, below the paper's. If the 15 ms is instead taken as pure network RTT with the
 * candidate persisting first (etcd's rule), 150–155 ms splits far more often (median ≈ 1.3 s): the
 * result depends strongly on how the broadcast time splits, which the paper does not report.
 *
 * Tolerances: means ±25% (differences of implementation the paper does not describe, plus sampling
 * error of a few percent); maxima of 1000 trials are single extreme draws, so −25% to +35% for
 * 150–200 and ±45% for 12–24. The 150–155 distribution is bimodal (about half the trials elect at
 * the first attempt, ~130–170 ms; most others after one split vote, ~250–300 ms), so its median
 * jumps between the modes with the seed; we compare in probability instead: the paper puts 50% of
 * trials at or below 287 ms, the model 60–64% (seeds 1–6), and the test accepts 35–65%.
 */
function paperConfig(minMs: number, maxMs: number) {
  return resolveRaftConfig({
    members: 5,
    rttMs: 0.5,
    fsyncMs: 10,
    delayJitterMs: 4,
    heartbeatMs: minMs / 2,
    electionTimeoutMs: minMs,
    electionTimeoutMaxMs: maxMs,
    timerMode: 'continuous',
    preVote: false,
    checkQuorum: false,
    logLengths: 'equal',
  });
}

const within = (value: number, target: number, below: number, above: number) => {
  expect(value).toBeGreaterThanOrEqual(target * (1 - below));
  expect(value).toBeLessThanOrEqual(target * (1 + above));
};

describe('Raft paper, Figure 16: time to detect and replace a crashed leader', () => {
  it('150–155 ms: the paper\'s median 287 ms lies between our 35th and 65th percentiles; smallest downtime ≈ half the minimum timeout', () => {
    const r = runLeaderCrash(paperConfig(150, 155), { trials: 1000, seed: 'raft-paper' });
    const atOrBelow = r.samples.filter((s) => s.timeToLeaderS <= 0.287).length / r.trials;
    expect(atOrBelow).toBeGreaterThanOrEqual(0.35);
    expect(atOrBelow).toBeLessThanOrEqual(0.65);
    // Split votes are common here, and the first attempt still wins often.
    expect(r.multiTermFraction).toBeGreaterThan(0.3);
    expect(r.multiTermFraction).toBeLessThan(0.7);
    // Half of 150 ms, plus at most one broadcast (~15 ms) to collect the votes.
    expect(r.timeToLeaderS.min * 1000).toBeGreaterThanOrEqual(75);
    expect(r.timeToLeaderS.min * 1000).toBeLessThanOrEqual(75 + 20);
  });

  it('150–200 ms: worst of 1000 trials 513 ms (−25%/+35%)', () => {
    const r = runLeaderCrash(paperConfig(150, 200), { trials: 1000, seed: 'raft-paper' });
    within(r.timeToLeaderS.max * 1000, 513, 0.25, 0.35);
  });

  it('12–24 ms: mean 35 ms (±25%), longest 152 ms (±45%)', () => {
    const r = runLeaderCrash(paperConfig(12, 24), { trials: 1000, seed: 'raft-paper' });
    within(r.timeToLeaderS.mean * 1000, 35, 0.25, 0.25);
    within(r.timeToLeaderS.max * 1000, 152, 0.45, 0.45);
  });

  it('randomness matters: 150–150 ms often needs more than 10 s, 150–155 ms never does', () => {
    // Only delivery jitter separates the timers at 150–150 ms. The paper saw > 10 s in every trial;
    // the model in a good third of them (the rest escape through the 4 ms of jitter), a qualitative match.
    const fixed = runLeaderCrash(paperConfig(150, 150), { trials: 100, seed: 'raft-paper', maxEpisodeS: 10 });
    const slowFixed = fixed.samples.filter((s) => s.censored).length / fixed.trials;
    expect(slowFixed).toBeGreaterThan(0.25);
    const five = runLeaderCrash(paperConfig(150, 155), { trials: 1000, seed: 'raft-paper', maxEpisodeS: 10 });
    expect(five.censored).toBe(0);
    // More randomness, shorter tail: p99 falls from 5 ms to 50 ms of randomness.
    const fifty = runLeaderCrash(paperConfig(150, 200), { trials: 1000, seed: 'raft-paper' });
    expect(fifty.timeToLeaderS.p99).toBeLessThan(five.timeToLeaderS.p99 / 2);
  });

  it('bottom graph: downtime scales with the minimum election timeout', () => {
    const medians = [
      [12, 24],
      [25, 50],
      [50, 100],
      [100, 200],
      [150, 300],
    ].map(([lo, hi]) => runLeaderCrash(paperConfig(lo, hi), { trials: 300, seed: 'raft-paper' }).timeToLeaderS.median);
    for (let i = 1; i < medians.length; i++) expect(medians[i]).toBeGreaterThan(medians[i - 1]);
  });
});
