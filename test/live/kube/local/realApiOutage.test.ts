import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedCounts } from '../../../../src/live/cleanup.js';
import { validateApiOutage } from '../../../../src/live/kube/local/validateApiOutage.js';
import { QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';
import { describeWithPrograms } from '../../../support/realProgram.js';
import { kubeNeeds, processesUnder } from './realKubeSupport.js';

/**
 * The API-outage experiment against the real control plane (scripts/kube/build.sh), beside the
 * model: kube-apiserver down 25 s (longer than the 20 s grace period), a node killed 1 s in, the
 * controllers under leader election and a kubelet-style supervisor. About two minutes. Under CI a
 * missing program fails instead of skipping.
 */
const needs = kubeNeeds();
let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fleetsim-kube-outage-'));
});
afterAll(() => {
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

describeWithPrograms(needs, 'validate kube --local: API outage on a real control plane', () => {
  it(
    'the controllers exit and come back, healthy nodes stay Ready, the dead node gets a fresh grace period, and the model agrees',
    async () => {
      const report = await validateApiOutage({
        settings: QUICK_SETTINGS,
        nodes: 3,
        zones: 3,
        replicas: 6,
        outageS: 25,
        pollMs: 100,
        timeoutMs: 240_000,
        simTrials: 200,
        seed: '1',
        heartbeatToleranceS: 1,
        recoveryToleranceS: 1.5,
        baseDir: base,
      });
      const t = report.timeline;
      console.log(JSON.stringify({ timeline: t, checks: report.checks }, null, 1));
      // The real control plane's own order of events.
      expect(t.podsOnNode).toBeGreaterThan(0);
      expect(t.apiBackMs).toBeGreaterThanOrEqual(25_000);
      expect(t.controllerExitsMs.length).toBeGreaterThanOrEqual(1); // kube-controller-manager lost its lease and exited
      expect(t.controllerExitsMs[0]).toBeLessThan(t.apiBackMs);
      expect(t.controllersBackMs).toBeGreaterThan(t.apiBackMs);
      expect(t.notReadyMs).toBeGreaterThan(t.controllersBackMs);
      expect(t.evictedMs).toBeGreaterThan(t.taintMs);
      // And the model's.
      for (const c of report.checks) expect(c, c.name).toMatchObject({ agree: true });
      expect(report.agree).toBe(true);
      // Nothing left: no process of the run, no folder, nothing registered for cleanup.
      expect(processesUnder(base)).toEqual([]);
      expect(readdirSync(base)).toEqual([]);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    },
    400_000,
  );
});
