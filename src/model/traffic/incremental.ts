/**
 * Switches for the fluid evaluation's incremental shortcuts. Each shortcut computes what the full
 * evaluation computes, bit for bit; they exist as switches so that tests can run the same
 * replication both ways and compare (test/model/traffic/incremental.test.ts). Not a user setting.
 * For the fleet-wide (mesh) evaluation:
 * - sparsePasses: a load-flow pass visits only the pools that can differ from the last pass
 *   (LoadFlow.sparseAllowed) instead of every (service, cluster) of the fleet;
 * - keptRoutes: mesh call routes are kept across evaluations unless their inputs changed
 *   (CallRoutes.beginEvaluation) instead of being recomputed at each one;
 * - sparseBackward: the success pass recomputes only the services whose inputs changed (their
 *   pools' own success or servers, a callee's success or routes) instead of every serving pool;
 * - watchedLatencyInputs: a user region's latency lookup reuses its last estimate while nothing its
 *   fingerprint reads has changed (FingerprintInputs) instead of walking its call tree again;
 * - deltaPasses: a load-flow pass visits only the components (clusters joined by calls) where
 *   something changed, when nothing can cross into them (LoadFlow.fleetPass), instead of every pool;
 * - hourSlots: a load flow per hour of the day (HourSlots), so that an hour's demand step is a
 *   delta pass from yesterday's same hour instead of a whole pass from the hour before.
 * And two for the per-cluster (no mesh) evaluation:
 * - changedClustersOnly: an evaluation in which nothing but some clusters' pods changed visits
 *   only those clusters and the user regions whose routes hold them (FluidEvaluation.byClusterChanges)
 *   instead of every cluster and region;
 * - clusterHourSlots: the per-cluster evaluation's state kept per hour of the day (ClusterHourSlots),
 *   so that an hour's demand step evaluates again only the clusters that changed since yesterday's
 *   same hour instead of every cluster and region.
 */
export const incremental = { sparsePasses: true, keptRoutes: true, sparseBackward: true, watchedLatencyInputs: true, deltaPasses: true, hourSlots: true, changedClustersOnly: true, clusterHourSlots: true };
