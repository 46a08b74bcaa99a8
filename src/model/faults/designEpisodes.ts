import { changeEpisodes } from './changes.js';
import { dependencyEpisodes } from './dependencies.js';
import type { DesignEpisodeInput } from './episodeInput.js';
import { incidentEpisodes } from './incidents.js';
import type { UnnumberedEpisode } from './episode.js';

export type { DesignEpisodeInput } from './episodeInput.js';

/**
 * The episodes of one replication that depend on the design: its rollouts of each change stream,
 * outages of the shared dependencies it uses, gray failures and certificate expiries of its
 * clusters, and replayed incidents. The fleet's own faults (generateFaultSchedule) come first; these
 * are added to them (withDesignEpisodes). Generation order is part of the result: keep it.
 */
export function designEpisodes(input: DesignEpisodeInput): UnnumberedEpisode[] {
  return [...changeEpisodes(input), ...dependencyEpisodes(input), ...incidentEpisodes(input)];
}
