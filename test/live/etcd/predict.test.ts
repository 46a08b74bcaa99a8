import { describe, expect, it } from 'vitest';
import { liveRaftConfig, minorityCount, predict } from '../../../src/live/etcd/predict.js';
import { runLeaderCrash } from '../../../src/model/etcd/leaderCrash.js';

const config = liveRaftConfig({ members: 3, heartbeatMs: 50, electionTimeoutMs: 500, preVote: false, rttMs: 0.1, fsyncMs: 1 });

describe('predictions for the live experiments', () => {
  it('minority kill: the leader keeps its quorum in every trial, so no outage', () => {
    expect(minorityCount(3)).toBe(1);
    expect(minorityCount(5)).toBe(2);
    const p = predict('minority-kill', config, { trials: 50, seed: 1 });
    expect(p.censored).toBe(0);
    expect(p.samplesMs).toEqual(Array(50).fill(0));
  });

  it('leader kill: bounded by the randomized timeout, and the same distribution as `fleetsim etcd` (same model)', () => {
    const p = predict('leader-kill', config, { trials: 1000, seed: 3 });
    expect(p.censored).toBe(0);
    // A follower campaigns after at least T ticks of its own clock since the last heartbeat: T − 1
    // heartbeats after it at the earliest (its tick phase), and the crash comes up to one heartbeat
    // after that heartbeat, so nothing happens before T − 2 ticks = 400 ms. A first-round election ends
    // before 2T plus message and fsync times; split votes (pre-vote off) add rounds.
    expect(Math.min(...p.samplesMs)).toBeGreaterThan(400);
    const sorted = [...p.samplesMs].sort((a, b) => a - b);
    expect(sorted[Math.floor(0.9 * sorted.length)]).toBeLessThan(1000 + 20);
    const reference = runLeaderCrash(config, { trials: 1000, seed: 4 }).writeUnavailableS;
    const median = sorted[500];
    expect(Math.abs(median - reference.median * 1000)).toBeLessThan(0.06 * median);
  });

  it('partitioning the leader costs about what killing it does (check-quorum: followers time out the same way)', () => {
    const kill = predict('leader-kill', config, { trials: 500, seed: 5 }).samplesMs.sort((a, b) => a - b);
    const cut = predict('leader-partition', config, { trials: 500, seed: 5 }).samplesMs.sort((a, b) => a - b);
    expect(Math.abs(kill[250] - cut[250])).toBeLessThan(50);
  });

  it('majority restore: writes return after the restart, and never from the restart instant itself', () => {
    const p = predict('majority-restore', config, { trials: 300, seed: 2, holdMs: 1000 });
    expect(p.censored).toBe(0);
    expect(Math.min(...p.samplesMs)).toBeGreaterThan(0);
    // The lone survivor keeps campaigning every [T, 2T); its next vote request lands within 2T of the restart.
    const sorted = [...p.samplesMs].sort((a, b) => a - b);
    expect(sorted[Math.floor(0.9 * sorted.length)]).toBeLessThan(1000 + 50);
  });

  it('is deterministic in the seed', () => {
    expect(predict('leader-pause', config, { trials: 20, seed: 9 })).toEqual(predict('leader-pause', config, { trials: 20, seed: 9 }));
  });
});
