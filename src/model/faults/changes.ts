import type { DesignEpisodeInput } from './episodeInput.js';
import type { UnnumberedEpisode } from './episode.js';

/** Bad changes rolled out by the design (faults.changes, designs[].rollouts): docs/changes.md. */
export function changeEpisodes(_input: DesignEpisodeInput): UnnumberedEpisode[] {
  return [];
}
