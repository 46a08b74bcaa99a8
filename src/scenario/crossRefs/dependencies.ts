import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Shared dependencies, designs' dependsOn, gray failures, certificates, health checks (docs/dependencies.md). */
export function checkDependencies(_r: Reporter, _s: Partial<RawScenario>): void {}
