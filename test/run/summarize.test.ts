import { describe, expect, it } from 'vitest';
import type { ReplicationResult } from '../../src/model/replication/replication.js';
import { capacityAvailability, finiteOrNull, readyCapacity, summarizeDesign } from '../../src/run/summarize.js';

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
    const f = { id: 0, kind: 'node' as const, target: 'n', source: 'stochastic' as const, startS: 100, endS: 200, detectedS: 140, failedOverS: Number.NaN, recoveredS: 460, affectedServices: [0], podsLost: 1, censored: false };
    const s = summarizeDesign(result([{ req: 1, ready: 1, zeroS: 0, bh: 0 }], [f, { ...f, recoveredS: Number.NaN, censored: true }]));
    expect(s.faults[0]).toMatchObject({ detectionS: 40, failoverS: null, recoveryS: 360, censored: false });
    expect(s.faults[1]).toMatchObject({ recoveryS: null, censored: true });
    expect(s.traffic).toBeNull();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect([finiteOrNull(Number.NaN), finiteOrNull(Infinity), finiteOrNull(-0.5)]).toEqual([null, null, -0.5]);
  });
});
