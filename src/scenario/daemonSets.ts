import type { DaemonSetSpec, Provider } from './types.js';

/**
 * The per-node agents a cluster runs when the file lists none. Their requests are reserved on
 * every node, like kubelet's own reservations (model/fleet/reserved.ts).
 *
 * Empty for now: the default set per provider (CNI, kube-proxy, log and metrics agents, with
 * sources) is part of issue 14's bill lines.
 */
export function defaultDaemonSets(_provider: Provider): readonly DaemonSetSpec[] {
  return [];
}
