import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedCounts } from '../../../../src/live/cleanup.js';
import { QUICK_SETTINGS, validateKubeLocal } from '../../../../src/live/kube/local/validateKubeLocal.js';
import { describeWithPrograms } from '../../../support/realProgram.js';
import { kubeNeeds, processesUnder } from './realKubeSupport.js';

/**
 * The node-failure experiment against the real Kubernetes control plane (built by
 * scripts/kube/build.sh; .ci/run builds it), beside the model: a 20 s grace period and 10 s
 * tolerations keep it to about a minute. Under CI a missing program fails instead of skipping.
 */
const needs = kubeNeeds();
let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fleetsim-kube-real-'));
});
afterAll(() => {
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

describeWithPrograms(needs, 'validate kube --local: node failure on a real control plane', () => {
  it(
    'times NotReady, taint, eviction and replacement, agrees with the model, and leaves nothing behind',
    async () => {
      const lines: string[] = [];
      const report = await validateKubeLocal({
        settings: QUICK_SETTINGS,
        nodes: 3,
        zones: 3,
        replicas: 6,
        pollMs: 100,
        timeoutMs: 180_000,
        simTrials: 200,
        seed: '1',
        heartbeatToleranceS: 1,
        recoveryToleranceS: 1.5,
        baseDir: base,
        onProgress: (l) => lines.push(l),
      });
      const t = report.timeline;
      console.log(JSON.stringify({ timeline: t, checks: report.checks }, null, 1));
      // The real control plane's own order of events.
      expect(t.podsOnNode).toBeGreaterThan(0);
      expect(t.lastRenewMs).toBeLessThanOrEqual(0);
      expect(t.lastRenewMs).toBeGreaterThan(-(QUICK_SETTINGS.nodeLeaseDurationS / 4 + 1) * 1000);
      expect(t.notReadyMs - t.lastRenewMs).toBeGreaterThan(QUICK_SETTINGS.nodeMonitorGracePeriodS * 1000);
      expect(t.taintMs).toBeGreaterThanOrEqual(t.notReadyMs);
      expect(t.evictedMs - t.taintMs).toBeGreaterThan((QUICK_SETTINGS.tolerationS - 1) * 1000);
      expect(t.allReadyMs).toBeGreaterThan(t.evictedMs);
      // And the model's.
      for (const c of report.checks) expect(c, c.name).toMatchObject({ agree: true });
      expect(report.agree).toBe(true);
      // Nothing left: no process of the run, no folder, nothing registered for cleanup.
      expect(processesUnder(base)).toEqual([]);
      expect(readdirSync(base)).toEqual([]);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    },
    300_000,
  );
});
