import { formatBytes, formatCpu, type Scenario } from '../scenario/index.js';
import { placementProblems, resolveScenario, summarizePlacement } from '../run/placement.js';
import type { PlacementReport } from './commands/check.js';
import { table } from '../report/terminalTable.js';

/** `fleetsim check`'s per-design section: where each service runs and each cluster's headroom. */
export function renderPlacement(s: Scenario): PlacementReport {
  const { fleet, designs } = resolveScenario(s);
  const text = designs
    .map((d) => {
      const x = summarizePlacement(fleet, d.placement);
      return (
        `Design ${d.name}\n` +
        table(
          ['service', 'cluster', 'region', 'replicas', 'placed', 'pending'],
          x.rows.map((r) => [r.service, r.cluster, r.region, String(r.assigned), String(r.placed), String(r.pending)]),
        ) +
        '\n\n' +
        table(
          ['cluster', 'nodes', 'cpu requested', 'cpu allocatable', 'cpu %', 'memory requested', 'memory allocatable', 'memory %', 'pods'],
          x.headroom.map((h) => [
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
    json: designs.map((d) => ({ design: d.name, ...summarizePlacement(fleet, d.placement) })),
    problems: placementProblems(designs).map((p) => ({ severity: p.severity, message: `${p.design}: ${p.message}` })),
  };
}
