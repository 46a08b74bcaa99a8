import type { DaemonSetSpec, Provider } from './types.js';

/**
 * The per-node agents a cluster runs when the file lists none. Their requests are reserved on
 * every node, beside kubelet's own reservations (model/fleet/reserved.ts), and each takes one of
 * the node's pod slots.
 *
 * On: a node never gives pods all of its allocatable; the agents' requests come first. A cluster
 * that lists `daemonSets: []` reserves nothing for agents.
 */
export const DAEMONSETS_BY_DEFAULT = true;

const MI = 1024 * 1024;

/**
 * The agents a managed cluster of each provider runs on every node, with the requests their
 * published manifests set (docs/references.md, "Per-node agents"). A container without a memory
 * request counts 0 bytes, as the scheduler counts it.
 */
export const PROVIDER_DAEMONSETS: Readonly<Record<'aws' | 'gcp' | 'azure', readonly DaemonSetSpec[]>> = {
  // EKS: the VPC CNI and kube-proxy add-ons; Container Insights' log and metrics agents.
  aws: [
    { name: 'aws-node', cpuMillicores: 25, memoryBytes: 0 },
    { name: 'kube-proxy', cpuMillicores: 100, memoryBytes: 0 },
    { name: 'fluent-bit', cpuMillicores: 500, memoryBytes: 100 * MI },
    { name: 'cloudwatch-agent', cpuMillicores: 200, memoryBytes: 200 * MI },
  ],
  // GKE Standard: kube-proxy, the logging agent and the metrics agent GKE deploys itself.
  gcp: [
    { name: 'kube-proxy', cpuMillicores: 100, memoryBytes: 0 },
    { name: 'fluentbit-gke', cpuMillicores: 100, memoryBytes: 200 * MI },
    { name: 'gke-metrics-agent', cpuMillicores: 8, memoryBytes: 60 * MI },
  ],
  // AKS: kube-proxy, the Azure CNI's node agent and Container Insights' agent.
  azure: [
    { name: 'kube-proxy', cpuMillicores: 100, memoryBytes: 0 },
    { name: 'azure-cns', cpuMillicores: 40, memoryBytes: 250 * MI },
    { name: 'ama-logs', cpuMillicores: 75, memoryBytes: 325 * MI },
  ],
};

/**
 * The DaemonSets of a cluster whose file lists none: the provider's usual set when `byDefault`
 * (DAEMONSETS_BY_DEFAULT unless a caller says otherwise), else none. On-premises and other
 * providers have no usual set: list yours in the file.
 */
export function defaultDaemonSets(provider: Provider, byDefault: boolean = DAEMONSETS_BY_DEFAULT): readonly DaemonSetSpec[] {
  if (!byDefault) return [];
  return provider === 'aws' || provider === 'gcp' || provider === 'azure' ? PROVIDER_DAEMONSETS[provider] : [];
}
