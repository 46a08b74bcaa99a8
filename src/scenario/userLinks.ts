/**
 * Users reach clusters over the topology's links (docs/traffic.md, "Users over links"): which
 * topology region a user region's traffic enters the network at (workload.userRegions[].via), so
 * that partitions and degradations of that region's links reach users too; and which region pairs
 * draw stochastic link faults (faults.stochastic.links.pairs).
 */

/**
 * Whether a user region without `via` gets one from where it is (true, the default), or reaches
 * every region directly, untouched by link faults (false: fleetsim before issue 15, which let a
 * partition between stores and their cloud region pass unnoticed by the stores' users).
 */
export const VIA_DEFAULTS_FROM_LOCATION = true;

/**
 * Which region pairs draw stochastic link faults when the scenario does not say: 'used' (only pairs
 * that carry user traffic, service calls or etcd peers, on any design's steady or failover paths);
 * 'all' draws every pair, as fleetsim did before issue 15.
 */
export const LINK_PAIRS_DEFAULT: 'used' | 'all' = 'used';

/** faults.stochastic.links.pairs as written, or the default. */
export function resolveLinkPairs(written: 'used' | 'all' | undefined): 'used' | 'all' {
  return written ?? LINK_PAIRS_DEFAULT;
}

/** The fields of a user region this module reads (rtt in seconds, as parsed). */
export interface UserRegionLocation {
  readonly via?: string | undefined;
  readonly near?: string | undefined;
  readonly rtt?: Readonly<Record<string, number>> | undefined;
}

/**
 * The region whose links carry the users' traffic; undefined: no link fault touches them.
 * An explicit `via` wins. Otherwise (when `inferDefault`):
 * - `near` names a topology region: that region (the users sit in it, as the RTT model assumes);
 * - `near` names a region outside the topology, or the RTTs are explicit: the topology region with
 *   the lowest RTT from the users (ties: topology order). Traffic joins the modelled network where
 *   it is closest to it; reaching a farther region means crossing the topology from there, which is
 *   what a public-internet route from that side of the world does. The alternative, no via region,
 *   would make such users immune to every link fault, the bias issue 15 is about.
 * `rttMsByRegion`: the resolved RTTs (UserRegionSpec.rttMsByRegion), needed for users near a region
 * outside the topology; without it only explicit `rtt` can name the nearest region.
 */
export function resolveViaRegion(
  raw: UserRegionLocation,
  topologyRegions: ReadonlySet<string>,
  rttMsByRegion?: Readonly<Record<string, number>>,
  inferDefault: boolean = VIA_DEFAULTS_FROM_LOCATION,
): string | undefined {
  if (raw.via !== undefined) return raw.via;
  if (!inferDefault) return undefined;
  if (raw.near !== undefined && topologyRegions.has(raw.near)) return raw.near;
  const rtts = rttMsByRegion ?? raw.rtt;
  if (rtts === undefined) return undefined;
  return nearestRegion(topologyRegions, rtts);
}

/** The region with the lowest finite RTT, the first in topology order on a tie; undefined when none has one. */
function nearestRegion(topologyRegions: ReadonlySet<string>, rtts: Readonly<Record<string, number>>): string | undefined {
  let best: string | undefined;
  let bestRtt = Number.POSITIVE_INFINITY;
  for (const region of topologyRegions) {
    const rtt = rtts[region];
    if (rtt !== undefined && rtt < bestRtt) {
      best = region;
      bestRtt = rtt;
    }
  }
  return best;
}
