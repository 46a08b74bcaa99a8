import type { DesignInfrastructure, NodePoolSpec, Scenario } from '../../scenario/types.js';
import { withInfrastructure } from '../../scenario/designView.js';
import type { SizedFleet, SizedNodePool } from './types.js';

/**
 * A sized pool as sizing chose it. A sized design asks fleetsim for its node counts, so the written
 * count and bounds are replaced: count and autoscaling minimum are the sized count (a written minimum
 * above it would bill nodes sizing found unneeded); the maximum is at least the count, and with
 * failoverNodes autoscaled at least the failover need (a pool written without autoscaling gets
 * autoscaling from the count to that need: the cluster autoscaler adds the failover's nodes).
 */
function sizedPool(p: NodePoolSpec, z: SizedNodePool, mode: SizedFleet['failoverNodes']): NodePoolSpec {
  const count = z.nodes;
  const a = p.autoscaling;
  if (mode === 'standing' && a === undefined) return { ...p, count };
  const need = mode === 'autoscaled' ? Math.max(count, z.nodesAtFailover) : count;
  return { ...p, count, autoscaling: { minCount: count, maxCount: Math.max(a?.maxCount ?? 0, need) } };
}

/**
 * The design's infrastructure with the sized fleet in it, to simulate and bill what sizing found:
 * each sized pool as sizedPool sets it, every other pool as written; every sized service's replicas
 * (an HPA's maxReplicas raised to the sized count when below: sizing found that many are needed at
 * peak). Pure.
 */
export function applySizing(scenario: Scenario, designIndex: number, sized: SizedFleet): DesignInfrastructure {
  const design = scenario.designs[designIndex];
  if (design === undefined) throw new RangeError(`no design #${designIndex}`);
  if (sized.design !== design.name) throw new RangeError(`sizing of design "${sized.design}" applied to design "${design.name}"`);
  const sc = withInfrastructure(scenario, design.infrastructure);
  const nodes = new Map(sized.nodePools.filter((p) => p.sized).map((p) => [`${p.cluster}/${p.pool}`, p]));
  const replicas = new Map(sized.services.map((s) => [s.service, s]));
  return Object.freeze({
    clusters: Object.freeze(
      sc.clusters.map((c) => ({
        ...c,
        nodePools: c.nodePools.map((p) => {
          const z = nodes.get(`${c.name}/${p.name}`);
          return z === undefined ? p : sizedPool(p, z, sized.failoverNodes);
        }),
      })),
    ),
    services: Object.freeze(
      sc.workload.services.map((s) => {
        const z = replicas.get(s.name);
        if (z === undefined) return s;
        // An HPA's bounds are per cluster: the most pods the service runs in any one cluster.
        const perCluster = Math.max(0, ...z.clusters.map((x) => x.maxPods));
        const h = s.autoscaling;
        return { ...s, replicas: z.replicas, autoscaling: h === undefined ? undefined : { ...h, maxReplicas: Math.max(h.maxReplicas, perCluster) } };
      }),
    ),
  });
}
