import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Incident replays: names in the library, region mappings (docs/incidents.md). */
export function checkIncidents(_r: Reporter, _s: Partial<RawScenario>): void {}
