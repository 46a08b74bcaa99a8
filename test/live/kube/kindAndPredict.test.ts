import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kindConfigs } from '../../../src/live/kube/kindConfig.js';
import { predictNodeStop, predictPodKill } from '../../../src/live/kube/predictKube.js';
import { nodeInfo, workloadInfo, type ClusterSnapshot } from '../../../src/live/kube/snapshot.js';
import { loadScenario } from '../../../src/scenario/index.js';

const API = join(import.meta.dirname, '../../fixtures/kube/api/kind');
const snapshot: ClusterSnapshot = {
  context: 'kind-fleetsim-eu-1',
  nodes: (JSON.parse(readFileSync(join(API, 'nodes.json'), 'utf8')) as { items: object[] }).items.map((n) => nodeInfo(n)),
  workloads: (JSON.parse(readFileSync(join(API, 'deployments.json'), 'utf8')) as { items: object[] }).items.map((d) => workloadInfo('Deployment', d)),
};

describe('kind config', () => {
  const loaded = loadScenario(join(import.meta.dirname, '../../../scenarios/default.yaml'));
  if (!loaded.ok) throw new Error('scenarios/default.yaml does not load');
  const scenario = loaded.scenario;
  const configs = kindConfigs(scenario, { maxWorkers: 3, prefix: 'fleetsim-' });

  it('one config per simulated cluster, named for its kubectl context', () => {
    expect(configs.map((c) => c.cluster)).toEqual(scenario.clusters.map((c) => c.name));
    for (const c of configs) expect(c.context).toBe(`kind-${c.kindName}`);
  });

  it('workers carry the scenario’s zone and region labels, every zone kept when scaled down', () => {
    for (const [i, c] of configs.entries()) {
      const spec = scenario.clusters[i];
      const doc = parse(c.yaml) as { kind: string; apiVersion: string; nodes: Array<{ role: string; labels?: Record<string, string> }> };
      expect(doc.kind).toBe('Cluster');
      expect(doc.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
      const workers = doc.nodes.filter((n) => n.role === 'worker');
      const poolZones = new Set(spec.nodePools.flatMap((p) => p.zones.slice(0, p.count)));
      expect(workers.length).toBe(Math.min(3, spec.nodePools.reduce((a, p) => a + p.count, 0)));
      for (const w of workers) {
        expect(w.labels!['topology.kubernetes.io/region']).toBe(spec.region);
        expect(poolZones.has(w.labels!['topology.kubernetes.io/zone'])).toBe(true);
      }
      expect(new Set(workers.map((w) => w.labels!['topology.kubernetes.io/zone'])).size).toBe(Math.min(3, poolZones.size));
    }
  });

  it('as many control-plane nodes as etcd members (stacked etcd), one for a managed control plane, at most 3', () => {
    for (const [i, c] of configs.entries()) {
      const cp = scenario.clusters[i].controlPlane;
      const want = cp.kind === 'selfManaged' ? Math.min(3, cp.etcd.memberCount) : 1;
      expect((parse(c.yaml) as { nodes: Array<{ role: string }> }).nodes.filter((n) => n.role === 'control-plane')).toHaveLength(want);
    }
  });

  it('refuses silly worker counts', () => {
    expect(() => kindConfigs(scenario, { maxWorkers: 0, prefix: 'x-' })).toThrow(RangeError);
  });
});

describe('simulated recovery for validate kube', () => {
  it('node-stop follows the documented timeline: grace period + toleration + start-up (closed-form bounds)', () => {
    // kind fixture: kubelet v1.32 → node-monitor-grace-period 50 s; unreachable toleration 300 s;
    // detection adds up to one node-monitor period (5 s) and the lease phase (≤ 10 s); start-up is
    // lognormal median 2 s, p99 5 s; scheduling one pod at 100/s is negligible.
    const r = predictNodeStop({ snapshot, namespace: 'shop', workload: 'web', trials: 40, seed: 1, nodeName: 'fleetsim-eu-1-worker' });
    expect(r.censored).toBe(0);
    expect(r.emptyNode).toBe(0);
    for (const s of r.samplesS) {
      expect(s).toBeGreaterThan(50 - 10 + 300);
      expect(s).toBeLessThan(50 + 5 + 300 + 15);
    }
  });

  it('pod-kill is the start-up time: its median matches the lognormal median of 2 s', () => {
    const s = predictPodKill({ snapshot, namespace: 'shop', workload: 'web', trials: 2001, seed: 1, pods: 1 }).sort((a, b) => a - b);
    // One pod: 1/100 s of scheduling + start-up; the sample median of 2001 draws is within ~4% of 2 s.
    expect(s[1000]).toBeGreaterThan(2.01 * 0.92);
    expect(s[1000]).toBeLessThan(2.01 * 1.08);
  });

  it('names a node that is not a worker', () => {
    expect(() => predictNodeStop({ snapshot, namespace: 'shop', workload: 'web', trials: 1, seed: 1, nodeName: 'nope' })).toThrow(/not a worker/);
  });
});
