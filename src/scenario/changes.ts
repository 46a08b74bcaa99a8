import * as z from 'zod';
import { LIMITS } from './limits.js';
import { list, name } from './schemaPrimitives.js';
import type { ChangeStreamSpec, RolloutSpec } from './specs/changes.js';
export type { ChangeStreamSpec, RolloutSpec } from './specs/changes.js';

/**
 * Changes as faults: streams of deploys, config pushes, GitOps syncs, Kubernetes upgrades and
 * certificate rotations, some of them bad (faults.changes), and each design's rollout strategy per
 * stream (designs[].rollouts). docs/changes.md.
 */

export const changeStreamSchema = z
  .strictObject({
    name: name('Change stream name, unique.'),
  })
  .meta({ title: 'ChangeStream' });

export const changeStreamsSchema = list(changeStreamSchema, LIMITS.smallCount);

export const rolloutSchema = z
  .strictObject({
    stream: name('The change stream (faults.changes[].name) this rollout applies to.'),
  })
  .meta({ title: 'Rollout' });

export const rolloutsSchema = list(rolloutSchema, LIMITS.smallCount);

export type RawChangeStream = z.output<typeof changeStreamSchema>;
export type RawRollout = z.output<typeof rolloutSchema>;

export function resolveChangeStreams(raw: readonly RawChangeStream[] | undefined): ChangeStreamSpec[] {
  return (raw ?? []).map((c) => ({ name: c.name }));
}

/** A design's rollouts; a stream the design does not name is rolled out by the default strategy. */
export function resolveRollouts(raw: readonly RawRollout[] | undefined, _streams: readonly ChangeStreamSpec[]): RolloutSpec[] {
  return (raw ?? []).map((r) => ({ stream: r.stream }));
}
