import { describe, expect, it } from 'vitest';
import { predictZoneFailure, zoneSnapshot } from '../../../../src/live/kube/local/predictZoneFailure.js';
import { ZONE_LAYOUT, ZONE_SETTINGS } from '../../../../src/live/kube/local/validateZoneFailure.js';
import { zoneNodes } from '../../../../src/live/kube/local/zoneFailure.js';

/** The model's taint sequence for the zone layout, through the run pipeline (kube-controller-manager's zone logic). */
describe('the model\'s zone-failure prediction', () => {
  const s = ZONE_SETTINGS;
  const trials = predictZoneFailure(ZONE_LAYOUT, s, 30, 40, 3);
  const zone = (t: (typeof trials)[number], z: string) => Object.keys(t.taintS).filter((n) => n.startsWith(`kwok-${z}-`));
  const taints = (t: (typeof trials)[number], z: string) => zone(t, z).map((n) => t.taintS[n]).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  /** Trials where every failing node turned NotReady at the same monitor pass. */
  const onePass = trials.filter((t) => new Set(Object.values(t.notReadyS)).size === 1);

  it('marks every failing node NotReady one grace period (and a monitor pass) after its last renewal', () => {
    expect(trials).toHaveLength(40);
    for (const t of trials) for (const x of Object.values(t.notReadyS)) {
      expect(x).toBeGreaterThan(s.nodeMonitorGracePeriodS - s.nodeLeaseDurationS / 4);
      expect(x).toBeLessThanOrEqual(s.nodeMonitorGracePeriodS + s.nodeMonitorPeriodS + 0.001);
    }
    // Most kills fall between two passes' observations of the last renewals: one pass marks them all.
    expect(onePass.length).toBeGreaterThan(20);
  });

  it('below the threshold and a whole zone down: the primary rate, the first taint at the next 100 ms tainting pass', () => {
    for (const t of onePass) for (const z of ['local-a', 'local-d']) {
      const ts = taints(t, z);
      const notReady = t.notReadyS[zone(t, z)[0]];
      expect(ts).toHaveLength(4);
      expect(ts[0] - notReady).toBeGreaterThanOrEqual(0);
      expect(ts[0] - notReady).toBeLessThan(0.1 + 1e-9);
      for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBeCloseTo(1 / s.evictionRateNodesPerS, 6);
    }
  });

  it('a small zone partially disrupted: no taint; a large one: the secondary rate', () => {
    for (const t of onePass) {
      expect(taints(t, 'local-b')).toEqual([]);
      const c = taints(t, 'local-c');
      expect(c).toHaveLength(5);
      for (let i = 1; i < c.length; i++) expect(c[i] - c[i - 1]).toBeCloseTo(1 / s.secondaryEvictionRateNodesPerS, 6);
    }
  });

  it('is reproducible for a seed', () => {
    expect(predictZoneFailure(ZONE_LAYOUT, s, 30, 40, 3)).toEqual(trials);
  });

  it('describes the zones the experiment creates', () => {
    const snap = zoneSnapshot(ZONE_LAYOUT);
    expect(snap.nodes).toHaveLength(24);
    expect(new Set(snap.nodes.map((n) => n.zone))).toEqual(new Set(['local-a', 'local-b', 'local-c', 'local-d']));
    expect(zoneNodes(ZONE_LAYOUT).filter((n) => n.failing).map((n) => n.group)).toEqual([...Array(4).fill('local-a-fail'), ...Array(3).fill('local-b-fail'), ...Array(5).fill('local-c-fail'), ...Array(4).fill('local-d-fail')]);
  });
});
