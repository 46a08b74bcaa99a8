import type { DesignEpisodeInput } from './episodeInput.js';
import type { UnnumberedEpisode } from './episode.js';

/** Published incidents replayed (faults.incidents): docs/incidents.md. */
export function incidentEpisodes(_input: DesignEpisodeInput): UnnumberedEpisode[] {
  return [];
}
