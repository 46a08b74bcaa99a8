// Where each design puts each service, and what is wrong with it, for `fleetsim check`: the
// model's placement summaries through run/, so cli/ never reaches into model/.
export { resolveScenario, type ResolvedScenario } from './resolveScenario.js';
export type { SizedFleet } from '../model/sizing/index.js';
export { summarizeDesign as summarizePlacement, type DesignSummary as PlacementSummary } from '../model/placement/summary.js';
export { placementProblems } from '../model/placement/problems.js';
export { dataFlows, type DataFlow } from '../model/residency/dataFlows.js';
