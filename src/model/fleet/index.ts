// The resolved fleet: regions, zones, clusters, nodes, etcd members, links.
export * from './types.js';
export { buildFleet, FleetError, rttMsBetweenZones, rttMsBetweenClusters, DEFAULT_INTER_ZONE_RTT_MS, DEFAULT_INTRA_ZONE_RTT_MS } from './buildFleet.js';
export { reservedFor, allocatableFor, daemonSetOverhead, workloadCapacity, DEFAULT_MAX_PODS, EVICTION_THRESHOLD_BYTES, type Reserved } from './reserved.js';
export { resolveFleet, fleetInputFromScenario, type ResolveFleetOptions } from './resolveFleet.js';
