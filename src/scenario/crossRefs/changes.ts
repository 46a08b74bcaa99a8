import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Change streams and each design's rollouts (docs/changes.md). */
export function checkChanges(_r: Reporter, _s: Partial<RawScenario>): void {}
