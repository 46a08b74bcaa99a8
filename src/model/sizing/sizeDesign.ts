import { clusterNodes } from './clusterNodes.js';
import { sizingContext } from './context.js';
import { poolNeeds } from './poolNeeds.js';
import { serviceReplicas } from './serviceReplicas.js';
import { pct } from './text.js';
import type { Scenario } from '../../scenario/types.js';
import type { SizedFleet } from './types.js';

export { sizingSpecOf } from './context.js';

/**
 * Sizes one design (docs/sizing.md): per service the fewest replicas, per cluster and pool the fewest
 * nodes, that carry the design's own peak demand with the stated headroom, in steady state and after
 * the failover of every failure it must survive, and says which constraint bound each number. Pure
 * and deterministic. `scenario` is the design's own (its clusters and services after overrides); a
 * design with `infrastructure` is read through it either way. A design without `sizing` is sized with
 * the defaults (20% headroom, any one region).
 */
export function sizeDesign(scenario: Scenario, designIndex: number): SizedFleet {
  const ctx = sizingContext(scenario, designIndex);
  const pn = poolNeeds(ctx);
  const replicas = serviceReplicas(ctx, pn);
  const nodePools = clusterNodes(ctx, replicas.podsAt);
  const failures = ctx.cases.map((fc) => fc.label);
  const { survive, headroomRatio, minReplicasPerCluster, failoverNodes } = ctx.spec;
  const surviving = survive.kind === 'none' ? 'no failure' : survive.name !== undefined ? `${survive.kind} ${survive.name}` : `any one ${survive.kind} (${failures.length - 1} considered)`;
  const head = `${ctx.design.name}: sized for its peak with ${pct(headroomRatio)} headroom and at least ${minReplicasPerCluster} pods per cluster, surviving ${surviving}${failoverNodes === 'autoscaled' ? '; failover nodes autoscaled (counts carry the steady state, autoscaling maxima the failure)' : ''}`;
  return Object.freeze({
    design: ctx.design.name,
    headroomRatio,
    minReplicasPerCluster,
    failoverNodes,
    survive,
    failures: Object.freeze(failures),
    services: Object.freeze(replicas.services),
    nodePools: Object.freeze(nodePools),
    needs: Object.freeze(pn.needs),
    problems: Object.freeze([...ctx.problems]),
    explanation: Object.freeze([head, ...replicas.services.map((s) => s.text), ...nodePools.filter((p) => p.sized).map((p) => p.text), ...ctx.problems.map((p) => `problem: ${p}`)]),
  });
}
