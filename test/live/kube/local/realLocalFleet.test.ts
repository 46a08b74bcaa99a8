import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../../../cli/harness.js';
import { trackedCounts } from '../../../../src/live/cleanup.js';
import { findKubeBinaries } from '../../../../src/live/kube/local/binaries.js';
import { EVICTION_DEFAULTS } from '../../../../src/live/kube/local/localKubeCluster.js';
import { LocalKubeFleet } from '../../../../src/live/kube/local/localKubeFleet.js';
import { localNodes, QUICK_SETTINGS } from '../../../../src/live/kube/local/validateKubeLocal.js';
import { describeWithPrograms } from '../../../support/realProgram.js';
import { kubeNeeds, processesUnder } from './realKubeSupport.js';

/**
 * Three member control planes side by side (what `fleetsim live up` starts), read back by
 * `fleetsim import kube` through the one kubeconfig: the scenario must describe exactly the three
 * clusters, their regions, zones and nodes and the Deployment each runs, and pass `fleetsim check`.
 * About a minute and a half. Under CI a missing program fails instead of skipping.
 */
const needs = kubeNeeds();
let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'fleetsim-kube-fleet-'));
});
afterAll(() => {
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

describeWithPrograms(needs, 'live up: three member clusters on loopback', () => {
  it(
    'start side by side with one kubeconfig, import as a three-cluster scenario that passes check, and leave nothing behind',
    async () => {
      const sizes = [2, 3, 2];
      const fleet = await LocalKubeFleet.start({
        binaries: findKubeBinaries(),
        settings: { ...QUICK_SETTINGS, nodeMonitorGracePeriodS: 50, tolerationS: 300, ...EVICTION_DEFAULTS },
        members: sizes.map((n, i) => ({ context: `fleetsim-member-${i + 1}`, nodes: localNodes(n, 2, `local-${i + 1}`), replicas: 2 * (i + 1) })),
        baseDir: base,
        leaderElection: true,
      });
      const out = join(base, 'fleet.yaml');
      try {
        // Three distinct API servers, each with its own CA.
        expect(new Set(fleet.members.map((m) => m.cluster.serverUrl)).size).toBe(3);
        const imported = await cli('import', 'kube', '--kubeconfig', fleet.kubeconfigPath, ...fleet.members.flatMap((m) => ['--context', m.context]), '--out', out);
        expect(imported.code, imported.stderr).toBe(0);
      } finally {
        await fleet.stop();
      }
      const scenario = parse(readFileSync(out, 'utf8')) as {
        clusters: { name: string; region: string; zones: string[]; nodePools: { count: number }[] }[];
        workload: { services: { name: string; replicas?: number }[] };
      };
      expect(scenario.clusters.map((c) => c.region).sort()).toEqual(['local-1', 'local-2', 'local-3']);
      const byRegion = new Map(scenario.clusters.map((c) => [c.region, c]));
      sizes.forEach((n, i) => {
        const c = byRegion.get(`local-${i + 1}`)!;
        expect(c.zones.sort()).toEqual([`local-${i + 1}-a`, `local-${i + 1}-b`]);
        expect(c.nodePools.reduce((sum, p) => sum + p.count, 0)).toBe(n);
      });
      expect(scenario.workload.services.some((s) => /web/.test(s.name))).toBe(true);
      const checked = await cli('check', out);
      expect(checked.code, checked.stderr + checked.stdout).toBe(0);
      // Nothing left: no process of the run, no folder but the imported file, nothing registered for cleanup.
      expect(processesUnder(base)).toEqual([]);
      expect(readdirSync(base)).toEqual(['fleet.yaml']);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    },
    400_000,
  );
});
