import { FaultRecorder } from '../runtime/faultRecords.js';
import { FaultReplay } from './faultReplay.js';
import { ReplicationMetrics } from './replicationMetrics.js';
import type { ReplicationInput, ReplicationResult } from './replicationTypes.js';
import { wireReplication } from './replicationWiring.js';
import type { StoreRuntimeFactory } from './storeRuntime.js';

export type { ClusterOutcome, ReplicationInput, ReplicationResult, ServiceOutcome } from './replicationTypes.js';
export { kubeTimings } from '../runtime/kubeTimings.js';

/**
 * Simulate one design for one replication: replay the faults against the fleet, let Kubernetes,
 * etcd and Karmada react, and measure ready capacity, API availability and every fault's timeline.
 *
 * The steps run in this order because it is the order in which set-up events are scheduled (events
 * at one instant run first-scheduled first): the wiring (the traffic model books its hourly demand
 * changes), the fault episodes, the end of warm-up, then the timeline's first sample.
 * `storeRuntime`: the datastore runtime to use (tests); default: the state model's, when the
 * scenario declares datastores.
 */
export function runReplication(input: ReplicationInput, storeRuntime?: StoreRuntimeFactory): ReplicationResult {
  const w = wireReplication(input, storeRuntime);
  const recorder = new FaultRecorder();
  const metrics = new ReplicationMetrics(w, recorder, input.warmupS);
  const onTaint = input.onNodeTaint;
  if (onTaint !== undefined) w.kube.eviction.observer = { nodeTainted: (n, t) => onTaint(n, t, true), nodeUntainted: (n, t) => onTaint(n, t, false) };
  new FaultReplay(w, recorder).schedule(input.faults, input.horizonS);
  metrics.scheduleWarmup(input.warmupS);
  if (input.timelineStepS !== undefined) metrics.scheduleTimeline(input.timelineStepS, input.horizonS);
  w.sim.run({ untilS: input.horizonS });
  recorder.finish();
  return metrics.result(input);
}
