import type { DesignInfrastructure, Scenario } from '../../scenario/types.js';
import { withInfrastructure } from '../../scenario/designView.js';
import type { SizedFleet } from './types.js';

/**
 * The design's infrastructure with the sized fleet in it, to simulate and bill what sizing found:
 * each sized pool's count, with its autoscaling bounds moved so the autoscaler never goes below it
 * (min raised to the count when below, max kept at least the count; a written min above the count
 * stays, and the pool then starts at that min, as the loader requires count ≥ min), every other
 * pool as written; every sized service's replicas (an HPA's maxReplicas raised to the sized count
 * when below: sizing found that many are needed at peak). Pure.
 */
export function applySizing(scenario: Scenario, designIndex: number, sized: SizedFleet): DesignInfrastructure {
  const design = scenario.designs[designIndex];
  if (design === undefined) throw new RangeError(`no design #${designIndex}`);
  if (sized.design !== design.name) throw new RangeError(`sizing of design "${sized.design}" applied to design "${design.name}"`);
  const sc = withInfrastructure(scenario, design.infrastructure);
  const nodes = new Map(sized.nodePools.filter((p) => p.sized).map((p) => [`${p.cluster}/${p.pool}`, p.nodes]));
  const replicas = new Map(sized.services.map((s) => [s.service, s]));
  return Object.freeze({
    clusters: Object.freeze(
      sc.clusters.map((c) => ({
        ...c,
        nodePools: c.nodePools.map((p) => {
          const sizedCount = nodes.get(`${c.name}/${p.name}`);
          if (sizedCount === undefined) return p;
          const a = p.autoscaling;
          if (a === undefined) return { ...p, count: sizedCount };
          const count = Math.max(sizedCount, a.minCount);
          return { ...p, count, autoscaling: { minCount: count, maxCount: Math.max(a.maxCount, count) } };
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
