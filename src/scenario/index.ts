// Scenario files: YAML → validated, defaulted, typed Scenario; errors with file:line:col and path.
export type * from './types.js';
export { PROVIDERS } from './types.js';
export { loadScenario, parseScenario, readScenarioText, type ExtraChecks, type LoadResult, type ReadResult } from './load.js';
export { LIMITS } from './limits.js';
export { formatError, formatPath, type FieldPath, type Problem, type ScenarioError } from './errors.js';
export { MACHINE_SHAPES, findMachineShape, type MachineProvider, type MachineShape } from './machineShapes.js';
export { scenarioJsonSchema } from './schema.js';
export { toDistribution, describeDistribution } from './distributions.js';
export { controlPlaneAvailability, describeControlPlaneOutages } from './controlPlaneOutages.js';
export { KNOWN_REGIONS, knownRegion, estimateRttMs, type KnownRegion } from './regions.js';
export { globMatch, quorum } from './context.js';
export { formatBytes, formatCpu, formatDuration, parseBytes, parseCpu, parseDuration, parseMemory, parsePercent, parseRate } from './units.js';
