import { SIZING_HEADROOM, SIZING_SURVIVE } from '../../scenario/defaults.js';
import { LIMITS } from '../../scenario/limits.js';
import { formatDuration } from '../../scenario/units.js';
import type { Design, Scenario, SizingSpec } from '../../scenario/types.js';
import { resolveFleet } from '../fleet/resolveFleet.js';
import { compileDesign } from '../placement/resolveDesigns.js';
import { usedClusters } from '../placement/usedClusters.js';
import { ampleFleet, Assignment } from './assignment.js';
import { failureCases } from './failures.js';
import { flowParts, userFlows, type UserFlow } from './flows.js';
import { nodeShape, nodesFor, poolToSize, type PodGroup } from './nodes.js';
import { candidateTimes, demandPerS } from './peakDemand.js';
import { sizePool, utilizationCap } from './poolSizing.js';
import type { FailureCase, PoolNeed, SizedFleet, SizedNodePool, SizedService, SizedServiceCluster, WaitBudget } from './types.js';

/** The scenario as a design runs it: its own clusters and services when it overrides them. */
export function designView(scenario: Scenario, design: Design): Scenario {
  const infra = design.infrastructure;
  if (infra === undefined) return scenario;
  return { ...scenario, clusters: infra.clusters, workload: { ...scenario.workload, services: infra.services } };
}

/** The design's sizing spec, or the defaults a `sizing: {}` would get (docs/sizing.md). */
export function sizingSpecOf(design: Design): SizingSpec {
  return design.sizing ?? { headroomRatio: SIZING_HEADROOM, survive: { kind: SIZING_SURVIVE, name: undefined } };
}

const rate = (perS: number): string => `${Number(perS.toPrecision(4))} req/s`;
const ms = (s: number): string => `${Number((s * 1000).toPrecision(3))} ms`;
const pct = (r: number): string => `${Number((r * 100).toPrecision(3))}%`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const when = (fc: string): string => (fc === 'none' ? 'everything up' : `${fc} lost`);
const hourOf = (tS: number): string => (tS < 86_400 ? `${String(Math.floor(tS / 3600)).padStart(2, '0')}:00 UTC` : `t=${formatDuration(tS)}`);

/**
 * Sizes one design (docs/sizing.md): per service the fewest replicas, per cluster and pool the fewest
 * nodes, that carry the design's own peak demand with the stated headroom, in steady state and after
 * the failover of every failure it must survive, and say which constraint bound each number. Pure and
 * deterministic. `scenario` is the design's own (its clusters and services after overrides); a
 * design with `infrastructure` is read through it either way. A design without `sizing` is sized with
 * the defaults (20% headroom, any one region).
 */
export function sizeDesign(scenario: Scenario, designIndex: number): SizedFleet {
  const design = scenario.designs[designIndex];
  if (design === undefined) throw new RangeError(`no design #${designIndex}`);
  const sc = designView(scenario, design);
  const spec = sizingSpecOf(design);
  const problems: string[] = [];

  const fleetU = ampleFleet(sc);
  const compiled = compileDesign(fleetU, design, sc.workload.services);
  const used = new Set(usedClusters(fleetU, compiled));
  const usedSpecs = sc.clusters.filter((c) => used.has(c.name));
  const cases = failureCases(spec.survive, usedSpecs);
  const assignment = new Assignment(fleetU, compiled, design, cases);
  const C = fleetU.clusters.length;
  const services = sc.workload.services;
  const S = services.length;
  const serviceIndex = new Map(services.map((s, i) => [s.name, i]));
  // Policies follow workload order (Scenario guarantees it); map by name all the same.
  const policyService = design.policies.map((p) => serviceIndex.get(p.service)!);

  // Demand and flows, case by case.
  const parts = flowParts(sc, design, fleetU);
  const users = sc.workload.userRegions;
  const times = candidateTimes(users, sc.run.horizonS);
  const demand = times.map((t) => users.map((u) => demandPerS(u, t)));
  const shapes = cases.map((_, k) => {
    const byService: Int32Array[] = new Array(S);
    design.policies.forEach((_, i) => (byService[policyService[i]] = assignment.shape(k, i)));
    return byService;
  });
  const ups = cases.map((fc) => {
    const up = new Uint8Array(C).fill(1);
    for (const n of fc.lostClusters) up[fleetU.clusterByName.get(n)!] = 0;
    return up;
  });
  const flows: UserFlow[][] = cases.map((_, k) => userFlows(parts, shapes[k], ups[k]));
  cases.forEach((fc, k) =>
    flows[k].forEach((f, u) => {
      if (f.answer.length === 0) problems.push(`${when(fc.label)}: no cluster runs ${users[u].entryService} for users ${users[u].name}; their requests fail whatever the size`);
      else if (f.noReplica > 0) problems.push(`${when(fc.label)}: ${Number(f.noReplica.toPrecision(3))} calls per request of users ${users[u].name} find no pod of their callee in the cluster they are routed to (calls stay in their cluster without a mesh)`);
    }),
  );

  // Pool needs: per case, service, cluster that runs it.
  const targets = sc.run.slo?.latency ?? [];
  const needs: PoolNeed[] = [];
  const needPods = cases.map(() => Array.from({ length: S }, () => new Int32Array(C)));
  const needAt = new Map<string, PoolNeed>();
  const unreachable = new Set<string>();
  cases.forEach((fc, k) => {
    for (let s = 0; s < S; s++) {
      for (let c = 0; c < C; c++) {
        if (ups[k][c] === 0 || shapes[k][s][c] <= 0) continue;
        const g = s * C + c;
        let peak = 0;
        let peakAt = times[0];
        times.forEach((t, ti) => {
          let lambda = 0;
          for (let u = 0; u < users.length; u++) lambda += demand[ti][u] * flows[k][u].perRequest[g];
          if (lambda > peak) {
            peak = lambda;
            peakAt = t;
          }
        });
        const budgets: WaitBudget[] = [];
        for (const target of targets) {
          let tightest: WaitBudget | undefined;
          users.forEach((u, ui) => {
            const f = flows[k][ui];
            if (f.perRequest[g] <= 0 || (target.userRegion !== undefined && target.userRegion !== u.name)) return;
            const slackS = target.maxS - (f.userRttS + f.serviceS + f.networkS);
            if (slackS <= 0) {
              const key = `${fc.label}|${u.name}|${target.percentile}|${target.maxS}`;
              if (!unreachable.has(key)) {
                unreachable.add(key);
                problems.push(
                  `${when(fc.label)}: users ${u.name} spend ${ms(f.userRttS + f.serviceS + f.networkS)} in RTT, service and calls alone, above the p${target.percentile} target of ${ms(target.maxS)}; no size meets it (sized for utilization only)`,
                );
              }
              return;
            }
            const b: WaitBudget = { percentile: target.percentile, targetS: target.maxS, userRegion: u.name, slackS, visitsPerRequest: f.visits, budgetS: slackS / f.visits };
            if (tightest === undefined || b.budgetS < tightest.budgetS) tightest = b;
          });
          if (tightest !== undefined) budgets.push(tightest);
        }
        const svc = services[s];
        const load = { peakPerS: peak, meanServiceS: parts.services.meanServiceS[s], serviceTimeScv: parts.services.serviceTimeScv[s], concurrencyPerPod: svc.concurrencyPerPod };
        const size = sizePool(load, spec.headroomRatio, budgets);
        const cluster = fleetU.clusters[c].name;
        const need: PoolNeed = Object.freeze({
          service: svc.name,
          cluster,
          failure: fc.label,
          peakPerS: peak,
          peakAtS: peakAt,
          ...size,
          text: needText(svc.name, cluster, fc.label, peak, peakAt, size, spec.headroomRatio, svc.concurrencyPerPod),
        });
        needs.push(need);
        needPods[k][s][c] = size.pods;
        needAt.set(`${k}|${s}|${c}`, need);
      }
    }
  });

  // Replicas per service, then the pods each cluster runs in each case.
  const replicas = new Int32Array(S);
  /** Per case, per service: pods per cluster id at the sized replicas. */
  const podsAt = cases.map(() => new Array<Int32Array>(S));
  const sizedServices: SizedService[] = design.policies.map((p, i) => {
    const s = policyService[i];
    const svc = services[s];
    const dup = assignment.isDuplicated(i);
    const found = assignment.smallestReplicas(
      i,
      cases.map((_, k) => needPods[k][s]),
      LIMITS.replicasPerService,
    );
    if (found === undefined) problems.push(`${svc.name}: no replica count up to ${LIMITS.replicasPerService} gives every cluster what it needs under this placement`);
    const r = found?.replicas ?? svc.replicas;
    replicas[s] = r;
    let boundBy = found && found.cluster >= 0 ? needAt.get(`${found.caseIndex}|${s}|${found.cluster}`) : undefined;
    // Several needs may ask for as many pods; name the one with the most load (an idle pool's one-pod minimum says little).
    if (boundBy !== undefined) {
      const b: PoolNeed = boundBy;
      for (const n of needs) if (n.service === svc.name && n.pods === b.pods && n.peakPerS > boundBy.peakPerS) boundBy = n;
      if (boundBy.peakPerS === 0) boundBy = undefined;
    }
    podsAt.forEach((row, k) => (row[s] = assignment.assigned(k, i, r)));
    const steady = podsAt[0][s];
    const clusters: SizedServiceCluster[] = [];
    for (let c = 0; c < C; c++) {
      let most = 0;
      for (let k = 0; k < cases.length; k++) most = Math.max(most, podsAt[k][s][c]);
      if (most > 0) clusters.push(Object.freeze({ cluster: fleetU.clusters[c].name, pods: steady[c], maxPods: most }));
    }
    const unit = dup ? 'per cluster (duplicated)' : 'in total (divided)';
    const why = boundBy === undefined ? 'no load reaches it: one pod where it is placed' : dup ? boundBy.text : `${clusters.map((x) => `${x.cluster} ${x.pods}`).join(', ')}; ${boundBy.text}`;
    return Object.freeze({ service: svc.name, scheduling: dup ? 'duplicated' : 'divided', replicas: r, clusters: Object.freeze(clusters), boundBy, text: `${svc.name}: ${plural(r, 'replica')} ${unit} — ${why}` });
  });

  // Nodes per cluster: the most any case needs.
  const realFleet = resolveFleet(sc);
  const meshSidecar = design.traffic.mesh?.sidecar ?? { cpuMillicores: 0, memoryBytes: 0 };
  const nodePools: SizedNodePool[] = [];
  for (const cluster of usedSpecs) {
    const c = fleetU.clusterByName.get(cluster.name)!;
    const region = sc.topology.regions.find((r) => r.name === cluster.region)!;
    const shapesOfPools = realFleet.clusters[c].poolIds.map((id) => nodeShape(cluster, realFleet.nodePools[id]));
    const groupsPerCase = cases.map((fc, k) =>
      ups[k][c] === 0
        ? undefined
        : design.policies.map((_, i): PodGroup => {
            const s = policyService[i];
            const svc = services[s];
            return {
              service: svc.name,
              count: podsAt[k][s][c],
              cpuMillicores: Math.ceil(svc.cpuMillicores + meshSidecar.cpuMillicores),
              memoryBytes: Math.ceil(svc.memoryBytes + meshSidecar.memoryBytes),
            };
          }),
    );
    const allGroups = groupsPerCase.flatMap((g) => g ?? []);
    const sized = poolToSize(shapesOfPools, allGroups);
    if (sized < 0) {
      const big = allGroups.filter((g) => g.count > 0).map((g) => g.service);
      problems.push(`${cluster.name}: no node pool has a node that holds every pod the design runs there (${[...new Set(big)].join(', ')}); its pools keep their counts`);
      continue;
    }
    let worst: { k: number; need: NonNullable<ReturnType<typeof nodesFor>> } | undefined;
    let failed = false;
    // Cases that leave this cluster the same pods and nodes need the same count: compute it once.
    const seen = new Map<string, ReturnType<typeof nodesFor>>();
    cases.forEach((fc, k) => {
      const groups = groupsPerCase[k];
      if (groups === undefined) return;
      const lostZone = fc.lostZone !== undefined && shapesOfPools.some((n) => n.zones.includes(fc.lostZone!)) ? fc.lostZone : undefined;
      const key = `${lostZone ?? ''}|${groups.map((g) => g.count).join(',')}`;
      if (!seen.has(key)) seen.set(key, nodesFor(region, cluster, shapesOfPools, sized, groups, lostZone, LIMITS.nodesPerPool));
      const need = seen.get(key);
      if (need === undefined) {
        failed = true;
        problems.push(`${cluster.name}/${shapesOfPools[sized].pool}: ${when(fc.label)}, its pods do not fit even ${LIMITS.nodesPerPool} nodes`);
        return;
      }
      if (worst === undefined || need.nodes > worst.need.nodes) worst = { k, need };
    });
    shapesOfPools.forEach((n, pi) => {
      const isSized = pi === sized;
      const w = worst;
      const nodes = isSized && w && !failed ? w.need.nodes : n.writtenCount;
      const label = w ? cases[w.k].label : 'none';
      const text = isSized
        ? w
          ? `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} — ${w.need.why}, ${when(label)}`
          : `${cluster.name}/${n.pool}: runs no pods in any case`
        : `${cluster.name}/${n.pool}: ${plural(nodes, 'node')} as written (pool ${shapesOfPools[sized].pool} is the one sized)`;
      nodePools.push(
        Object.freeze({
          cluster: cluster.name,
          pool: n.pool,
          nodes,
          writtenCount: n.writtenCount,
          sized: isSized,
          failure: label,
          constraint: isSized && w ? w.need.constraint : 'none',
          pods: w?.need.pods ?? 0,
          cpuRequestedMillicores: w?.need.cpuRequestedMillicores ?? 0,
          memoryRequestedBytes: w?.need.memoryRequestedBytes ?? 0,
          nodeCpuMillicores: n.cpuMillicores,
          nodeMemoryBytes: n.memoryBytes,
          nodePodSlots: n.podSlots,
          text,
        }),
      );
    });
  }

  const failures = cases.map((fc: FailureCase) => fc.label);
  const head = `${design.name}: sized for its peak with ${pct(spec.headroomRatio)} headroom, surviving ${
    spec.survive.kind === 'none' ? 'no failure' : spec.survive.name !== undefined ? `${spec.survive.kind} ${spec.survive.name}` : `any one ${spec.survive.kind} (${failures.length - 1} considered)`
  }`;
  return Object.freeze({
    design: design.name,
    headroomRatio: spec.headroomRatio,
    survive: spec.survive,
    failures: Object.freeze(failures),
    services: Object.freeze(sizedServices),
    nodePools: Object.freeze(nodePools),
    needs: Object.freeze(needs),
    problems: Object.freeze(problems),
    explanation: Object.freeze([head, ...sizedServices.map((s) => s.text), ...nodePools.filter((p) => p.sized).map((p) => p.text), ...problems.map((p) => `problem: ${p}`)]),
  });
}

function needText(service: string, cluster: string, failure: string, peakPerS: number, peakAtS: number, size: ReturnType<typeof sizePool>, headroomRatio: number, concurrency: number): string {
  const at = `${service} in ${cluster}: ${plural(size.pods, 'pod')}`;
  if (size.constraint === 'minimum') return `${at} — no load reaches it (${when(failure)}): one pod where placed`;
  const load = `peak ${rate(peakPerS)} at ${hourOf(peakAtS)} with ${when(failure)}`;
  const servers = `${plural(size.servers, 'server')} (${concurrency} per pod)`;
  if (size.constraint === 'latency' && size.budget) {
    const b = size.budget;
    return `${at} — ${load}; Erlang-C p${b.percentile} wait ${ms(size.waitS)} ≤ ${ms(b.budgetS)} (the ${ms(b.targetS)} target less RTT, service and calls of users ${b.userRegion}, over ${Number(b.visitsPerRequest.toPrecision(3))} pool visits) needs ${servers}; utilization ${pct(size.utilization)}`;
  }
  return `${at} — ${load}; utilization ${pct(size.utilization)} ≤ ${pct(utilizationCap(headroomRatio))} (headroom ${pct(headroomRatio)}) needs ${servers}${size.budget ? `; p${size.budget.percentile} wait ${ms(size.waitS)} within ${ms(size.budget.budgetS)}` : ''}`;
}
