import { formatBytes, formatCpu, type Scenario } from '../scenario/index.js';
import { placementProblems, resolveScenario, summarizePlacement } from '../run/placement.js';
import type { PlacementReport } from './commands/check.js';
import { table } from '../report/terminalTable.js';
import { poolPrices } from '../cost/index.js';

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
export function renderPlacement(s: Scenario): PlacementReport {
  const { fleet, designs } = resolveScenario(s);
  const prices = poolPrices(s);
  const text = designs
    .map((d) => {
      const x = summarizePlacement(fleet, d.placement);
      return (
        `Design ${d.name}: ${usesLine(s, d.usedClusters, prices)}\n` +
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
    json: designs.map((d) => ({ design: d.name, usedClusters: d.usedClusters, nodesUsdPerHourAtStart: nodesUsdPerHour(s, d.usedClusters, prices), ...summarizePlacement(fleet, d.placement) })),
    problems: placementProblems(designs).map((p) => ({ severity: p.severity, message: `${p.design}: ${p.message}` })),
  };
}
