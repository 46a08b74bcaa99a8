import { stringify } from 'yaml';
import { createStream } from '../../engine/rng.js';
import { parseScenario, formatError, type Scenario } from '../../scenario/index.js';
import { kubeTimings } from '../../model/replication/replication.js';
import { faultSchedule, resolveScenario, simulateDesign } from '../../run/pipeline.js';
import { snapshotsToScenario } from './importScenario.js';
import type { ClusterSnapshot } from './snapshot.js';

/**
 * The simulator's prediction of "time until the workload's replicas are all ready again" for the
 * live Kubernetes experiments, from the same model `fleetsim run` uses.
 *
 * - node-stop: the cluster as imported (nodes, the one workload, Kubernetes defaults for its
 *   version), a scripted node fault on the stopped node, and the fault record's recovery time from
 *   the run pipeline (lease expiry → NotReady → NoExecute taint → eviction after tolerationSeconds →
 *   ReplicaSet → scheduler → pod start-up → ready).
 * - pod-kill: no node fails, so the node timeline does not apply; the ReplicaSet replaces the pods at
 *   once and the prediction is the model's scheduler time (k pods at its throughput) plus one pod
 *   start-up drawn from the cluster's podStartup distribution (the slowest of k).
 */
export interface KubePredictInput {
  snapshot: ClusterSnapshot;
  namespace: string;
  workload: string;
  trials: number;
  seed: string | number;
  /** The cluster's `kubernetes:` timings, as a scenario file writes them (default: Kubernetes' defaults for its version). */
  kubernetes?: Record<string, unknown>;
}

export function scenarioFor(input: KubePredictInput, extra: Record<string, unknown>): { scenario: Scenario; nodeRefs: Map<string, string> } {
  const w = input.snapshot.workloads.filter((x) => x.namespace === input.namespace && x.name === input.workload);
  if (w.length === 0) throw new RangeError(`no Deployment or StatefulSet ${input.namespace}/${input.workload} in ${input.snapshot.context}`);
  const imported = snapshotsToScenario([{ ...input.snapshot, workloads: w }], { name: 'validate-kube', unknownRegionRttMs: 1, includeSystemNamespaces: true, serviceTime: '5ms' });
  if (input.kubernetes !== undefined) (imported.scenario.clusters as Array<Record<string, unknown>>)[0].kubernetes = input.kubernetes;
  const text = stringify({ ...imported.scenario, ...extra });
  const loaded = parseScenario(text, 'validate-kube.yaml');
  if (!loaded.ok) throw new Error(`internal: the generated scenario is invalid:\n${loaded.errors.map(formatError).join('\n')}`);
  return { scenario: loaded.scenario, nodeRefs: imported.nodeRefs };
}

/**
 * Seconds from the node stopping until the workload has all its replicas ready again, per simulated
 * trial (`samplesS`), and, for the same trials, until the node was marked NotReady (`notReadyS`).
 */
export function predictNodeStop(input: KubePredictInput & { nodeName: string }): { samplesS: number[]; notReadyS: number[]; censored: number; emptyNode: number } {
  const base = scenarioFor(input, {});
  const ref = base.nodeRefs.get(`${input.snapshot.context}/${input.nodeName}`);
  if (ref === undefined) throw new RangeError(`node ${input.nodeName} is not a worker of ${input.snapshot.context}`);
  const { scenario } = scenarioFor(input, {
    faults: { scripted: [{ at: '10m', kind: 'node', target: ref, for: '3h' }] },
    run: { horizon: '4h', replications: input.trials, seed: input.seed },
  });
  const resolved = resolveScenario(scenario);
  const samplesS: number[] = [];
  const notReadyS: number[] = [];
  let censored = 0;
  // Trials in which the model's scheduler had put none of the pods on that node: nothing to recover.
  let emptyNode = 0;
  for (let r = 0; r < input.trials; r++) {
    // The pipeline's stages: the scripted fault (horizon and seed from the run section above),
    // the one design, from t = 0 and without the traffic model (recovery of replicas is the question).
    const result = simulateDesign(resolved, 0, faultSchedule(resolved, r), r, { warmupS: 0, traffic: false });
    const rec = result.faults[0];
    if (rec !== undefined && rec.podsLost === 0) emptyNode++;
    else if (rec === undefined || rec.censored || Number.isNaN(rec.recoveredS)) censored++;
    else {
      samplesS.push(rec.recoveredS - rec.startS);
      notReadyS.push(rec.detectedS - rec.startS);
    }
  }
  return { samplesS, notReadyS, censored, emptyNode };
}

/** Seconds from deleting `pods` pods until all replicas are ready again, per simulated trial. */
export function predictPodKill(input: KubePredictInput & { pods: number }): number[] {
  const { scenario } = scenarioFor(input, {});
  const t = kubeTimings(scenario.clusters[0]);
  const out: number[] = [];
  for (let r = 0; r < input.trials; r++) {
    const rng = createStream(input.seed, r, 'live/kube/pod-kill');
    let slowest = 0;
    for (let k = 1; k <= input.pods; k++) slowest = Math.max(slowest, k / t.schedulerThroughputPodsPerS + t.podStartup.sample(rng));
    out.push(slowest);
  }
  return out;
}
