import { describe, expect, it } from 'vitest';
import { RaftModel } from '../../../src/model/etcd/raftModel.js';
import { resolveRaftConfig } from '../../../src/model/etcd/config.js';
import { createStream } from '../../../src/engine/rng.js';

/**
 * Regression: an episode begun while the survivors of a majority loss are already campaigning must
 * count the leader elected after the restart, even when its term is no newer than the highest term
 * held when the episode began (the live adapter found 18% of such restores reported "no leader").
 */
describe('RaftModel episodes', () => {
  for (const preVote of [false, true]) {
    it(`counts a leader elected after the episode began, whatever its term (pre-vote ${preVote ? 'on' : 'off'})`, () => {
      const config = resolveRaftConfig({ members: 3, rttMs: 0.5, heartbeatMs: 50, electionTimeoutMs: 500, preVote });
      const model = new RaftModel(config);
      let censored = 0;
      for (let trial = 0; trial < 60; trial++) {
        model.reset(createStream('episode', trial, 'raft'), { leader: 0 });
        model.sim.run({ untilS: 1 });
        model.crash(0);
        model.crash(1);
        // The lone survivor campaigns (and, without pre-vote, raises its term) for two election timeouts.
        model.sim.run({ untilS: 2 });
        model.beginEpisode();
        model.restart(0);
        model.restart(1);
        const r = model.runEpisode(30);
        if (r.censored) censored++;
        else expect(r.termsElapsed).toBeGreaterThanOrEqual(1);
      }
      expect(censored).toBe(0);
    });
  }
});
