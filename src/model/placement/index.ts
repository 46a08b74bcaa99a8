// Placement: Karmada-style policies → replicas per cluster → pods bound to nodes.
export * from './types.js';
export { apportion } from './apportion.js';
export { globToRegExp, matchesAny } from './glob.js';
export { fullAvailability, withClustersDown, emptyCapacity, podsFitInCluster, podsFitOnNode, type Availability, type CapacityState } from './capacity.js';
export { compileService, PlacementError, type CompiledService, type CompiledScheduling, type CompiledAffinity, type CompiledSpread } from './compile.js';
export { selectBySpread, groupsOf } from './spread.js';
export { divideReplicas } from './divide.js';
export { bindPods } from './binpack.js';
export { placeService } from './placeService.js';
export { placeDesign, placementOrder, type PlaceDesignOptions } from './placeDesign.js';
export { clusterHeadroom } from './headroom.js';
export { resolveDesigns, compileDesign, placementPolicyFromScenario, type ResolvedDesign } from './resolveDesigns.js';
export { usedClusters } from './usedClusters.js';
export { podRequests, type PodRequests } from './podRequests.js';
export { summarizeDesign, type DesignSummary, type PlacementRow } from './summary.js';
export { placementProblems, type PlacementProblem } from './problems.js';
