import { toDistribution } from '../../scenario/distributions.js';
import type { Fleet } from '../fleet/types.js';
import { poissonOutages, type Stochastic, type StreamOf } from './processes.js';
import type { UnnumberedEpisode } from './episode.js';

/**
 * Region-pair outages (faults.stochastic.links): one Poisson stream per pair, `faults/link/<a>~<b>`,
 * so leaving a pair out moves no other pair's draws. With `pairs: used`, only pairs `usedLinks`
 * flags (linkPairs.ts usedLinks, the union over every design) draw; a caller that cannot say which
 * pairs are used (no `usedLinks`) gets every pair: more faults, never fewer than the scenario asked.
 */
export function linkEpisodes(fleet: Fleet, l: NonNullable<Stochastic['links']>, horizonS: number, stream: StreamOf, out: UnnumberedEpisode[], usedLinks?: Uint8Array): void {
  const d = toDistribution(l.duration);
  const only = l.pairs === 'used' ? usedLinks : undefined;
  for (const link of fleet.links) {
    if (only !== undefined && only[link.id] === 0) continue;
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
