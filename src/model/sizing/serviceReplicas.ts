import { LIMITS } from '../../scenario/limits.js';
import type { SizingContext } from './context.js';
import type { PoolNeeds } from './poolNeeds.js';
import { plural } from './text.js';
import type { PoolNeed, SizedService, SizedServiceCluster } from './types.js';

export interface ServiceReplicas {
  readonly services: readonly SizedService[];
  /** Per case, per workload service: pods per cluster id at the sized replicas. */
  readonly podsAt: readonly (readonly Int32Array[])[];
}

/**
 * Several needs may ask for as many pods as the binding one: name the one with the most load (an
 * idle pool's one-pod minimum says little); none when no load reaches the service at all.
 */
function mostLoaded(found: PoolNeed | undefined, needs: readonly PoolNeed[]): PoolNeed | undefined {
  if (found === undefined) return undefined;
  let best = found;
  for (const n of needs) if (n.service === found.service && n.pods === found.pods && n.peakPerS > best.peakPerS) best = n;
  return best.peakPerS > 0 ? best : undefined;
}

/** From pods per cluster to each service's `replicas` as its placement reads it (docs/sizing.md). */
export function serviceReplicas(ctx: SizingContext, pn: PoolNeeds): ServiceReplicas {
  const C = ctx.fleet.clusters.length;
  const podsAt = ctx.cases.map(() => new Array<Int32Array>(ctx.services.length));
  const services = ctx.design.policies.map((_, i): SizedService => {
    const s = ctx.policyService[i];
    const svc = ctx.services[s];
    const dup = ctx.assignment.isDuplicated(i);
    if (svc.replicas === 0) {
      podsAt.forEach((row) => (row[s] = new Int32Array(C)));
      const text = `${svc.name}: 0 replicas — not deployed by this design (written with 0 replicas), so not sized`;
      return Object.freeze({ service: svc.name, scheduling: dup ? 'duplicated' : 'divided', replicas: 0, clusters: Object.freeze([]), boundBy: undefined, text });
    }
    const found = ctx.assignment.smallestReplicas(
      i,
      ctx.cases.map((_, k) => pn.pods[k][s]),
      LIMITS.replicasPerService,
    );
    if (found === undefined) ctx.problems.push(`${svc.name}: no replica count up to ${LIMITS.replicasPerService} gives every cluster what it needs under this placement`);
    const r = found?.replicas ?? svc.replicas;
    const boundBy = mostLoaded(found && found.cluster >= 0 ? pn.at(found.caseIndex, s, found.cluster) : undefined, pn.needs);
    podsAt.forEach((row, k) => (row[s] = ctx.assignment.assigned(k, i, r)));
    const clusters: SizedServiceCluster[] = [];
    for (let c = 0; c < C; c++) {
      let most = 0;
      for (let k = 0; k < ctx.cases.length; k++) most = Math.max(most, podsAt[k][s][c]);
      if (most > 0) clusters.push(Object.freeze({ cluster: ctx.fleet.clusters[c].name, pods: podsAt[0][s][c], maxPods: most }));
    }
    const unit = dup ? 'per cluster (duplicated)' : 'in total (divided)';
    const why = boundBy === undefined ? `no load reaches it: the minimum of ${ctx.spec.minReplicasPerCluster} per cluster` : dup ? boundBy.text : `${clusters.map((x) => `${x.cluster} ${x.pods}`).join(', ')}; ${boundBy.text}`;
    return Object.freeze({ service: svc.name, scheduling: dup ? 'duplicated' : 'divided', replicas: r, clusters: Object.freeze(clusters), boundBy, text: `${svc.name}: ${plural(r, 'replica')} ${unit} — ${why}` });
  });
  return { services, podsAt };
}
