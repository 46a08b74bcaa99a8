import { toDistribution } from '../../scenario/distributions.js';
import type { Distribution } from '../../engine/distributions.js';
import type { ClusterSpec, DistributionSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { alternating, poissonOutages, type Stochastic, type StreamOf, } from './processes.js';
import type { UnnumberedEpisode } from './episode.js';

/** Managed control-plane outages (faults.stochastic.controlPlanes): one stream per cluster, `faults/controlPlane/<cluster>`. */
export function controlPlaneEpisodes(
  fleet: Fleet,
  clusters: readonly ClusterSpec[],
  cp: NonNullable<Stochastic['controlPlanes']>,
  horizonS: number,
  stream: StreamOf,
  out: UnnumberedEpisode[],
): void {
  const duration = toDistribution(cp.duration);
  for (const spec of clusters) {
    if (spec.controlPlane.kind !== 'managed') continue; // self-managed: etcd and nodes drive it
    const id = fleet.clusterByName.get(spec.name)!;
    const emit = (s: number, e: number) => out.push({ kind: 'controlPlane', targetId: id, targetName: spec.name, startS: s, endS: e, source: 'stochastic' });
    const rng = stream(`faults/controlPlane/${spec.name}`);
    if (cp.kind === 'explicit') {
      poissonOutages(rng, cp.perYear, duration, horizonS, emit);
    } else {
      const sla = spec.controlPlane.slaAvailabilityRatio;
      if (sla === undefined || sla >= 1) continue; // no SLA to derive outages from (e.g. AKS Free)
      // Alternating renewal with availability A: mean up time = mean down time × A / (1 − A).
      const meanUpS = (duration.mean() * sla) / (1 - sla);
      alternating(rng, expOf(meanUpS), duration, horizonS, emit);
    }
  }
}

function expOf(meanS: number): Distribution {
  return toDistribution({ kind: 'exponential', meanS } as DistributionSpec);
}
