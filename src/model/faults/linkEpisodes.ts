import { toDistribution } from '../../scenario/distributions.js';
import type { Fleet } from '../fleet/types.js';
import { poissonOutages, type Stochastic, type StreamOf, } from './processes.js';
import type { UnnumberedEpisode } from './episode.js';

/** Region-pair outages (faults.stochastic.links): one Poisson stream per pair, `faults/link/<a>~<b>`. */
export function linkEpisodes(fleet: Fleet, l: NonNullable<Stochastic['links']>, horizonS: number, stream: StreamOf, out: UnnumberedEpisode[]): void {
  const d = toDistribution(l.duration);
  for (const link of fleet.links) {
    const name = `${fleet.regions[link.regionA].name}~${fleet.regions[link.regionB].name}`;
    poissonOutages(stream(`faults/link/${name}`), l.perYear, d, horizonS, (s, e) =>
      out.push({
        kind: 'link',
        targetId: link.id,
        targetName: name,
        startS: s,
        endS: e,
        source: 'stochastic',
        linkMode: l.mode,
        extraLatencyMs: l.extraLatencyMs,
        lossRatio: l.lossRatio,
      }),
    );
  }
}
