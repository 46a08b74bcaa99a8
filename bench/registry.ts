import { allocSuite } from './suites/alloc.js';
import { holdSuite } from './suites/hold.js';
import { mmcSuite } from './suites/mmc.js';
import { pholdSuite } from './suites/phold.js';
import { fleetSuite } from './suites/fleet.js';
import { startupSuite } from './suites/startup.js';
import { jobSuite } from './suites/job.js';
import { scenariosSuite } from './suites/scenarios.js';
import { coverageSuite } from './suites/coverage.js';
import type { Suite } from './types.js';

/**
 * Every benchmark suite, in run order. To add one: write bench/suites/NAME.ts exporting a Suite
 * ({ name, description, run(options) → { rows, targets?, notes? } }) and list it here.
 */
export const suites: readonly Suite[] = [holdSuite, pholdSuite, mmcSuite, allocSuite, fleetSuite, startupSuite, jobSuite, scenariosSuite, coverageSuite];
