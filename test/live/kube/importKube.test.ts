import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig, readClusterSnapshot, quantityValue, podRequests, type ClusterSnapshot } from '../../../src/live/kube/snapshot.js';
import { snapshotsToScenario, scenarioName } from '../../../src/live/kube/importScenario.js';
import { parseScenario, formatError } from '../../../src/scenario/index.js';

/**
 * CONTRACT TEST. A loopback HTTP server replays Kubernetes API responses (test/fixtures/kube/api/,
 * written in the exact shape the API server returns for NodeList, DeploymentList and
 * StatefulSetList) to the real @kubernetes/client-node client. It checks that we call the API the
 * way a server expects (paths, verbs) and read what it returns; it is not a test against a live
 * cluster (that is the kind path in docs/live.md).
 * (client-node refuses plain HTTP unless the cluster entry says insecure-skip-tls-verify, as here.)
 */
const FIXTURES = join(import.meta.dirname, '../../fixtures/kube/api');
const ROUTES: Record<string, string> = {
  '/api/v1/nodes': 'nodes.json',
  '/apis/apps/v1/deployments': 'deployments.json',
  '/apis/apps/v1/statefulsets': 'statefulsets.json',
};

interface Replay {
  server: Server;
  port: number;
  requests: string[];
}

function replay(dir: string): Promise<Replay> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    requests.push(`${req.method} ${path}`);
    const file = ROUTES[path];
    if (req.method !== 'GET' || file === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(readFileSync(join(FIXTURES, dir, file)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, requests })));
}

let eks: Replay;
let kind: Replay;
let dir: string;
let kubeconfigPath: string;
let snapshots: ClusterSnapshot[];

beforeAll(async () => {
  eks = await replay('eks');
  kind = await replay('kind');
  dir = mkdtempSync(join(tmpdir(), 'fleetsim-kube-'));
  kubeconfigPath = join(dir, 'config');
  writeFileSync(
    kubeconfigPath,
    `apiVersion: v1
kind: Config
clusters:
- name: eks
  cluster: { server: "http://127.0.0.1:${eks.port}", insecure-skip-tls-verify: true }
- name: kind
  cluster: { server: "http://127.0.0.1:${kind.port}", insecure-skip-tls-verify: true }
users:
- name: u
  user: { token: test-token }
contexts:
- name: prod-us
  context: { cluster: eks, user: u }
- name: kind-fleetsim-eu-1
  context: { cluster: kind, user: u }
current-context: prod-us
`,
  );
  const kc = await loadKubeConfig(kubeconfigPath);
  snapshots = [await readClusterSnapshot(kc, 'prod-us'), await readClusterSnapshot(kc, 'kind-fleetsim-eu-1')];
});

afterAll(async () => {
  await Promise.all([eks, kind].filter(Boolean).map((r) => new Promise<void>((res) => r.server.close(() => res()))));
  rmSync(dir, { recursive: true, force: true });
});

describe('quantities', () => {
  it('reads Kubernetes quantities in their base units', () => {
    expect(quantityValue('250m')).toBeCloseTo(0.25, 12);
    expect(quantityValue('15136000Ki')).toBe(15136000 * 1024);
    expect(quantityValue('2Gi')).toBe(2 ** 31);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('1G')).toBe(1e9);
    expect(quantityValue('12 cores')).toBeNaN();
  });
  it('sums container requests; a pod with none has undefined requests', () => {
    expect(podRequests([{ resources: { requests: { cpu: '500m', memory: '512Mi' } } }, { resources: { requests: { cpu: '100m', memory: '64Mi' } } }])).toEqual({ cpuMillicores: 600, memoryBytes: 576 * 2 ** 20 });
    expect(podRequests([{ resources: {} }])).toEqual({ cpuMillicores: undefined, memoryBytes: undefined });
  });
});

describe('import kube against replayed API responses (contract test)', () => {
  it('asks each API server for nodes, Deployments and StatefulSets with GET', () => {
    for (const r of [eks, kind]) expect([...r.requests].sort()).toEqual(['GET /api/v1/nodes', 'GET /apis/apps/v1/deployments', 'GET /apis/apps/v1/statefulsets']);
  });

  it('reads nodes: allocatable, zone, region, instance type, role, provider, version', () => {
    const [prod, k] = snapshots;
    expect(prod.nodes).toHaveLength(4);
    expect(prod.nodes[0]).toMatchObject({ cpu: '3920m', memory: '15136000Ki', instanceType: 'm6i.xlarge', zone: 'us-east-1a', region: 'us-east-1', provider: 'aws', controlPlane: false, kubeletVersion: 'v1.31.4-eks-aeac579' });
    expect(k.nodes.filter((n) => n.controlPlane).map((n) => n.name)).toEqual(['fleetsim-eu-1-control-plane']);
    expect(k.nodes[1]).toMatchObject({ zone: 'zone-a', region: 'kind-local', provider: 'kind', instanceType: undefined });
  });

  it('reads workloads: replicas (absent means 1), requests summed over containers, init containers left out', () => {
    const byName = (s: ClusterSnapshot, n: string) => s.workloads.find((w) => w.name === n)!;
    expect(byName(snapshots[0], 'web')).toMatchObject({ kind: 'Deployment', namespace: 'shop', replicas: 6, cpuMillicores: 600, memoryBytes: 576 * 2 ** 20 });
    expect(byName(snapshots[0], 'checkout').cpuMillicores).toBe(250);
    expect(byName(snapshots[0], 'orders-db')).toMatchObject({ kind: 'StatefulSet', replicas: 3, cpuMillicores: 1000, memoryBytes: 2 ** 31 });
    expect(byName(snapshots[1], 'debug')).toMatchObject({ replicas: 1, cpuMillicores: undefined, memoryBytes: undefined });
  });

  it('writes a scenario that fleetsim check accepts, reproducing the clusters and the placement seen', () => {
    const result = snapshotsToScenario(snapshots, { name: 'imported', unknownRegionRttMs: 1, includeSystemNamespaces: false, serviceTime: '5ms' });
    const loaded = parseScenario(result.yaml, 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
    const s = loaded.scenario;
    expect(s.clusters.map((c) => c.name)).toEqual(['prod-us', 'kind-fleetsim-eu-1']);
    const prod = s.clusters[0];
    expect(prod.region).toBe('us-east-1');
    expect(prod.kubernetesVersion).toBe('1.31');
    expect(prod.nodePools.map((p) => [p.zones, p.count])).toEqual([
      [['us-east-1a'], 2],
      [['us-east-1b'], 2],
    ]);
    expect(prod.controlPlane.kind).toBe('managed');
    const kindCluster = s.clusters[1];
    // Workers only (the control plane is tainted), one pool per zone; etcd stacked on the one control-plane node.
    expect(kindCluster.nodePools.map((p) => p.count)).toEqual([1, 1]);
    expect(kindCluster.controlPlane.kind).toBe('selfManaged');
    // Services: system namespaces left out; namespaced names; replicas as seen.
    const services = Object.fromEntries(s.workload.services.map((x) => [x.name, x]));
    expect(Object.keys(services).sort()).toEqual(['debug', 'shop-checkout', 'shop-orders-db', 'shop-web']);
    expect(services['shop-web'].replicas).toBe(6);
    expect(services['shop-checkout'].replicas).toBe(4);
    const design = result.scenario.designs as Array<{ placement: { services: Record<string, unknown> } }>;
    expect(design[0].placement.services['shop-web']).toEqual({ clusterAffinity: { clusterNames: ['prod-us', 'kind-fleetsim-eu-1'] }, replicaScheduling: 'duplicated' });
    expect(design[0].placement.services['shop-checkout']).toEqual({
      clusterAffinity: { clusterNames: ['prod-us', 'kind-fleetsim-eu-1'] },
      replicaScheduling: { type: 'divided', division: 'weighted', weights: { 'prod-us': 3, 'kind-fleetsim-eu-1': 1 } },
    });
    // Every guess is written down.
    expect(result.yaml.startsWith('# Written by fleetsim import kube.')).toBe(true);
    expect(result.assumptions.some((a) => a.includes('kind-local'))).toBe(true);
    expect(result.assumptions.some((a) => a.includes('debug') && a.includes('no CPU request'))).toBe(true);
  });

  it('AKS regions without zones: their fault-domain zone labels ("0", "1") become <region>-0, so two such regions do not share zones', () => {
    const azure = (context: string, region: string) => ({
      ...snapshots[0],
      context,
      nodes: snapshots[0].nodes.map((n, i) => ({ ...n, region, zone: String(i % 2), provider: 'azure', instanceType: 'Standard_D4s_v5' })),
    });
    const result = snapshotsToScenario([azure('west', 'westus'), azure('north', 'northcentralus')], { name: 'aks', unknownRegionRttMs: 1, includeSystemNamespaces: false, serviceTime: '5ms' });
    const loaded = parseScenario(result.yaml, 'aks.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
    const zonesOf = (name: string) => loaded.scenario.topology.regions.find((r) => r.name === name)?.zones;
    expect(zonesOf('westus')).toEqual(['westus-0', 'westus-1']);
    expect(zonesOf('northcentralus')).toEqual(['northcentralus-0', 'northcentralus-1']);
    // AWS-style labels are kept as they are.
    expect(snapshotsToScenario(snapshots, { name: 'x', unknownRegionRttMs: 1, includeSystemNamespaces: false, serviceTime: '5ms' }).yaml).toContain('us-east-1a');
  });

  it('refuses an import with nothing to simulate', () => {
    const onlySystem = snapshots.map((s) => ({ ...s, workloads: s.workloads.filter((w) => w.namespace === 'kube-system') }));
    expect(() => snapshotsToScenario(onlySystem, { name: 'x', unknownRegionRttMs: 1, includeSystemNamespaces: false, serviceTime: '5ms' })).toThrow(/nothing to simulate/);
  });

  it('makes valid names of anything', () => {
    expect(scenarioName('arn:aws:eks:us-east-1:123:cluster/prod')).toBe('arn-aws-eks-us-east-1-123-cluster-prod');
    expect(scenarioName('-x-')).toBe('x');
    expect(scenarioName('a'.repeat(80))).toHaveLength(63);
  });
});
