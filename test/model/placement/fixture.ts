import { buildFleet } from '../../../src/model/fleet/buildFleet.js';
import type { Fleet } from '../../../src/model/fleet/types.js';
import type { PlacementPolicy } from '../../../src/model/placement/types.js';

export const GIB = 1024 ** 3;

/**
 * Three AWS regions, one cluster each, no reservation so capacities are round numbers:
 *   eu-1 (eu-west-1, zones a b c): 3 nodes × 4000m / 16 GiB, one per zone
 *   eu-2 (eu-central-1, zones a b): 2 nodes × 4000m / 16 GiB
 *   us-1 (us-east-1, zones a b):     4 nodes × 2000m / 8 GiB
 * plus gcp-1 (GCP europe-west1, one zone): 1 node × 8000m / 32 GiB.
 */
export function smallFleet(): Fleet {
  return buildFleet({
    reservation: { kind: 'none' },
    regions: [
      { name: 'eu-west-1', provider: 'aws', zones: ['euw1-a', 'euw1-b', 'euw1-c'] },
      { name: 'eu-central-1', provider: 'aws', zones: ['euc1-a', 'euc1-b'] },
      { name: 'us-east-1', provider: 'aws', zones: ['use1-a', 'use1-b'] },
      { name: 'europe-west1', provider: 'gcp', zones: ['ew1-b'] },
    ],
    links: [
      { a: 'eu-west-1', b: 'eu-central-1', rttMs: 25 },
      { a: 'eu-west-1', b: 'us-east-1', rttMs: 70 },
      { a: 'eu-central-1', b: 'us-east-1', rttMs: 90 },
      { a: 'europe-west1', b: 'eu-west-1', rttMs: 10 },
      { a: 'europe-west1', b: 'eu-central-1', rttMs: 15 },
      { a: 'europe-west1', b: 'us-east-1', rttMs: 80 },
    ],
    clusters: [
      { name: 'eu-1', region: 'eu-west-1', zones: ['euw1-a', 'euw1-b', 'euw1-c'], labels: { env: 'prod' }, nodePools: [{ name: 'g', cpuMillicores: 4000, memoryBytes: 16 * GIB, count: 3 }] },
      { name: 'eu-2', region: 'eu-central-1', zones: ['euc1-a', 'euc1-b'], labels: { env: 'prod' }, nodePools: [{ name: 'g', cpuMillicores: 4000, memoryBytes: 16 * GIB, count: 2 }] },
      { name: 'us-1', region: 'us-east-1', zones: ['use1-a', 'use1-b'], labels: { env: 'dr' }, nodePools: [{ name: 'g', cpuMillicores: 2000, memoryBytes: 8 * GIB, count: 4 }] },
      { name: 'gcp-1', region: 'europe-west1', zones: ['ew1-b'], nodePools: [{ name: 'g', cpuMillicores: 8000, memoryBytes: 32 * GIB, count: 1 }] },
    ],
  });
}

export function policy(p: Partial<PlacementPolicy> = {}): PlacementPolicy {
  return { replicaScheduling: { kind: 'duplicated' }, clusterAffinities: [], spreadConstraints: [], ...p };
}

/** Per-cluster array as {name: value} without zero entries, for readable expectations. */
export function byName(fleet: Fleet, xs: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let c = 0; c < xs.length; c++) if (xs[c] !== 0) out[fleet.clusters[c].name] = xs[c];
  return out;
}
