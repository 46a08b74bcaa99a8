import { describe, expect, it } from 'vitest';
import { resolveRaftConfig } from '../../../src/model/etcd/config.js';
import { EtcdCluster } from '../../../src/model/etcd/etcdCluster.js';
import { quorumAvailability, steadyStateUp } from '../../../src/model/etcd/availability.js';
import { Simulator } from '../../../src/engine/simulator.js';
import { createStream } from '../../../src/engine/rng.js';
import { meanConfidence } from '../../../src/engine/stats/confidence.js';

const etcd3 = resolveRaftConfig({ members: 3, rttMs: 2 });

describe('EtcdCluster: event-driven, episodes only when the leader loses its quorum', () => {
  it('a follower failing and returning costs no episode; writes stay available', () => {
    const c = new EtcdCluster({ raft: etcd3, stream: createStream(1, 0, 'etcd/c1'), initialLeader: 0 });
    const down = c.memberDown(100, 1);
    expect(down).toMatchObject({ writeAvailable: true, leader: 0, episode: false });
    const up = c.memberUp(200, 1);
    expect(up).toMatchObject({ writeAvailable: true, leader: 0, episode: false });
    expect(c.episodes).toBe(0);
    expect(c.writeUnavailableSecondsUntil(1e6)).toBe(0);
  });

  it('the leader failing: writes stop at once and resume after an election (etcd defaults: ~1–2 s)', () => {
    const c = new EtcdCluster({ raft: etcd3, stream: createStream(1, 0, 'etcd/c1'), initialLeader: 0 });
    const r = c.memberDown(100, 0);
    expect(r.episode).toBe(true);
    expect(r.writeAvailable).toBe(false);
    expect([1, 2]).toContain(r.leader);
    const gapS = r.writeAvailableAtS - 100;
    expect(gapS).toBeGreaterThan(0.8); // at least (T − 1 tick) − one heartbeat
    expect(gapS).toBeLessThan(4);
    expect(c.writeAvailableAt(100 + gapS / 2)).toBe(false);
    expect(c.leaderAt(100 + gapS / 2)).toBe(-1);
    expect(c.writeAvailableAt(r.writeAvailableAtS)).toBe(true);
    expect(c.leaderAt(r.writeAvailableAtS)).toBe(r.leader);
    expect(c.writeUnavailableSecondsUntil(1000)).toBeCloseTo(gapS, 12);
    // Serializable reads never stopped: two members were up throughout.
    expect(c.apiStateAt(100 + gapS / 2)).toEqual({ writes: false, linearizableReads: false, serializableReads: true });
  });

  it('quorum lost: unavailable until a member returns; then an election', () => {
    const c = new EtcdCluster({ raft: etcd3, stream: createStream(2, 0, 'etcd/c1'), initialLeader: 0 });
    c.memberDown(10, 1);
    const lost = c.memberDown(20, 2);
    expect(lost.writeAvailableAtS).toBe(Number.POSITIVE_INFINITY);
    expect(c.hasQuorum()).toBe(false);
    const back = c.memberUp(50, 2);
    expect(back.episode).toBe(true);
    expect(back.writeAvailableAtS).toBeGreaterThan(50);
    expect(back.writeAvailableAtS).toBeLessThan(50 + 4);
    expect(c.writeUnavailableSecondsUntil(100)).toBeCloseTo(back.writeAvailableAtS - 20, 12);
  });

  it('a partition isolating the leader: the majority elects; healing changes nothing', () => {
    const c = new EtcdCluster({ raft: etcd3, stream: createStream(3, 0, 'etcd/c1'), initialLeader: 0 });
    c.linkDown(10, 0, 1);
    const cut = c.linkDown(10, 0, 2);
    expect(cut.episode).toBe(true);
    expect([1, 2]).toContain(cut.leader);
    // Leader isolated: followers wait out their lease, so this takes about an election timeout.
    expect(cut.writeAvailableAtS - 10).toBeGreaterThan(0.8);
    const t = cut.writeAvailableAtS + 5;
    expect(c.linkUp(t, 0, 1).episode).toBe(false);
    expect(c.linkUp(t, 0, 2)).toMatchObject({ episode: false, writeAvailable: true, leader: cut.leader });
  });

  it('rejects changes out of time order', () => {
    const c = new EtcdCluster({ raft: etcd3, stream: createStream(1, 0, 'etcd/c1') });
    c.memberDown(10, 1);
    expect(() => c.memberUp(5, 1)).toThrow(/time order/);
  });

  it('is deterministic for a stream', () => {
    const run = () => {
      const c = new EtcdCluster({ raft: etcd3, stream: createStream(9, 1, 'etcd/c1') });
      return [c.memberDown(1, 0).writeAvailableAtS, c.memberUp(60, 0).writeAvailableAtS, c.memberDown(70, 1).writeAvailableAtS];
    };
    expect(run()).toEqual(run());
  });
});

describe('k-of-n: independent exponential failures give the binomial quorum availability', () => {
  it('3 members, MTBF 10 h, MTTR 2 h: long-run quorum availability inside the 95% CI of 20 replications', () => {
    const mtbfS = 10 * 3600;
    const mttrS = 2 * 3600;
    const horizonS = 2000 * 3600;
    const exact = quorumAvailability(3, steadyStateUp(mtbfS, mttrS)); // 3p² − 2p³ with p = 5/6: 0.9259
    const quorumUp: number[] = [];
    const writable: number[] = [];
    let episodes = 0;
    for (let rep = 0; rep < 20; rep++) {
      const sim = new Simulator();
      const failures = createStream('k-of-n', rep, 'failures');
      const cluster = new EtcdCluster({ raft: etcd3, stream: createStream('k-of-n', rep, 'etcd/cluster') });
      let noQuorumS = 0;
      let lostAtS = -1;
      const draw = (meanS: number) => -meanS * Math.log(1 - failures.next());
      const track = () => {
        const q = cluster.hasQuorum();
        if (!q && lostAtS < 0) lostAtS = sim.now;
        if (q && lostAtS >= 0) {
          noQuorumS += sim.now - lostAtS;
          lostAtS = -1;
        }
      };
      let UP = 0;
      const DOWN = sim.register('member-down', (m) => {
        cluster.memberDown(sim.now, m);
        track();
        sim.after(draw(mttrS), UP, m);
      });
      UP = sim.register('member-up', (m) => {
        cluster.memberUp(sim.now, m);
        track();
        sim.after(draw(mtbfS), DOWN, m);
      });
      for (let m = 0; m < 3; m++) sim.after(draw(mtbfS), DOWN, m);
      sim.run({ untilS: horizonS });
      if (lostAtS >= 0) noQuorumS += horizonS - lostAtS;
      quorumUp.push(1 - noQuorumS / horizonS);
      writable.push(1 - cluster.writeUnavailableSecondsUntil(horizonS) / horizonS);
      episodes += cluster.episodes;
    }
    const ci = meanConfidence(quorumUp);
    expect(exact).toBeCloseTo(0.925926, 5);
    expect(exact).toBeGreaterThanOrEqual(ci.lower);
    expect(exact).toBeLessThanOrEqual(ci.upper);
    expect(ci.halfWidth).toBeLessThan(0.01);
    // Writes additionally stop for each election: a little less than quorum availability, by about
    // (elections per second) × (~1.5 s per election).
    const gap = meanConfidence(quorumUp.map((q, i) => q - writable[i]));
    expect(gap.mean).toBeGreaterThan(0);
    const perElectionS = (gap.mean * horizonS * 20) / episodes;
    expect(perElectionS).toBeGreaterThan(0.8);
    expect(perElectionS).toBeLessThan(3);
  });
});
