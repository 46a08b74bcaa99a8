import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestsToDesigns, parseManifestText, readManifestInputs } from '../../../src/live/kube/manifests.js';
import { parseNameList, runnableScenario, segment } from '../../../src/live/kube/manifestFleet.js';
import { parsePricedScenario } from '../../../src/cost/index.js';
import { formatError } from '../../../src/scenario/index.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { cli, cliCommand } from '../../cli/harness.js';

const FIX = join(import.meta.dirname, '../../fixtures/manifests');
const SHOP = join(FIX, 'shop');
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-import-manifests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import manifests --clusters: a runnable scenario', () => {
  const imported = manifestsToDesigns(readManifestInputs([SHOP]), 'shop');
  const notes: string[] = [];
  const scenario = runnableScenario(imported, { clusters: ['a', 'b', 'c'], regions: ['us-east-1'], rate: '50/s', name: 'shop' }, notes);
  const loaded = parsePricedScenario(stringify(scenario), 'shop.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
  const designs = resolveDesigns(loaded.scenario, resolveFleet(loaded.scenario));
  const clustersOf = (design: string, service: string) => {
    const d = designs.find((x) => x.name === design)!;
    const p = d.placement.services.find((s) => s.service === service)!;
    return ['a', 'b', 'c'].filter((_, i) => p.assigned[i] > 0);
  };

  it('replicated runs every service in every cluster, without a mesh', () => {
    for (const s of imported.services) expect(clustersOf('replicated', s.name as string)).toEqual(['a', 'b', 'c']);
    expect(loaded.scenario.designs.find((d) => d.name === 'replicated')!.traffic.mesh).toBeUndefined();
  });

  it('segmented runs each service in one cluster, uses all three, and joins them with a mesh', () => {
    const used = new Set<string>();
    for (const s of imported.services) {
      const where = clustersOf('segmented', s.name as string);
      expect(where).toHaveLength(1);
      used.add(where[0]);
    }
    expect(used).toEqual(new Set(['a', 'b', 'c']));
    expect(loaded.scenario.designs.find((d) => d.name === 'segmented')!.traffic.mesh).toBeDefined();
    // The entry in the first cluster; the Redis StatefulSet with its only caller.
    expect(clustersOf('segmented', 'frontend')).toEqual(['a']);
    expect(clustersOf('segmented', 'cart-redis')).toEqual(clustersOf('segmented', 'cart'));
  });

  it('users enter at the LoadBalancer service at the given rate; the fleet is sized for the busiest design', () => {
    expect(loaded.scenario.workload.userRegions.map((u) => [u.entryService, u.ratePerS])).toEqual([['frontend', 50]]);
    expect(notes.some((n) => /^node pools: a \d+ × m6i\.xlarge/.test(n))).toBe(true);
  });

  it('one cluster: only the replicated design, and a note says why', () => {
    const n: string[] = [];
    const one = runnableScenario(imported, { clusters: ['solo'], regions: ['eu-west-1'], rate: '5/s', name: 'x' }, n);
    expect((one.designs as Array<{ name: string }>).map((d) => d.name)).toEqual(['replicated']);
    expect(n).toContain('one cluster: no segmented design (segmentation needs two clusters or more)');
  });

  it('segment keeps a StatefulSet with its caller and balances the rest', () => {
    const where = segment(imported, ['x', 'y']);
    expect(where.get('frontend')).toBe('x');
    expect(where.get('cart-redis')).toBe(where.get('cart'));
    expect(new Set(where.values())).toEqual(new Set(['x', 'y']));
    // A datastore image run as a Deployment stays with its only caller too.
    const asDeployment = { ...imported, services: imported.services.map((s) => (s.name === 'cart-redis' ? { ...s, statefulSet: undefined } : s)) };
    expect(imported.datastores).toEqual(['cart-redis']);
    for (const clusters of [['x', 'y'], ['x', 'y', 'z'], ['p', 'q', 'r', 's']]) {
      const w = segment(asDeployment, clusters);
      expect(w.get('cart-redis')).toBe(w.get('cart'));
    }
  });

  it('a pod larger than the default machine gets a larger one; odd values in the manifests do not reach the scenario', () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: big }
spec:
  replicas: "three"
  template:
    metadata: { labels: { app: big } }
    spec:
      containers: [null, { name: c, image: x, resources: { requests: { cpu: 6, memory: [1] } } }]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: big }
spec: { minAvailable: lots, selector: { matchLabels: { app: big } } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: big }
spec: { scaleTargetRef: { kind: Deployment, name: big }, maxReplicas: 4, metrics: [null, { type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 150 } } }] }
`;
    const r = manifestsToDesigns(parseManifestText(yaml, 'big.yaml'), 'big');
    expect(r.services[0]).toMatchObject({ replicas: 1, cpu: '6000m', memory: '1Mi', concurrencyPerPod: 96, autoscaling: { minReplicas: 1, maxReplicas: 4, targetCpuUtilization: '100%' } });
    expect(r.services[0].disruptionBudget).toBeUndefined();
    expect(r.notes.some((n) => n.startsWith('big.yaml:11:1: PodDisruptionBudget big: minAvailable "lots" is not a pod count'))).toBe(true);
    const s = runnableScenario(r, { clusters: ['a', 'b'], regions: ['us-east-1'], rate: '1/s', name: 'big' }, []);
    expect((s.clusters as Array<{ nodePools: Array<{ instanceType: string }> }>)[0].nodePools[0].instanceType).toBe('m6i.4xlarge');
    const l = parsePricedScenario(stringify(s), 'big.yaml');
    expect(l.ok ? '' : l.errors.map(formatError).join('\n')).toBe('');
  });

  it('--zones keeps each cluster to the named zones of its region', () => {
    const s = runnableScenario(imported, { clusters: ['eu', 'us'], regions: ['eu-west-1', 'us-east-1'], zones: ['eu-west-1a', 'eu-west-1b', 'us-east-1c'], rate: '1/s', name: 'z' }, []);
    expect((s.clusters as Array<{ zones: string[] }>).map((c) => c.zones)).toEqual([['eu-west-1a', 'eu-west-1b'], ['us-east-1c']]);
    expect(parsePricedScenario(stringify(s), 'z.yaml').ok).toBe(true);
    expect(() => runnableScenario(imported, { clusters: ['us'], regions: ['us-east-1'], zones: ['eu-west-1a'], rate: '1/s', name: 'z' }, [])).toThrow(/--zones: none of eu-west-1a is in us-east-1 \(cluster us\); its zones are us-east-1a, us-east-1b, us-east-1c/);
  });

  it('refuses cluster lists and regions it cannot use, saying what it expected', () => {
    expect(() => parseNameList('--clusters', 'a,,b')).toThrow(/--clusters "a,,b": an empty name; expected comma-separated names/);
    expect(() => parseNameList('--clusters', 'a b')).toThrow(/"a b" is not a name/);
    expect(() => parseNameList('--clusters', 'a,a')).toThrow(/"a" is given twice/);
    expect(() => runnableScenario(imported, { clusters: ['a', 'b', 'c'], regions: ['us-east-1', 'eu-west-1'], rate: '1/s', name: 'x' }, [])).toThrow(/2 regions for 3 clusters/);
    expect(() => runnableScenario(imported, { clusters: ['a'], regions: ['mars-1'], rate: '1/s', name: 'x' }, [])).toThrow(/unknown region "mars-1"/);
  });
});

describe('fleetsim import manifests (the command)', () => {
  it('writes a scenario that check accepts and run runs (2 replications, 7 days)', async () => {
    const out = join(dir, 'shop.yaml');
    const r = await cli('import', 'manifests', SHOP, '--clusters', 'eu-1,us-1', '--regions', 'eu-west-1,us-east-1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: call frontend → cart: env CART_ADDR/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Written by fleetsim import manifests shop --clusters eu-1,us-1\. Notes:/);
    expect(text).not.toMatch(/: [&*]a\d+$/m); // no YAML aliases for shared values: every service reads on its own
    const check = await cli('check', out);
    expect(check.code).toBe(0);
    // Segmented with a mesh: no call is stranded; the default demand overloads no pool, even after a cluster failure.
    expect(check.stdout + check.stderr).not.toMatch(/without a mesh|of its capacity/);
    const run = await cli('run', out, '--replications', '2', '--horizon', '7d', '--no-report');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/replicated\s+segmented/);
  }, 60_000);

  it('reads a Helm-rendered stream from stdin (its own process)', () => {
    const { command, args } = cliCommand();
    const r = spawnSync(command, [...args, 'import', 'manifests', '-', '--clusters', 'a,b'], { input: readFileSync(join(FIX, 'shop-helm.yaml')), encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# Written by fleetsim import manifests stdin --clusters a,b\./);
    expect(r.stdout).toMatch(/name: segmented/);
    expect(r.stdout).not.toMatch(/name: loadgenerator/);
  }, 60_000);

  it('--base: designs over the base scenario\'s clusters when no Karmada policy gives any', async () => {
    const out = join(dir, 'based.yaml');
    const r = await cli('import', 'manifests', join(SHOP, 'frontend.yaml'), join(SHOP, 'cart.yaml'), '--base', join(import.meta.dirname, '../../fixtures/kube/manifests/fleet.yaml'), '--out', out);
    expect(r.code).toBe(0);
    const loaded = parsePricedScenario(readFileSync(out, 'utf8'), out);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.scenario.designs.map((d) => d.name)).toEqual(['replicated', 'segmented']);
  });

  it('bad input is exit 2 with file:line:col or the expectation', async () => {
    const notYaml = join(dir, 'notes.yaml');
    writeFileSync(notYaml, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n---\njust some text\n');
    let r = await cli('import', 'manifests', notYaml);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${notYaml}:5:1: expected a Kubernetes object`);
    const noWorkloads = join(dir, 'cm.yaml');
    writeFileSync(noWorkloads, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
    r = await cli('import', 'manifests', noWorkloads);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Deployment or StatefulSet found \(kinds seen: ConfigMap\)/);
    r = await cli('import', 'manifests', SHOP, '--clusters', 'a;b');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--clusters "a;b": "a;b" is not a name; expected comma-separated names/);
    r = await cli('import', 'manifests', SHOP, '--clusters', 'a', '--base', notYaml);
    expect(r.code).toBe(2);
    r = await cli('import', 'manifests', SHOP, '--clusters', 'a,b', '--rate', 'lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rate: expected a positive rate such as "50\/s"/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });
});
