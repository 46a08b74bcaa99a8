import { describe, expect, it } from 'vitest';
import type { ReplicationResult } from '../../src/model/replication/replication.js';
import { LogHistogram } from '../../src/engine/stats/logHistogram.js';
import type { TrafficOutcome } from '../../src/model/traffic/types.js';
import { capacityAvailability, feltRecoveryS, finiteOrNull, readyCapacity, summarizeDesign } from '../../src/run/summarize.js';

const result = (services: { req: number; ready: number; zeroS: number; bh: number }[], faults: ReplicationResult['faults'] = []): ReplicationResult => ({
  design: 'd',
  replication: 0,
  horizonS: 1000,
  warmupS: 0,
  services: services.map((s, i) => ({ name: `s${i}`, requiredReplicas: s.req, readyRatio: s.ready, zeroReadyS: s.zeroS, blackholeRatio: s.bh, minReady: 0 })),
  clusters: [{ name: 'c', apiWritableRatio: 0.5 }],
  faults,
  autoscaledNodes: 0,
  pools: [],
  events: 0,
  etcdEpisodes: 0,
});

describe('replication summaries', () => {
  it('capacity availability: a request needs every service; each fails for its dead time plus dead endpoints', () => {
    const r = result([
      { req: 2, ready: 0.9, zeroS: 10, bh: 0.01 },
      { req: 6, ready: 0.5, zeroS: 0, bh: 0.02 },
    ]);
    expect(capacityAvailability(r)).toBeCloseTo((1 - 0.02) * (1 - 0.02), 12);
    expect(readyCapacity(r)).toBeCloseTo((2 * 0.9 + 6 * 0.5) / 8, 12);
  });

  it('turns "did not happen" into null and fault times into durations from the start', () => {
    const f = { id: 0, kind: 'node' as const, target: 'n', source: 'stochastic' as const, origin: undefined, startS: 100, endS: 200, detectedS: 140, failedOverS: Number.NaN, recoveredS: 460, affectedServices: [0], podsLost: 1, censored: false, usersHitS: Number.NaN, usersBackS: Number.NaN, usersOutS: Number.NaN, usersCensored: false };
    const s = summarizeDesign(result([{ req: 1, ready: 1, zeroS: 0, bh: 0 }], [f, { ...f, recoveredS: Number.NaN, censored: true }]));
    expect(s.faults[0]).toMatchObject({ detectionS: 40, failoverS: null, recoveryS: 360, censored: false });
    expect(s.faults[1]).toMatchObject({ recoveryS: null, censored: true });
    expect(s.traffic).toBeNull();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect([finiteOrNull(Number.NaN), finiteOrNull(Infinity), finiteOrNull(-0.5)]).toEqual([null, null, -0.5]);
  });

  it('recovery as users felt it: a duration from the start with the traffic model, null (not censored) without it', () => {
    const f = { id: 0, kind: 'cluster' as const, target: 'c', source: 'scripted' as const, origin: undefined, startS: 3600, endS: 4200, detectedS: 3630, failedOverS: Number.NaN, recoveredS: 4202.5, affectedServices: [0], podsLost: 4, censored: false, usersHitS: 3600, usersBackS: 4260, usersOutS: 660, usersCensored: false };
    const stillOut = { ...f, usersHitS: 3720, usersBackS: Number.NaN, usersOutS: 1000, usersCensored: true };
    const never = { ...f, usersHitS: Number.NaN, usersBackS: f.startS, usersOutS: 0 };
    // A first impact of 2 minutes and a relapse of 2 minutes an hour later: 4 minutes felt, though back only at the end.
    const relapse = { ...f, usersHitS: 3600, usersBackS: 3600 + 3720, usersOutS: 240 };
    const latency = { p50S: 0.01, p95S: 0.02, p99S: 0.03, meanS: 0.01, histogram: new LogHistogram().toJSON() };
    const traffic: TrafficOutcome = {
      requests: 100,
      failedRequests: 1,
      availability: 0.99,
      failedBy: { unroutable: 1, deadEndpoint: 0, shed: 0, noReplica: 0, impaired: 0, timeout: 0 },
      sloViolationMinutes: 10,
      errorBudgetUsedRatio: 10,
      latency,
      byUserRegion: [],
      bytes: { interZoneBytes: 0, interRegionBytes: 0, internetEgressBytes: 0, byCluster: [] },
      clusters: [],
      residencyViolations: 0,
    };
    const withTraffic = summarizeDesign({ ...result([{ req: 1, ready: 1, zeroS: 0, bh: 0 }], [f, stillOut, never, relapse]), traffic });
    expect(withTraffic.faults.map((x) => [x.recoveryS, x.usersHitS, x.usersBackS, x.usersCensored, feltRecoveryS(x)])).toEqual([
      [602.5, 0, 660, false, 660],
      [602.5, 120, null, true, null],
      [602.5, null, 0, false, 0],
      [602.5, 0, 3720, false, 240],
    ]);
    const without = summarizeDesign(result([{ req: 1, ready: 1, zeroS: 0, bh: 0 }], [f]));
    expect(without.faults[0]).toMatchObject({ recoveryS: 602.5, usersHitS: null, usersBackS: null, usersCensored: false });
    expect(feltRecoveryS(without.faults[0])).toBeNull();
  });
});
