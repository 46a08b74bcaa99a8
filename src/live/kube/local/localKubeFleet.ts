import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { timedApiClient } from '../apiClient.js';
import type { KubeBinaries } from './binaries.js';
import { addKwokNodes, allNodesReady } from './kwokNodes.js';
import { CONTEXT_NAME, LocalKubeCluster, type LocalKubeSettings, type LocalNodeSpec } from './localKubeCluster.js';
import { adminKubeconfigOf } from './pki.js';
import { until } from './kubeObjects.js';

/**
 * Several local control planes side by side, as the member clusters of a fleet: each its own etcd,
 * kube-apiserver (own CA), kube-controller-manager, kube-scheduler and KWOK nodes in its own region's
 * zones, optionally a Deployment, and one kubeconfig with a context per member
 * (`fleetsim-member-1` …), so that `fleetsim import kube`, kubectl or a multi-cluster controller can
 * address them all. A failure while starting stops the members already up.
 */
export interface LocalMemberSpec {
  /** The kubeconfig context, e.g. fleetsim-member-1. */
  context: string;
  nodes: readonly LocalNodeSpec[];
  /** Replicas of a Deployment "web" in namespace default (0: none). */
  replicas: number;
}

export interface LocalKubeFleetOptions {
  binaries: KubeBinaries;
  settings: LocalKubeSettings;
  members: readonly LocalMemberSpec[];
  baseDir?: string;
  leaderElection?: boolean;
  onProgress?: (line: string) => void;
}

export interface LocalMember {
  readonly context: string;
  readonly cluster: LocalKubeCluster;
}


export class LocalKubeFleet {
  readonly members: readonly LocalMember[];
  /** One kubeconfig naming every member (in the first member's run folder: it goes with the fleet). */
  readonly kubeconfigPath: string;

  private constructor(members: readonly LocalMember[], kubeconfigPath: string) {
    this.members = members;
    this.kubeconfigPath = kubeconfigPath;
  }

  static async start(o: LocalKubeFleetOptions): Promise<LocalKubeFleet> {
    if (o.members.length === 0) throw new RangeError('a fleet needs at least one member');
    const contexts = o.members.map((m) => m.context);
    if (new Set(contexts).size !== contexts.length) throw new RangeError(`member contexts must differ: ${contexts.join(', ')}`);
    const started: LocalMember[] = [];
    try {
      // One at a time: API servers starting together on two cores time each other out.
      for (const m of o.members) {
        const progress = o.onProgress === undefined ? undefined : (l: string) => o.onProgress!(`${m.context}: ${l}`);
        const cluster = await LocalKubeCluster.start({ binaries: o.binaries, settings: o.settings, baseDir: o.baseDir, leaderElection: o.leaderElection, onProgress: progress });
        started.push({ context: m.context, cluster });
        await populate(cluster, m, progress);
      }
      const path = join(started[0].cluster.dir, 'fleet.kubeconfig');
      const text = adminKubeconfigOf(started.map((m) => ({ pki: m.cluster.adminPki, serverUrl: m.cluster.serverUrl, contextName: m.context })));
      writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
      return new LocalKubeFleet(started, path);
    } catch (err) {
      await Promise.all(started.map((m) => m.cluster.stop()));
      throw err;
    }
  }

  /** Throw if a process of any member exited by itself. */
  assertRunning(): void {
    for (const m of this.members) m.cluster.assertRunning();
  }

  /** Stop every member. Safe to call twice. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.cluster.stop()));
  }
}

/** The member's nodes (each with its kwok) and its Deployment, waiting until they are Ready. */
async function populate(cluster: LocalKubeCluster, m: LocalMemberSpec, progress: ((l: string) => void) | undefined): Promise<void> {
  const k8s = await import('@kubernetes/client-node');
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = await timedApiClient(kc, CONTEXT_NAME, k8s.CoreV1Api, 10_000);
  const apps = await timedApiClient(kc, CONTEXT_NAME, k8s.AppsV1Api, 10_000);
  progress?.(`${m.nodes.length} KWOK nodes in ${new Set(m.nodes.map((n) => n.zone)).size} zone(s)`);
  await addKwokNodes(cluster, core, m.nodes);
  await until(cluster, 'every node Ready', 120_000, 250, async () => (allNodesReady((await core.listNode()).items, m.nodes.length) ? true : undefined));
  if (m.replicas === 0) return;
  progress?.(`Deployment default/web: ${m.replicas} replicas`);
  const labels = { 'fleetsim.io/app': 'web' };
  await apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name: 'web', labels },
      spec: {
        replicas: m.replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'fleetsim.invalid/fake:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
      },
    },
  });
  await until(cluster, `${m.replicas} Ready replicas`, 120_000, 250, async () => {
    const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    return (d.status?.readyReplicas ?? 0) === m.replicas ? true : undefined;
  });
}

