import { LIMITS } from '../../scenario/limits.js';
import type { ClusterSpec } from '../../scenario/types.js';
import { resolveFleet } from '../fleet/resolveFleet.js';
import type { Fleet } from '../fleet/types.js';
import type { SizingContext } from './context.js';
import { nodeShape, nodesFor, poolToSize, type NodeNeed, type NodeShape, type PodGroup } from './nodes.js';
import { plural, when } from './text.js';
import type { SizedNodePool } from './types.js';

type PodsAt = readonly (readonly Int32Array[])[];

/** The pods of the design a cluster runs in each case (undefined: the cluster is lost in that case). */
function podGroups(ctx: SizingContext, c: number, podsAt: PodsAt): (PodGroup[] | undefined)[] {
  const sidecar = ctx.design.traffic.mesh?.sidecar ?? { cpuMillicores: 0, memoryBytes: 0 };
  return ctx.cases.map((_, k) =>
    ctx.ups[k][c] === 0
      ? undefined
      : ctx.policyService.map((s): PodGroup => {
          const svc = ctx.services[s];
          return {
            service: svc.name,
            count: podsAt[k][s][c],
            cpuMillicores: Math.ceil(svc.cpuMillicores + sidecar.cpuMillicores),
            memoryBytes: Math.ceil(svc.memoryBytes + sidecar.memoryBytes),
          };
        }),
  );
}

/** The case needing the most nodes of pool `sized` (the first such case on ties), or undefined with `failed` when one cannot fit. */
function worstCase(ctx: SizingContext, cluster: ClusterSpec, shapes: readonly NodeShape[], sized: number, groupsPerCase: (PodGroup[] | undefined)[]) {
  const region = ctx.scenario.topology.regions.find((r) => r.name === cluster.region)!;
  let worst: { k: number; need: NodeNeed } | undefined;
  let failed = false;
  // Cases that leave this cluster the same pods and nodes need the same count: compute it once.
  const seen = new Map<string, NodeNeed | undefined>();
  ctx.cases.forEach((fc, k) => {
    const groups = groupsPerCase[k];
    if (groups === undefined) return;
    const lostZone = fc.lostZone !== undefined && shapes.some((n) => n.zones.includes(fc.lostZone!)) ? fc.lostZone : undefined;
    const key = `${lostZone ?? ''}|${groups.map((g) => g.count).join(',')}`;
    if (!seen.has(key)) seen.set(key, nodesFor(region, cluster, shapes, sized, groups, lostZone, LIMITS.nodesPerPool));
    const need = seen.get(key);
    if (need === undefined) {
      failed = true;
      ctx.problems.push(`${cluster.name}/${shapes[sized].pool}: ${when(fc.label)}, its pods do not fit even ${LIMITS.nodesPerPool} nodes`);
    } else if (worst === undefined || need.nodes > worst.need.nodes) worst = { k, need };
  });
  return { worst, failed };
}

function sizeCluster(ctx: SizingContext, realFleet: Fleet, cluster: ClusterSpec, podsAt: PodsAt): SizedNodePool[] {
  const c = ctx.fleet.clusterByName.get(cluster.name)!;
  const shapes = realFleet.clusters[c].poolIds.map((id) => nodeShape(cluster, realFleet.nodePools[id]));
  const groupsPerCase = podGroups(ctx, c, podsAt);
  const allGroups = groupsPerCase.flatMap((g) => g ?? []);
  const sized = poolToSize(shapes, allGroups);
  if (sized < 0) {
    const big = new Set(allGroups.filter((g) => g.count > 0).map((g) => g.service));
    ctx.problems.push(`${cluster.name}: no node pool has a node that holds every pod the design runs there (${[...big].join(', ')}); its pools keep their counts`);
    return [];
  }
  const { worst, failed } = worstCase(ctx, cluster, shapes, sized, groupsPerCase);
  return shapes.map((n, pi) => {
    const isSized = pi === sized;
    const nodes = isSized && worst && !failed ? worst.need.nodes : n.writtenCount;
    const label = worst ? ctx.cases[worst.k].label : 'none';
    const text = !isSized
      ? `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} as written (pool ${shapes[sized].pool} is the one sized)`
      : worst
        ? `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} — ${worst.need.why}, ${when(label)}${n.minCount > nodes ? `; its autoscaling minimum keeps ${n.minCount}` : ''}`
        : `${cluster.name}/${n.pool}: runs no pods in any case`;
    return Object.freeze({
      cluster: cluster.name,
      pool: n.pool,
      nodes,
      writtenCount: n.writtenCount,
      sized: isSized,
      failure: label,
      constraint: isSized && worst ? worst.need.constraint : 'none',
      pods: worst?.need.pods ?? 0,
      cpuRequestedMillicores: worst?.need.cpuRequestedMillicores ?? 0,
      memoryRequestedBytes: worst?.need.memoryRequestedBytes ?? 0,
      nodeCpuMillicores: n.cpuMillicores,
      nodeMemoryBytes: n.memoryBytes,
      nodePodSlots: n.podSlots,
      text,
    });
  });
}

/** Nodes per pool of every cluster the design uses: the most any case needs (docs/sizing.md, Nodes). */
export function clusterNodes(ctx: SizingContext, podsAt: PodsAt): SizedNodePool[] {
  const realFleet = resolveFleet(ctx.scenario);
  return ctx.usedClusters.flatMap((cluster) => sizeCluster(ctx, realFleet, cluster, podsAt));
}
