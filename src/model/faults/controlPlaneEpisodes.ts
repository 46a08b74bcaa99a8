import { controlPlaneOutageProcess, type ControlPlaneOutageSpec } from '../../scenario/controlPlaneOutages.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { Distribution } from '../../engine/distributions.js';
import type { ClusterSpec, DistributionSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { alternating, poissonOutages, type Stochastic, type StreamOf } from './processes.js';
import type { UnnumberedEpisode } from './episode.js';

/**
 * Managed control-plane outages (faults.stochastic.controlPlanes): one stream per cluster,
 * `faults/controlPlane/<cluster>`. Calibrated and explicit modes are Poisson outages at a rate; fromSla
 * is an alternating renewal process whose long-run availability equals the cluster's SLA.
 */
export function controlPlaneEpisodes(
  fleet: Fleet,
  clusters: readonly ClusterSpec[],
  cp: NonNullable<Stochastic['controlPlanes']> | ControlPlaneOutageSpec,
  horizonS: number,
  stream: StreamOf,
  out: UnnumberedEpisode[],
): void {
  for (const spec of clusters) {
    const process = controlPlaneOutageProcess(spec, cp);
    if (process === undefined) continue;
    const id = fleet.clusterByName.get(spec.name)!;
    const emit = (s: number, e: number) => out.push({ kind: 'controlPlane', targetId: id, targetName: spec.name, startS: s, endS: e, source: 'stochastic' });
    const rng = stream(`faults/controlPlane/${spec.name}`);
    const duration = toDistribution(process.duration);
    if (process.kind === 'poisson') {
      poissonOutages(rng, process.perYear, duration, horizonS, emit);
    } else {
      // Alternating renewal with availability A: mean up time = mean down time × A / (1 − A).
      const sla = process.slaAvailabilityRatio;
      const meanUpS = (duration.mean() * sla) / (1 - sla);
      alternating(rng, expOf(meanUpS), duration, horizonS, emit);
    }
  }
}

function expOf(meanS: number): Distribution {
  return toDistribution({ kind: 'exponential', meanS } as DistributionSpec);
}
