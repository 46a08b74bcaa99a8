import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedCounts } from '../../../../src/live/cleanup.js';
import { KUBE_PROGRAMS, kubeBinDir } from '../../../../src/live/kube/local/binaries.js';
import { QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';
import { validateSchedulerThroughput } from '../../../../src/live/kube/local/validateSchedulerThroughput.js';
import { describeWithPrograms, realProgram } from '../../../support/realProgram.js';

/**
 * The scheduler-throughput experiment against the real Kubernetes control plane (built by
 * scripts/kube/build.sh; .ci/run builds it): 90 replicas on 3 KWOK nodes, the node with 30 of them
 * killed, 20 s grace and 10 s tolerations: about a minute. Under CI a missing program fails.
 */
const bin = kubeBinDir();
const needs = [
  realProgram({ program: 'openssl', install: 'apt-get install -y openssl' }),
  ...KUBE_PROGRAMS.map((p) => realProgram({ program: p, candidates: [join(bin, p)], install: 'scripts/kube/build.sh' })),
];
let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fleetsim-kube-real-'));
});
afterAll(() => {
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

function processesUnder(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-f', dir], { encoding: 'utf8' }).trim().split('\n').filter((l) => l !== '');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describeWithPrograms(needs, 'validate kube --local: scheduler throughput after a mass eviction on a real control plane', () => {
  it(
    'times deletion, creation, binding and Ready of every evicted pod, agrees with the model, and leaves nothing behind',
    async () => {
      const report = await validateSchedulerThroughput({
        settings: QUICK_SETTINGS,
        nodes: 3,
        zones: 3,
        replicas: 90,
        pollMs: 100,
        timeoutMs: 120_000,
        simTrials: 50,
        seed: '1',
        stageToleranceS: 1,
        rateTolerance: 0.25,
        baseDir: base,
      });
      console.log(JSON.stringify({ initial: report.initial, stages: report.stages, lags: report.lags, checks: report.checks, rateChecks: report.rateChecks }, null, 1));
      const [deleted, created, scheduled, ready] = report.stages;
      // The real chain's own order, stage by stage, for every one of the node's pods.
      expect(report.podsOnNode).toBeGreaterThanOrEqual(20);
      for (const g of report.stages) expect(g.pods, g.stage).toBe(report.podsOnNode);
      expect(deleted.firstS).toBeGreaterThan(QUICK_SETTINGS.tolerationS);
      expect(created.firstS).toBeGreaterThanOrEqual(deleted.firstS);
      expect(scheduled.firstS).toBeGreaterThanOrEqual(created.firstS);
      expect(ready.firstS - scheduled.firstS).toBeGreaterThanOrEqual(QUICK_SETTINGS.podStartupMs / 1000 - 0.01);
      // The taint-eviction controller's client: kube-controller-manager's 20 requests/s, three a pod,
      // so the first deletion waits for 2k + 1 − 30 tokens; deletions then go one per 50 ms.
      expect(deleted.perS).toBeGreaterThan(15);
      expect(deleted.perS).toBeLessThan(25);
      expect(deleted.firstS - QUICK_SETTINGS.tolerationS).toBeGreaterThan((2 * report.podsOnNode + 1 - 30) / 20 - 0.5);
      // The ReplicaSet controller's: 30 in slow-start batches (API round trips), then 20 per second.
      expect(report.initial.first30S).toBeLessThan(1.5);
      expect(report.initial.perSAfterBurst).toBeGreaterThan(15);
      expect(report.initial.perSAfterBurst).toBeLessThan(25);
      // And the model's.
      for (const c of [...report.checks, ...report.rateChecks]) expect(c, c.name).toMatchObject({ agree: true });
      expect(report.agree).toBe(true);
      // Nothing left: no process of the run, no folder, nothing registered for cleanup.
      expect(processesUnder(base)).toEqual([]);
      expect(readdirSync(base)).toEqual([]);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    },
    180_000,
  );
});
