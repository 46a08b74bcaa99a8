import { formatBytes, formatCpu, type Scenario } from '../scenario/index.js';
import { placementProblems, summarizePlacement } from '../run/placement.js';
import { resolveOnce } from './resolvedScenario.js';
import type { SizedFleet } from '../run/placement.js';
import type { PlacementReport } from './commands/check.js';
import { table } from '../report/terminalTable.js';
import { poolPrices } from '../cost/index.js';
import { designFaultLines } from './faultLines.js';

/**
 * What a design will be billed for its nodes per hour at the start: the pools of the clusters it
 * uses at their starting counts (null when some pool has no price).
 */
function nodesUsdPerHour(s: Scenario, clusters: readonly string[], prices: ReturnType<typeof poolPrices>): number | null {
  let total = 0;
  for (const c of s.clusters) {
    if (!clusters.includes(c.name)) continue;
    for (const p of c.nodePools) {
      const price = prices.get(`${c.name}/${p.name}`);
      if (price === undefined) return null;
      total += p.count * price.usdPerHour;
    }
  }
  return total;
}

/** "uses eu-1, us-1 (nodes $1.54/h at the start); not billed for: tokyo-1". */
function usesLine(s: Scenario, used: readonly string[], prices: ReturnType<typeof poolPrices>): string {
  const perHour = nodesUsdPerHour(s, used, prices);
  const unused = s.clusters.map((c) => c.name).filter((c) => !used.includes(c));
  return `uses ${used.length > 0 ? used.join(', ') : 'no cluster'} (billed for nodes ${perHour === null ? '? (a pool has no price)' : `$${perHour.toFixed(2)}/h`} at the start)${unused.length > 0 ? `; not used, not billed: ${unused.join(', ')}` : ''}`;
}

/** `fleetsim check`'s per-design section: where each service runs and each cluster's headroom. */
export function renderPlacement(scenario: Scenario): PlacementReport {
  const { views } = resolveOnce(scenario);
  const text = views
    .map(({ scenario: s, fleet, resolved: d, sized }, i) => {
      const prices = poolPrices(s);
      const x = summarizePlacement(fleet, d.placement);
      const faultLines = designFaultLines(s.designs[i], s.faults);
      return (
        `Design ${d.name}: ${usesLine(s, d.usedClusters, prices)}\n` +
        faultLines.map((l) => `${l}\n`).join('') +
        sizingText(sized) +
        ownInfrastructure(scenario, s, d.usedClusters) +
        table(
          ['service', 'cluster', 'region', 'replicas', 'placed', 'pending'],
          x.rows.map((r) => [r.service, r.cluster, r.region, String(r.assigned), String(r.placed), String(r.pending)]),
        ) +
        '\n\n' +
        table(
          ['cluster', 'nodes', 'cpu requested', 'cpu allocatable', 'cpu %', 'memory requested', 'memory allocatable', 'memory %', 'pods'],
          x.headroom.filter((h) => d.usedClusters.includes(h.cluster)).map((h) => [
            h.cluster,
            String(h.nodesUp),
            formatCpu(h.cpuRequestedMillicores),
            formatCpu(h.cpuAllocatableMillicores),
            h.cpuUsedPercent.toFixed(1),
            formatBytes(h.memoryRequestedBytes),
            formatBytes(h.memoryAllocatableBytes),
            h.memoryUsedPercent.toFixed(1),
            `${h.pods}/${h.podCapacity}`,
          ]),
        ) +
        x.notes.map((n) => `\nnote: ${n}`).join('')
      );
    })
    .join('\n\n');
  return {
    text,
    json: views.map(({ scenario: s, fleet, resolved: d, sized }) => ({
      design: d.name,
      usedClusters: d.usedClusters,
      nodesUsdPerHourAtStart: nodesUsdPerHour(s, d.usedClusters, poolPrices(s)),
      ...(s !== scenario ? { infrastructure: infrastructureJson(s, d.usedClusters) } : {}),
      ...(sized !== undefined ? { sizing: { failures: sized.failures, explanation: sized.explanation, problems: sized.problems, services: sized.services, nodePools: sized.nodePools } } : {}),
      ...summarizePlacement(fleet, d.placement),
    })),
    problems: [
      ...placementProblems(views.map((v) => v.resolved)).map((p) => ({ severity: p.severity, message: `${p.design}: ${p.message}` })),
      ...views.flatMap((v) => (v.sized?.problems ?? []).map((m) => ({ severity: 'warning' as const, message: `${v.resolved.name}: sizing: ${m}` }))),
    ],
  };
}

/** The node pools and replicas a design runs when they are its own (overridden or sized), as a table before its placement. */
function ownInfrastructure(scenario: Scenario, s: Scenario, used: readonly string[]): string {
  if (s === scenario) return '';
  const pools = infrastructureJson(s, used).pools.map((p) => {
    const was = scenario.clusters.find((c) => c.name === p.cluster)?.nodePools.find((x) => x.name === p.pool);
    const changed = was === undefined || was.count !== p.count || was.instanceType !== p.instanceType || was.capacityType !== p.capacityType || JSON.stringify(was.autoscaling ?? null) !== JSON.stringify(p.autoscaling);
    return [p.cluster, p.pool, p.instanceType ?? '-', p.capacityType, String(p.count), p.autoscaling ? `${p.autoscaling.minCount}–${p.autoscaling.maxCount}` : 'fixed', p.kubernetesVersion, changed ? 'this design' : 'scenario'];
  });
  const replicas = s.workload.services.map((sv, i) => `${sv.name} ${sv.replicas}${sv.replicas !== scenario.workload.services[i].replicas ? ` (file: ${scenario.workload.services[i].replicas})` : ''}`);
  return 'Its own infrastructure:\n' + table(['cluster', 'pool', 'instance', 'capacity', 'count', 'autoscaling', 'k8s', 'from'], pools) + `\nreplicas: ${replicas.join(', ')}\n\n`;
}

function infrastructureJson(s: Scenario, used: readonly string[]) {
  return {
    pools: s.clusters
      .filter((c) => used.includes(c.name))
      .flatMap((c) => c.nodePools.map((p) => ({ cluster: c.name, pool: p.name, instanceType: p.instanceType, capacityType: p.capacityType, count: p.count, autoscaling: p.autoscaling ?? null, kubernetesVersion: c.kubernetesVersion }))),
    replicas: Object.fromEntries(s.workload.services.map((sv) => [sv.name, sv.replicas])),
  };
}

/** How fleetsim sized the design: one line per service and sized pool, each with the constraint that bound it. */
function sizingText(sized: SizedFleet | undefined): string {
  if (sized === undefined) return '';
  return `Sized by fleetsim (docs/sizing.md):\n${sized.explanation.map((l, i) => (i === 0 ? `  ${l}` : `  - ${l}`)).join('\n')}\n`;
}
