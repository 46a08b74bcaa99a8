import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Upgrade settings and disruption budgets (docs/upgrades.md). */
export function checkUpgrades(_r: Reporter, _s: Partial<RawScenario>): void {}
