/**
 * Knob paths into a scenario document: `clusters[eu-1].nodePools[general].count`. The grammar and
 * the walk are the scenario loader's (src/scenario/docPaths.ts), so `check` and `plan` read a path
 * the same way; plan adds writing a value where a path points.
 */
import { locateDocPath, parseDocPath, type DocPathStep } from '../scenario/docPaths.js';

export type PathStep = DocPathStep;

/** Parses a path; undefined when it is not well formed. */
export const parsePath = parseDocPath;

/** The (container, key) places a path reaches; throws with what is missing when a step does not exist. */
export const locate = locateDocPath;

/** Sets every place the path reaches to `value`, in place. */
export function setAt(doc: unknown, steps: readonly PathStep[], value: unknown): void {
  for (const { parent, key } of locateDocPath(doc, steps)) parent[key] = value;
}
