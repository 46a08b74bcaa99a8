import { sizingContext, sizingSpecOf } from '../model/sizing/context.js';
import type { FieldPath } from '../scenario/errors.js';
import type { Design, Scenario } from '../scenario/types.js';
import type { PendingWarning } from '../scenario/warnings/locate.js';
import type { DesignView, ResolvedScenario } from './resolveScenario.js';

/**
 * What `check` (and `run`, before it simulates) warns about in each design, read from the model
 * rather than re-derived (docs/scenario.md, Warnings):
 *
 * - offered load above capacity: the sizing model's peak arrival rate and holding time per pool
 *   (service × cluster), against the pods the design places there, with everything up and with each
 *   used cluster lost (its pods gone, the survivors' pods as placed: before failover rebuilds any);
 * - calls that cannot reach their callee: without a mesh, calls stay in the caller's cluster
 *   (model/traffic/routing.ts), so a callee with no pod beside its caller fails them all;
 * - services with one pod in the whole design (a single point of failure).
 *
 * A design with `sizing` is skipped for load: its replicas and nodes were sized for its peak and
 * the failures it names. Pure: paths point into the file as written, located by the caller.
 */
export function designWarnings(r: ResolvedScenario): PendingWarning[] {
  const out: PendingWarning[] = [];
  r.views.forEach((view, i) => {
    const design = view.scenario.designs[i];
    out.push(...unreachableCallees(view, i, design));
    out.push(...singlePods(view, i, design));
    if (design.sizing === undefined) out.push(...overload(view, i, design));
  });
  return out;
}

/** The fields a warning about `service` in design i may point at, most specific first. */
function servicePaths(s: Scenario, i: number, service: string): FieldPath[] {
  const k = s.workload.services.findIndex((x) => x.name === service);
  // The service's own placement in the design, else its replicas (what the hints change).
  return [['designs', i, 'placement', 'services', service], ['workload', 'services', k, 'replicas'], ['workload', 'services', k], ['designs', i]];
}

/** Pods of each service per cluster id as the design places them (Karmada's assignment) with everything up. */
function assignedByService(view: DesignView): Map<string, Int32Array> {
  return new Map(view.resolved.placement.services.map((p) => [p.service, p.assigned]));
}

function unreachableCallees(view: DesignView, i: number, design: Design): PendingWarning[] {
  if (design.traffic.mesh !== undefined) return [];
  const assigned = assignedByService(view);
  const clusters = view.fleet.clusters;
  const out: PendingWarning[] = [];
  for (const caller of view.scenario.workload.services) {
    const from = assigned.get(caller.name);
    if (from === undefined) continue;
    for (const call of caller.calls) {
      const to = assigned.get(call.service);
      if (to === undefined) continue;
      const stranded: string[] = [];
      for (let c = 0; c < clusters.length; c++) if (from[c] > 0 && to[c] === 0) stranded.push(clusters[c].name);
      if (stranded.length === 0) continue;
      const where = clusters.filter((_, c) => to[c] > 0).map((x) => x.name);
      out.push({
        paths: [['designs', i, 'traffic'], ['designs', i]],
        message: `design ${design.name}: ${caller.name} in ${stranded.join(', ')} calls ${call.service}, which has no pod there${where.length > 0 ? ` (it runs in ${where.join(', ')})` : ''}; without a mesh calls stay in the caller's cluster, so these calls fail`,
        hint: `add traffic.mesh (e.g. localityOrder: [zone, region, any]) to route them across clusters, or place ${call.service} in ${stranded.join(', ')} too`,
      });
    }
  }
  return out;
}

function singlePods(view: DesignView, i: number, design: Design): PendingWarning[] {
  const out: PendingWarning[] = [];
  for (const p of view.resolved.placement.services) {
    let total = 0;
    let where = -1;
    for (let c = 0; c < p.assigned.length; c++) {
      total += p.assigned[c];
      if (p.assigned[c] > 0) where = c;
    }
    if (total !== 1) continue;
    const svc = view.scenario.workload.services.find((x) => x.name === p.service);
    if (svc?.autoscaling !== undefined && svc.autoscaling.minReplicas > 1) continue;
    out.push({
      paths: servicePaths(view.scenario, i, p.service),
      message: `design ${design.name}: ${p.service} runs a single pod (in ${view.fleet.clusters[where].name}): a node failure, a drain or a rollout takes it down, and every request that needs it fails meanwhile`,
      hint: `give ${p.service} at least 2 replicas (spread over zones), or duplicate it over clusters`,
    });
  }
  return out;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Per service, the worst pool: at its peak with everything up, else after the worst single cluster
 * failure. Servers are pods × concurrency (an HPA counts at its maximum); the offered load is the
 * sizing model's λ·E[hold] (erlangs) at the pool's peak instant.
 */
function overload(view: DesignView, i: number, design: Design): PendingWarning[] {
  // The same model sizing reads, with "any one cluster" as the failures to consider.
  const probe: Design = { ...design, sizing: { ...sizingSpecOf(design), survive: { kind: 'cluster', name: undefined } } };
  const scenario: Scenario = { ...view.scenario, designs: view.scenario.designs.map((d, k) => (k === i ? probe : d)) };
  const ctx = sizingContext(scenario, i);
  const assigned = assignedByService(view);
  const C = ctx.fleet.clusters.length;
  const worst = new Map<string, { ratio: number; erlangs: number; servers: number; cluster: string; failure: string; concurrency: number; peakPerS: number; autoscaled: boolean }>();
  // Per service, every cluster where it is over capacity with everything up (the warning names the worst, then these).
  const overUp = new Map<string, string[]>();
  ctx.cases.forEach((fc, k) => {
    ctx.services.forEach((svc, s) => {
      const pods = assigned.get(svc.name);
      if (pods === undefined) return;
      for (let c = 0; c < C; c++) {
        if (ctx.ups[k][c] === 0 || pods[c] === 0) continue;
        const g = s * C + c;
        let peakPerS = 0;
        ctx.times.forEach((_, ti) => {
          let lambda = 0;
          for (let u = 0; u < ctx.users.length; u++) lambda += ctx.demand[ti][u] * ctx.flows[k][u].perRequest[g];
          peakPerS = Math.max(peakPerS, lambda);
        });
        const holdS = ctx.flows[k].length > 0 ? ctx.flows[k][0].holdingS[g] : ctx.parts.services.meanServiceS[s];
        const erlangs = peakPerS * holdS;
        const podCount = svc.autoscaling !== undefined ? Math.max(pods[c], svc.autoscaling.maxReplicas) : pods[c];
        const servers = podCount * svc.concurrencyPerPod;
        const ratio = erlangs / servers;
        const prev = worst.get(svc.name);
        // Everything up is reported before any failure; within each, the worst pool (not the first:
        // a service overloaded 18% in one cluster and 150% in another was reported at 18%).
        const up = fc.label === 'none';
        if (up && ratio > 1) overUp.set(svc.name, [...(overUp.get(svc.name) ?? []), ctx.fleet.clusters[c].name]);
        const replaces = prev === undefined || (up ? prev.failure !== 'none' || ratio > prev.ratio : prev.failure !== 'none' && ratio > prev.ratio);
        if (ratio > 1 && replaces) {
          worst.set(svc.name, { ratio, erlangs, servers, cluster: ctx.fleet.clusters[c].name, failure: fc.label, concurrency: svc.concurrencyPerPod, peakPerS, autoscaled: svc.autoscaling !== undefined });
        }
      }
    });
  });
  const out: PendingWarning[] = [];
  for (const [service, w] of worst) {
    const policy = design.policies.find((p) => p.service === service);
    const rebuilt = policy?.failover.enabled === true && design.karmada.clusterFailover;
    const when = w.failure === 'none' ? 'at its peak' : `at its peak with ${w.failure} lost${rebuilt ? ' (before failover rebuilds its pods)' : ''}`;
    const need = Math.ceil(w.erlangs / w.concurrency);
    const others = w.failure === 'none' ? (overUp.get(service) ?? []).filter((c) => c !== w.cluster) : [];
    const also = others.length === 0 ? '' : `; also over capacity at its peak in ${others.join(', ')}`;
    out.push({
      paths: servicePaths(view.scenario, i, service),
      message: `design ${design.name}: ${service} in ${w.cluster} is offered ${pct(w.ratio)} of its capacity ${when}: ${Number(w.peakPerS.toPrecision(3))} requests/s need ${Number(w.erlangs.toPrecision(3))} busy servers, it has ${w.servers} (${w.servers / w.concurrency} pods × ${w.concurrency}; over by ${pct(w.ratio - 1)}); requests queue without bound and time out${also}`,
      hint: `${w.autoscaled ? `raise autoscaling.maxReplicas of ${service} to at least ${need}` : `run at least ${need} pods of ${service} in ${w.cluster}`}${w.failure === 'none' ? '' : ` while ${w.failure} is lost`}, or let fleetsim size the design (designs[].sizing, docs/sizing.md)`,
    });
  }
  return out;
}
