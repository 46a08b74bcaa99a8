import type { DesignEpisodeInput } from './episodeInput.js';
import type { UnnumberedEpisode } from './episode.js';

/** Outages of the shared dependencies the design uses, gray failures and certificate expiries: docs/dependencies.md. */
export function dependencyEpisodes(_input: DesignEpisodeInput): UnnumberedEpisode[] {
  return [];
}
