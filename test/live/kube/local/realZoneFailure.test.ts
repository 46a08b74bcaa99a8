import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedCounts } from '../../../../src/live/cleanup.js';
import { SMALL_ZONE_RACE_TAINTS, validateZoneFailure, ZONE_LAYOUT, ZONE_SETTINGS } from '../../../../src/live/kube/local/validateZoneFailure.js';
import { describeWithPrograms } from '../../../support/realProgram.js';
import { kubeNeeds, processesUnder } from './realKubeSupport.js';

/**
 * The zone-failure experiment against the real Kubernetes control plane (scripts/kube/build.sh),
 * beside the model: four zones, each showing one branch of kube-controller-manager's zone logic
 * (primary rate, nothing, secondary rate, primary rate), in one run of about two minutes. Under CI
 * a missing program fails instead of skipping.
 */
const needs = kubeNeeds();
let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fleetsim-kube-zone-'));
});
afterAll(() => {
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

describeWithPrograms(needs, 'validate kube --local --experiment zone-failure on a real control plane', () => {
  it(
    'taints at the primary rate, not at all, at the secondary rate and at the primary rate, as the model does, and leaves nothing behind',
    async () => {
      const report = await validateZoneFailure({
        settings: ZONE_SETTINGS,
        zones: ZONE_LAYOUT,
        pollMs: 100,
        windowS: 30,
        timeoutMs: 120_000,
        simTrials: 200,
        seed: '1',
        gapToleranceS: 0.1,
        firstTaintToleranceS: 2.5,
        baseDir: base,
      });
      console.log(JSON.stringify({ nodes: report.run.nodes, checks: report.checks, model: report.model }, null, 1));
      const zone = (z: string) => report.run.nodes.filter((n) => n.zone === z);
      // The real controller's own behaviour, independent of the model.
      for (const n of report.run.nodes) {
        expect(n.lastRenewMs).toBeLessThanOrEqual(0);
        expect(n.notReadyMs - n.lastRenewMs).toBeGreaterThan(ZONE_SETTINGS.nodeMonitorGracePeriodS * 1000);
      }
      // Small zone: nothing (or the race: one taint during the verdict pass, two when a loaded machine stretches the pass past the 2 s primary interval; all three would be the primary rate).
      expect(zone('local-b').filter((n) => Number.isFinite(n.taintMs)).length).toBeLessThanOrEqual(SMALL_ZONE_RACE_TAINTS);
      for (const z of ['local-a', 'local-c', 'local-d']) expect(zone(z).every((n) => Number.isFinite(n.taintMs)), z).toBe(true);
      // And the model's.
      for (const c of report.checks.filter((x) => x.judged)) expect(c, `${c.zone} ${c.name}`).toMatchObject({ agree: true });
      expect(report.agree).toBe(true);
      expect(processesUnder(base)).toEqual([]);
      expect(readdirSync(base)).toEqual([]);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    },
    240_000,
  );
});
