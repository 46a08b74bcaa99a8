import { LIMITS } from '../../scenario/limits.js';
import type { ClusterSpec } from '../../scenario/types.js';
import { resolveFleet } from '../fleet/resolveFleet.js';
import type { Fleet } from '../fleet/types.js';
import { podRequests } from '../placement/podRequests.js';
import type { SizingContext } from './context.js';
import { nodeShape, nodesFor, poolToSize, type NodeNeed, type NodeShape, type PodGroup } from './nodes.js';
import { plural, when } from './text.js';
import type { SizedNodePool } from './types.js';

type PodsAt = readonly (readonly Int32Array[])[];

/**
 * The pods of the design a cluster runs in each case (undefined: the cluster is lost in that case),
 * with the requests placement gives them: podRequests (the mesh's sidecar added when the design has
 * one), in whole units as compileService rounds them.
 */
function podGroups(ctx: SizingContext, c: number, podsAt: PodsAt): (PodGroup[] | undefined)[] {
  return ctx.cases.map((_, k) =>
    ctx.ups[k][c] === 0
      ? undefined
      : ctx.policyService.map((s): PodGroup => {
          const svc = ctx.services[s];
          const pod = podRequests(svc, ctx.design);
          return { service: svc.name, count: podsAt[k][s][c], cpuMillicores: Math.ceil(pod.cpuMillicores), memoryBytes: Math.ceil(pod.memoryBytes) };
        }),
  );
}

interface CaseNeed {
  readonly k: number;
  readonly need: NodeNeed;
}

/**
 * Nodes of pool `sized` each case needs: the steady state's (case 0, everything up) and the largest
 * of the failure cases (the first such case on ties), or `failed` when some case cannot fit.
 */
function caseNeeds(ctx: SizingContext, cluster: ClusterSpec, shapes: readonly NodeShape[], sized: number, groupsPerCase: (PodGroup[] | undefined)[]) {
  const region = ctx.scenario.topology.regions.find((r) => r.name === cluster.region)!;
  let steady: NodeNeed | undefined;
  let failover: CaseNeed | undefined;
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
    } else if (k === 0) steady = need;
    else if (failover === undefined || need.nodes > failover.need.nodes) failover = { k, need };
  });
  return { steady, failover, failed };
}

/**
 * N+1: the smallest count whose steady-state pods still fit when one of its nodes is lost, i.e. fit
 * on count − 1 nodes. A node failure is the most common fault; without the spare node the pods it ran
 * wait, pending, for a replacement to boot. The fewest nodes that fit are searched exactly, so this is
 * one more (none when the pool carries no pods).
 */
const withSpareNode = (steady: NodeNeed): number => (steady.nodes > 0 ? steady.nodes + 1 : 0);

/** How the sized pool's count was set, for its explanation and fields. */
interface PoolCount {
  readonly nodes: number;
  /** The most nodes one failure needs (the count itself when none needs more). */
  readonly nodesAtFailover: number;
  readonly bound: CaseNeed;
  readonly nodeLost: boolean;
  readonly text: string;
}

function poolCount(ctx: SizingContext, steady: NodeNeed, failover: CaseNeed | undefined): PoolCount {
  const spare = withSpareNode(steady);
  const atFailover = failover?.need.nodes ?? 0;
  const nPlusOne = `N+1: with one node lost, the ${plural(spare - 1, 'node')} left ${spare - 1 === 1 ? 'holds' : 'hold'} the pods of everything up (${steady.why})`;
  if (ctx.spec.failoverNodes === 'autoscaled') {
    // Counts carry the steady state; the cluster autoscaler adds the failover's nodes when Karmada moves pods.
    const max = Math.max(spare, atFailover);
    const bound: CaseNeed = { k: 0, need: steady };
    const head = spare > 0 ? nPlusOne : steady.why;
    const tail =
      failover === undefined
        ? ''
        : atFailover > spare
          ? `; autoscaling up to ${max} for ${when(ctx.cases[failover.k].label)} (${failover.need.why})`
          : `; no failure considered needs more (autoscaling max ${max})`;
    return { nodes: spare, nodesAtFailover: max, bound, nodeLost: spare > 0, text: `${head}${tail}` };
  }
  if (failover !== undefined && atFailover > spare) {
    const also = spare > 0 ? `; N+1 with everything up needs ${spare}` : '';
    return { nodes: atFailover, nodesAtFailover: atFailover, bound: failover, nodeLost: false, text: `${failover.need.why}, ${when(ctx.cases[failover.k].label)}${also}` };
  }
  return { nodes: spare, nodesAtFailover: spare, bound: { k: 0, need: steady }, nodeLost: spare > 0, text: spare > 0 ? nPlusOne : `${steady.why}, everything up` };
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
  const { steady, failover, failed } = caseNeeds(ctx, cluster, shapes, sized, groupsPerCase);
  const count = steady !== undefined && !failed ? poolCount(ctx, steady, failover) : undefined;
  const bound = count?.bound;
  return shapes.map((n, pi) => {
    const isSized = pi === sized;
    const nodes = isSized && count ? count.nodes : n.writtenCount;
    const label = bound ? ctx.cases[bound.k].label : 'none';
    const text = !isSized
      ? `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} as written (pool ${shapes[sized].pool} is the one sized)`
      : count
        ? `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} — ${count.text}`
        : `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} as written (some case does not fit)`;
    return Object.freeze({
      cluster: cluster.name,
      pool: n.pool,
      nodes,
      nodesAtFailover: isSized && count ? count.nodesAtFailover : nodes,
      writtenCount: n.writtenCount,
      sized: isSized,
      failure: label,
      nodeLost: isSized && count !== undefined && count.nodeLost,
      constraint: isSized && bound ? bound.need.constraint : 'none',
      pods: bound?.need.pods ?? 0,
      cpuRequestedMillicores: bound?.need.cpuRequestedMillicores ?? 0,
      memoryRequestedBytes: bound?.need.memoryRequestedBytes ?? 0,
      nodeCpuMillicores: n.cpuMillicores,
      nodeMemoryBytes: n.memoryBytes,
      nodePodSlots: n.podSlots,
      text,
    });
  });
}

/** Nodes per pool of every cluster the design uses: steady state with N+1, and the failures (docs/sizing.md, Nodes). */
export function clusterNodes(ctx: SizingContext, podsAt: PodsAt): SizedNodePool[] {
  const realFleet = resolveFleet(ctx.scenario);
  return ctx.usedClusters.flatMap((cluster) => sizeCluster(ctx, realFleet, cluster, podsAt));
}
