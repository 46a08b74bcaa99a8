import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Karmada versions and application failover (docs/failures.md). */
export function checkKarmada(_r: Reporter, _s: Partial<RawScenario>): void {}
