import { describe, expect, it } from 'vitest';
import { electionTicks, quorumSize, requestTimeoutMs, resolveRaftConfig, rttMatrix } from '../../../src/model/etcd/config.js';

describe('etcd configuration', () => {
  it('defaults are etcd 3.5: 100 ms heartbeat, 1000 ms election timeout, pre-vote and check-quorum on', () => {
    const c = resolveRaftConfig({ members: 3, rttMs: 1 });
    expect(c).toMatchObject({ heartbeatMs: 100, electionTimeoutMs: 1000, preVote: true, checkQuorum: true, fsyncMs: 1, timerMode: 'etcdTicks', persistBeforeVoteRequest: true });
    expect(resolveRaftConfig({ members: 3, rttMs: 1, timerMode: 'continuous' }).persistBeforeVoteRequest).toBe(false);
  });

  it('quorum = floor(n/2)+1 and request timeout = 5 s + 2 × election timeout (docs/references.md)', () => {
    expect([1, 2, 3, 4, 5, 7].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4]);
    expect(requestTimeoutMs(1000)).toBe(7000);
  });

  it('counts the election timeout in whole ticks as etcd does, and refuses under 5 heartbeats', () => {
    expect(electionTicks({ electionTimeoutMs: 1050, heartbeatMs: 100 })).toBe(10);
    expect(electionTicks({ electionTimeoutMs: 1000, heartbeatMs: 100 })).toBe(10);
    expect(() => resolveRaftConfig({ members: 3, rttMs: 1, electionTimeoutMs: 400 })).toThrow(/at least 5 × heartbeatMs/);
  });

  it('checks the RTT matrix: size, symmetry, non-negative', () => {
    expect(Array.from(rttMatrix(2, 30))).toEqual([0, 30, 30, 0]);
    expect(() => rttMatrix(2, [[0, 1], [2, 0]])).toThrow(/not symmetric/);
    expect(() => rttMatrix(3, [[0, 1], [1, 0]])).toThrow(/expected 3/);
    expect(() => rttMatrix(2, -1)).toThrow(/>= 0/);
    expect(() => resolveRaftConfig({ members: 0, rttMs: 1 })).toThrow(/members/);
    expect(() => resolveRaftConfig({ members: 3, rttMs: 1, timerMode: 'continuous', electionTimeoutMs: 150, electionTimeoutMaxMs: 100 })).toThrow(/electionTimeoutMaxMs/);
  });
});
