import { describe, expect, it } from 'vitest';
import { feltTogetherS, originsOf } from '../../src/run/byOrigin.js';
import type { DesignReplicationSummary, FaultSummary, ReplicationSummary } from '../../src/run/types.js';

/**
 * Faults grouped by origin, checked against numbers worked by hand below. Three replications of one
 * design; an incident replayed in each, a change stream with bad deploys in two, a dependency in one,
 * and a fault with no origin that must not count anywhere.
 */
const INCIDENT = 'aws-us-east-1-2021-12-07';

function fault(origin: string | undefined, kind: FaultSummary['kind'], usersOutS: number | null, startS = 0): FaultSummary {
  const hit = usersOutS !== null && usersOutS > 0;
  return {
    kind,
    source: 'scripted',
    ...(origin !== undefined ? { origin } : {}),
    target: `${kind}-target-${usersOutS}`,
    startS,
    detectionS: null,
    failoverS: null,
    recoveryS: 0,
    censored: false,
    podsLost: 0,
    usersHitS: hit ? 60 : null,
    usersBackS: usersOutS === null ? null : (usersOutS ?? 0) + 60,
    usersOutS,
    usersCensored: false,
  };
}

function design(faults: FaultSummary[], traffic = true): DesignReplicationSummary {
  // Only the fields originsOf reads are meaningful; traffic is non-null when the model ran.
  return { design: 'd', availability: 1, readyCapacity: 1, services: [], apiWritableRatio: [], traffic: traffic ? ({} as DesignReplicationSummary['traffic']) : null, faults, autoscaledNodes: 0 };
}

const reps = (n: number): ReplicationSummary[] => Array.from({ length: n }, (_, replication) => ({ replication, designs: [], showcase: null }));

const xs = [
  // Two faults of the incident felt over the same window [60, 180): one bad 120 s, not two.
  design([fault(INCIDENT, 'controlPlane', 120), fault(INCIDENT, 'nodeLaunches', 0), fault(INCIDENT, 'brownout', 120), fault('deploys', 'badChange', 300), fault(undefined, 'node', 999)]),
  design([fault(INCIDENT, 'controlPlane', 60), fault(INCIDENT, 'nodeLaunches', 0), fault('dns', 'dependency', 45)]),
  // Disjoint windows [60, 240) and [1060, 1090): 180 + 30.
  design([fault(INCIDENT, 'controlPlane', 180), fault(INCIDENT, 'nodeLaunches', 30, 1000), fault('deploys', 'badChange', 0)]),
];

describe('faults by origin', () => {
  const out = originsOf(xs, reps(3))!;

  it('orders incidents, change streams, dependencies; a fault without origin belongs to none', () => {
    expect(out.map((o) => [o.origin, o.category])).toEqual([
      [INCIDENT, 'incident'],
      ['deploys', 'change'],
      ['dns', 'dependency'],
    ]);
    expect(out.reduce((a, o) => a + o.faults, 0)).toBe(10);
  });

  it('the incident: 7 faults, 5 felt; per-replication bad seconds 120 (overlap counted once), 60, 210 → mean 130, 95% half-width t(0.975, 2) × s/√3 = 187.55', () => {
    const o = out[0];
    expect(o.faults).toBe(7);
    expect(o.usersHit).toBe(5);
    expect(o.usersOutS!.mean).toBeCloseTo(130, 9);
    // s² = (10² + 70² + 80²) / 2 = 5700; 4.302653 × √(5700 / 3) = 187.55.
    expect(o.usersOutS!.halfWidth).toBeCloseTo(4.302653 * Math.sqrt(5700 / 3), 3);
    expect(o.usersOutSpread).toMatchObject({ count: 3, medianS: 120, maxS: 210 });
    expect(o.worst).toEqual({ usersOutS: 180, kind: 'controlPlane', target: 'controlPlane-target-180', replication: 2 });
  });

  it('overlapping windows: a stretch counts at the highest density covering it', () => {
    // [0, 100) wholly bad; [50, 250) bad 100 s of 200 (density 0.5): 100 + (250 − 100) × 0.5 = 175.
    const a = { ...fault(INCIDENT, 'brownout', 100), usersHitS: 0, usersBackS: 100 };
    const b = { ...fault(INCIDENT, 'brownout', 100, 50), usersHitS: 0, usersBackS: 200 };
    expect(feltTogetherS([a, b])).toBeCloseTo(175, 9);
  });

  it('a change stream absent from a replication counts 0 there: 300, 0, 0 → mean 100', () => {
    const o = out[1];
    expect([o.faults, o.usersHit]).toEqual([2, 1]);
    expect(o.usersOutS!.mean).toBeCloseTo(100, 9);
    expect(o.worst?.replication).toBe(0);
  });

  it('no origin anywhere: nothing (results keep their form); no traffic model: counts without user-felt time', () => {
    expect(originsOf([design([fault(undefined, 'node', 5)])], reps(1))).toBeUndefined();
    const noTraffic = originsOf([design([fault(INCIDENT, 'controlPlane', null)], false)], reps(1))!;
    expect(noTraffic[0]).toMatchObject({ faults: 1, usersHit: 0, usersOutS: null, usersOutSpread: null, worst: null });
  });
});
