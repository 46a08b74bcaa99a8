import { clusterZones, regionInfos } from './context.js';
import { HORIZON_S, REPLICATIONS, WARMUP_S } from './defaults.js';
import { toDistribution } from './distributions.js';
import type { FieldPath, Problem } from './errors.js';
import { LIMITS, LIMITS_HINT } from './limits.js';
import { affinityGroups, affinityMatches, effectivePolicy, schedulingOf, type ClusterFacts } from './policies.js';
import { overriddenClusters, overriddenServices } from './designOverrides.js';
import type { RawScenario } from './schema.js';
import type { DistributionSpec } from './types.js';
import { formatBytes, formatDuration } from './units.js';

/**
 * Limits over a whole section (one field cannot see them): nodes per cluster and in total, pods
 * per design, calls per user request, the horizon, and the estimated size of the run. The
 * per-field limits live in the schema (schema.ts); the values in limits.ts.
 */
export function budgetProblems(s: Partial<RawScenario>): Problem[] {
  const out: Problem[] = [];
  const nodes = nodeProblems(s, out);
  const { most: pods, total: allPods } = podProblems(s, out);
  fanOutProblems(s, out);
  horizonProblems(s, out);
  // The estimates are only meaningful when the fleet is within its limits.
  if (out.length === 0) runSizeProblems(s, nodes, pods, out);
  if (out.length === 0) placementProblems(s, pods, out);
  if (out.length === 0) memoryProblems(s, nodes, allPods, out);
  return out;
}

/**
 * The run-size estimate for the file's own replications and horizon (see estimateRunEvents), kept
 * on the resolved scenario so that command-line overrides of both can be checked against the same
 * limit without the raw document.
 */
export function runEventsEstimate(s: RawScenario): number {
  const ignored: Problem[] = [];
  const nodes = nodeProblems(s, ignored);
  const { most: pods } = podProblems(s, ignored);
  return estimateRunEvents(s, nodes, pods);
}

const limitErr = (path: FieldPath, message: string, expected: string, hint = LIMITS_HINT): Problem => ({ path, message, expected, hint });

/** Nodes a pool can have: its start count or its autoscaling maximum, whichever is larger. */
function poolNodes(p: RawScenario['clusters'][number]['nodePools'][number]): number {
  return Math.max(p.count, p.autoscaling?.max ?? 0);
}

/** The fleet's nodes, or the largest fleet a design's overrides make (each is simulated). */
function nodeProblems(s: Partial<RawScenario>, out: Problem[]): number {
  let most = fleetNodeProblems(s.clusters, ['clusters'], out);
  s.designs?.forEach((d, di) => {
    if (d.overrides?.clusters === undefined || !s.clusters) return;
    most = Math.max(most, fleetNodeProblems(overriddenClusters(s.clusters, d.overrides), ['designs', di, 'overrides', 'clusters'], out, d.name));
  });
  return most;
}

function fleetNodeProblems(clusters: Partial<RawScenario>['clusters'], base: FieldPath, out: Problem[], design?: string): number {
  let total = 0;
  const whose = design === undefined ? '' : ` in design "${design}"`;
  const at = (ci: number): FieldPath => (design === undefined ? [...base, ci, 'nodePools'] : base);
  clusters?.forEach((c, ci) => {
    const n = c.nodePools.reduce((a, p) => a + poolNodes(p), 0);
    if (n > LIMITS.nodesPerCluster) {
      out.push(limitErr(at(ci), `cluster "${c.name}"${whose} can have ${n} nodes (count or autoscaling max, summed over its pools)`, `at most ${LIMITS.nodesPerCluster} nodes per cluster`, `split it into several clusters (Kubernetes supports 5000 nodes per cluster); ${LIMITS_HINT}`));
    }
    total += n;
  });
  if (total > LIMITS.nodesTotal) {
    out.push(limitErr(base, `the fleet${whose} can have ${total} nodes in all`, `at most ${LIMITS.nodesTotal} nodes`, `model a representative part of the fleet; ${LIMITS_HINT}`));
  }
  return total;
}

/** Pods each design places; duplicated services count once per cluster their first affinity group selects. */
function podProblems(s: Partial<RawScenario>, out: Problem[]): { most: number; total: number } {
  if (!s.designs || !s.workload || !s.clusters) return { most: 0, total: 0 };
  const regions = regionInfos(s.topology);
  const facts: ClusterFacts[] = s.clusters.map((c) => ({ name: c.name, region: c.region, provider: regions.get(c.region)?.provider, labels: c.labels ?? {} }));
  let most = 0;
  let total = 0;
  s.designs.forEach((d, di) => {
    // Policies mostly come from `default`: one match count per affinity object.
    const matches = new Map<object, number>();
    let pods = 0;
    for (const sv of overriddenServices(s.workload!.services, d.overrides)) {
      const eff = effectivePolicy(d, sv.name);
      if (eff === undefined) continue;
      let copies = 1;
      if (schedulingOf(eff.policy).type === 'duplicated') {
        const a = affinityGroups(eff.policy)[0].affinity;
        let m = matches.get(a);
        if (m === undefined) {
          m = facts.filter((c) => affinityMatches(a, c)).length;
          matches.set(a, m);
        }
        copies = Math.max(1, m);
      }
      pods += sv.replicas * copies;
    }
    if (pods > LIMITS.podsPerDesign) {
      out.push(limitErr(['designs', di], `design "${d.name}" places ${pods} pods (replicas × the clusters of duplicated services)`, `at most ${LIMITS.podsPerDesign} pods per design`, `lower replicas, or divide instead of duplicating; ${LIMITS_HINT}`));
    }
    most = Math.max(most, pods);
    total += pods;
  });
  return { most, total };
}

/** Calls one user request causes: 1 + Σ callsPerRequest × calls of the callee, over the call tree. */
function fanOutProblems(s: Partial<RawScenario>, out: Problem[]): void {
  const services = s.workload?.services;
  if (!services) return;
  const index = new Map(services.map((sv, i) => [sv.name, i]));
  const memo = new Float64Array(services.length).fill(-1);
  const onPath = new Uint8Array(services.length);
  // Iterative post-order (the call graph can be long); a cycle counts as no further calls (reported elsewhere).
  const total = (root: number): number => {
    const stack: { i: number; next: number }[] = [{ i: root, next: 0 }];
    onPath[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const calls = services[top.i].calls ?? [];
      if (top.next < calls.length) {
        const j = index.get(calls[top.next++].service);
        if (j !== undefined && memo[j] < 0 && onPath[j] === 0) {
          onPath[j] = 1;
          stack.push({ i: j, next: 0 });
        }
        continue;
      }
      let sum = 1;
      for (const c of calls) {
        const j = index.get(c.service);
        if (j !== undefined && memo[j] >= 0) sum += (c.callsPerRequest ?? 1) * memo[j];
      }
      memo[top.i] = Math.min(sum, Number.MAX_VALUE);
      onPath[top.i] = 0;
      stack.pop();
    }
    return memo[root];
  };
  services.forEach((_, i) => memo[i] < 0 && total(i));
  const over = (i: number) => memo[i] > LIMITS.callsPerUserRequest;
  services.forEach((sv, i) => {
    // Every caller of an over-limit service is over too: report where the chain crosses the limit.
    const callees = (sv.calls ?? []).map((c) => index.get(c.service)).filter((j) => j !== undefined);
    if (!over(i) || callees.some(over)) return;
    out.push(limitErr(['workload', 'services', i, 'calls'], `one request to "${sv.name}" causes about ${memo[i].toPrecision(3)} calls through the call graph`, `at most ${LIMITS.callsPerUserRequest} calls per request`, `lower callsPerRequest along the chain; ${LIMITS_HINT}`));
  });
}

function horizonProblems(s: Partial<RawScenario>, out: Problem[]): void {
  const horizon = s.run?.horizon ?? HORIZON_S;
  const warmup = s.run?.warmup ?? WARMUP_S;
  const path: FieldPath = ['run', s.run?.horizon !== undefined ? 'horizon' : 'warmup'];
  if (horizon > LIMITS.horizonMaxS) {
    out.push(limitErr(['run', 'horizon'], `a horizon of ${formatDuration(horizon)} is longer than fleetsim simulates`, `at most ${formatDuration(LIMITS.horizonMaxS)}`, `more replications of a shorter horizon give the same figures; ${LIMITS_HINT}`));
  } else if (horizon > 0 && warmup < horizon && horizon - warmup < LIMITS.horizonMinS) {
    out.push(limitErr(path, `only ${formatDuration(horizon - warmup)} is measured (horizon ${formatDuration(horizon)} minus warm-up ${formatDuration(warmup)})`, `a horizon at least ${formatDuration(LIMITS.horizonMinS)} longer than the warm-up`, 'too short to measure availability or latency: use a horizon of hours or days'));
  }
}

/**
 * A rough count of simulation events for the whole run (every design and replication): node,
 * etcd-member, zone and region failures, each touching the nodes and pods it takes down, plus an
 * hourly traffic update per user region and service. It is an estimate, within a factor of a few;
 * it exists to refuse runs that would take days or exhaust memory, not to predict run time.
 */
export function estimateRunEvents(s: Partial<RawScenario>, nodes: number, pods: number): number {
  if (!s.clusters || !s.designs) return 0;
  const horizon = Math.min(s.run?.horizon ?? HORIZON_S, LIMITS.horizonMaxS);
  const years = horizon / (365 * 86400);
  const podsPerNode = nodes > 0 ? pods / nodes : 0;
  const perFailure = (hit: number) => 10 * hit * (1 + podsPerNode);
  const mean = (d: DistributionSpec | undefined) => (d === undefined ? Infinity : Math.max(toDistribution(d).mean(), 1e-9));
  const st = s.faults?.stochastic;
  const regions = regionInfos(s.topology);
  const zones = new Set(s.clusters.flatMap((c) => clusterZones(c, regions))).size;
  const etcd = s.clusters.reduce((a, c) => a + (c.controlPlane.selfManaged ? (c.controlPlane.selfManaged.etcd?.members ?? 3) : 0), 0);
  let perReplication = 0;
  if (st?.nodes) perReplication += (nodes * horizon) / mean(st.nodes.mtbf) * perFailure(1);
  if (st?.etcdMembers) perReplication += ((etcd * horizon) / mean(st.etcdMembers.mtbf)) * 10;
  if (st?.zones) perReplication += zones * st.zones.perYear * years * perFailure(nodes / Math.max(1, zones));
  if (st?.regions) perReplication += regions.size * st.regions.perYear * years * perFailure(nodes / Math.max(1, regions.size));
  if (st?.links) perReplication += (s.topology?.links?.length ?? 0) * st.links.perYear * years * 10;
  perReplication += (s.faults?.scripted?.length ?? 0) * perFailure(nodes / Math.max(1, zones));
  perReplication += requestFaultEvents(s, years, nodes, perFailure);
  perReplication += (horizon / 3600) * (s.workload?.userRegions.length ?? 0) * (s.workload?.services.length ?? 0);
  return perReplication * (s.run?.replications ?? REPLICATIONS) * s.designs.length;
}

/**
 * Events of the faults that act on requests, per replication and design: a bad change per cluster it
 * reaches (an impairment is a traffic change, no pod moves), every Kubernetes upgrade per cluster
 * (it drains every node), dependency outages and gray failures (one traffic change each), and
 * replayed incidents (a few steps, each possibly touching a share of the nodes).
 */
function requestFaultEvents(s: Partial<RawScenario>, years: number, nodes: number, perFailure: (hit: number) => number): number {
  const f = s.faults;
  if (!f) return 0;
  const clusters = Math.max(1, s.clusters?.length ?? 1);
  let events = 0;
  for (const c of f.changes ?? []) {
    const perYear = c.perYear ?? (c.rate !== undefined ? c.rate * 365 * 86_400 : c.kind === 'kubernetesUpgrade' ? 3 : 0);
    if (c.kind === 'kubernetesUpgrade') events += perYear * years * clusters * perFailure(nodes / clusters);
    else events += perYear * years * clusters * 10;
  }
  for (const d of f.dependencies ?? []) events += (d.perYear ?? 0) * years * 10;
  if (f.grayFailures) events += (f.grayFailures.perYear ?? 0) * years * regionInfos(s.topology).size * 10;
  events += (f.incidents?.length ?? 0) * 10 * perFailure(nodes);
  return events;
}

/**
 * Placing pods scans the nodes of a cluster for each pod (model/placement), so the work grows as
 * pods × nodes per cluster; `check` and every replication pay it. Measured: 10 clusters of 1000
 * nodes and 100,000 pods take 1.6 s on one core (about 6e7 steps a second).
 */
export function estimatePlacementSteps(s: Partial<RawScenario>, pods: number): number {
  const largest = Math.max(0, ...(s.clusters ?? []).map((c) => c.nodePools.reduce((a, p) => a + poolNodes(p), 0)));
  return pods * largest * (s.designs?.length ?? 0);
}

/** Service × cluster cells that placement fills and `check` reports, over every design. */
export function placementCells(s: Partial<RawScenario>): number {
  return (s.designs?.length ?? 0) * (s.workload?.services.length ?? 0) * (s.clusters?.length ?? 0);
}

function placementProblems(s: Partial<RawScenario>, pods: number, out: Problem[]): void {
  const cells = placementCells(s);
  if (cells > LIMITS.placementCells) {
    out.push(
      limitErr(
        ['designs'],
        `${s.designs?.length ?? 0} designs × ${s.workload?.services.length ?? 0} services × ${s.clusters?.length ?? 0} clusters make ${cells} placement cells to compute and report (measured: 5e7 take two minutes and 1.5 GB)`,
        `at most ${LIMITS.placementCells.toPrecision(2)} designs × services × clusters`,
        'compare fewer designs at once, or group small services into one',
      ),
    );
    return;
  }
  const steps = estimatePlacementSteps(s, pods);
  if (steps > LIMITS.placementSteps) {
    out.push(
      limitErr(
        ['workload', 'services'],
        `placing ${pods} pods per design on clusters of up to ${Math.max(0, ...(s.clusters ?? []).map((c) => c.nodePools.reduce((a, p) => a + poolNodes(p), 0)))} nodes, over ${s.designs?.length ?? 0} designs, takes about ${steps.toPrecision(2)} steps (minutes of work before the run starts)`,
        `at most ${LIMITS.placementSteps.toPrecision(2)} placement steps (pods × nodes of the largest cluster × designs)`,
        'fewer replicas per service (a pod can stand for several), or smaller clusters',
      ),
    );
  }
}

/**
 * Memory of the fleet model: a node or a pod costs a few hundred bytes once resolved (measured:
 * 120,000 of them take about 30 MB); 1 KiB each leaves room for the simulation state around them.
 * Counted for every design at once, as a worker may hold them all.
 */
export function estimateMemoryBytes(s: Partial<RawScenario>, nodes: number, podsOverDesigns: number): number {
  return (nodes * (s.designs?.length ?? 0) + podsOverDesigns) * 1024;
}

function memoryProblems(s: Partial<RawScenario>, nodes: number, podsOverDesigns: number, out: Problem[]): void {
  const bytes = estimateMemoryBytes(s, nodes, podsOverDesigns);
  if (bytes > LIMITS.modelMemoryBytes) {
    out.push(
      limitErr(
        ['designs'],
        `the fleet model would need about ${formatBytes(bytes)} (${nodes} nodes × ${s.designs?.length ?? 0} designs and ${podsOverDesigns} pods over all designs, ~1 KiB each)`,
        `at most ${formatBytes(LIMITS.modelMemoryBytes)} estimated`,
        'compare fewer designs at once, or lower replicas (a pod can stand for several)',
      ),
    );
  }
}

function runSizeProblems(s: Partial<RawScenario>, nodes: number, pods: number, out: Problem[]): void {
  const events = estimateRunEvents(s, nodes, pods);
  if (!(events <= LIMITS.runEvents)) {
    const path: FieldPath = s.run?.replications !== undefined ? ['run', 'replications'] : s.run?.horizon !== undefined ? ['run', 'horizon'] : ['run'];
    out.push(
      limitErr(
        path,
        `this run would take about ${Number.isFinite(events) ? events.toPrecision(2) : 'unbounded'} simulation events (${s.designs?.length ?? 0} designs × ${s.run?.replications ?? REPLICATIONS} replications × failures over ${formatDuration(s.run?.horizon ?? HORIZON_S)} of ${nodes} nodes and ${pods} pods), far beyond one machine`,
        `at most ${LIMITS.runEvents.toPrecision(2)} estimated events`,
        'lower run.replications or run.horizon, lengthen the MTBFs, or model a smaller part of the fleet',
      ),
    );
  }
}
