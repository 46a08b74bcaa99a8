import { faultSchedule, resolveScenario, simulateDesign } from '../../../run/pipeline.js';
import { scenarioFor } from '../predictKube.js';
import type { LocalKubeSettings } from './localKubeCluster.js';
import { kubernetesSection, localSnapshot } from './predictNodeFailure.js';
import type { SchedulerThroughputSetup } from './schedulerThroughput.js';

/**
 * The model's prediction for the scheduler-throughput experiment, through the pipeline `fleetsim
 * run` uses (the same cluster, Deployment and settings as predictNodeFailure.ts, lease renewed as
 * KWOK renews it): per trial, the times from NotReady at which the killed node's replacements turned
 * Ready, read from the ready-replica timeline sampled every `TIMELINE_STEP_S`. The Ready times are
 * what the whole chain produces (taint, tolerationSeconds, the taint-eviction controller's deletions,
 * the ReplicaSet controller's creations, the scheduler, start-up).
 */
export const TIMELINE_STEP_S = 0.05;
const FAULT_AT_S = 60;

export interface SchedulerThroughputPrediction {
  /** Per trial, s from NotReady: the first and the last replacement Ready. */
  notReadyToFirstReadyS: number[];
  notReadyToAllReadyS: number[];
  /** Per trial: replacements Ready per second, (k − 1) / (last − first). */
  readyPerS: number[];
  /** Per trial: replacements. */
  replacements: number[];
  emptyNode: number;
  censored: number;
}

/** Times (after `fromS`) at which the ready count first climbs to each value above its low point, from samples every `stepS`. */
export function climbTimesS(ready: readonly number[], stepS: number, fromS: number, target: number): number[] {
  const start = Math.ceil(fromS / stepS);
  let low = Number.POSITIVE_INFINITY;
  for (let i = start; i < ready.length; i++) low = Math.min(low, ready[i]);
  if (!Number.isFinite(low)) return [];
  const out: number[] = [];
  let level = low;
  let seenLow = false;
  for (let i = start; i < ready.length && level < target; i++) {
    if (!seenLow) {
      seenLow = ready[i] === low;
      if (!seenLow) continue;
    }
    while (ready[i] > level && level < target) {
      level++;
      out.push(i * stepS);
    }
  }
  return out;
}

/** `overrides`: more fields of the cluster's `kubernetes:` section (e.g. the client limits), for what-ifs and tests. */
export function predictSchedulerThroughput(
  setup: SchedulerThroughputSetup,
  settings: LocalKubeSettings,
  nodeName: string,
  trials: number,
  seed: string | number,
  overrides: Record<string, unknown> = {},
): SchedulerThroughputPrediction {
  const input = { snapshot: localSnapshot(setup), namespace: setup.namespace, workload: setup.deployment, trials, seed, kubernetes: { ...kubernetesSection(settings, settings.nodeLeaseDurationS / 4), ...overrides } };
  const base = scenarioFor(input, {});
  const ref = base.nodeRefs.get(`local/${nodeName}`);
  if (ref === undefined) throw new RangeError(`node ${nodeName} is not a worker of the local cluster`);
  const horizonS = FAULT_AT_S + settings.nodeMonitorGracePeriodS + settings.nodeLeaseDurationS + settings.tolerationS + 120;
  const { scenario } = scenarioFor(input, {
    faults: { scripted: [{ at: `${FAULT_AT_S}s`, kind: 'node', target: ref, for: '1h' }] },
    run: { horizon: `${horizonS}s`, replications: trials, seed },
  });
  const resolved = resolveScenario(scenario);
  const out: SchedulerThroughputPrediction = { notReadyToFirstReadyS: [], notReadyToAllReadyS: [], readyPerS: [], replacements: [], emptyNode: 0, censored: 0 };
  for (let r = 0; r < trials; r++) {
    const result = simulateDesign(resolved, 0, faultSchedule(resolved, r), r, { warmupS: 0, traffic: false, timelineStepS: TIMELINE_STEP_S });
    const rec = result.faults[0];
    if (rec !== undefined && rec.podsLost === 0) {
      out.emptyNode++;
      continue;
    }
    if (rec === undefined || rec.censored || Number.isNaN(rec.recoveredS) || result.timeline === undefined) {
      out.censored++;
      continue;
    }
    const ready = result.timeline.ready.map((row) => row[0]);
    const climbs = climbTimesS(ready, TIMELINE_STEP_S, rec.detectedS, setup.replicas);
    if (climbs.length === 0) {
      out.censored++;
      continue;
    }
    const first = climbs[0];
    const last = climbs[climbs.length - 1];
    out.notReadyToFirstReadyS.push(first - rec.detectedS);
    out.notReadyToAllReadyS.push(last - rec.detectedS);
    out.readyPerS.push(climbs.length > 1 && last > first ? (climbs.length - 1) / (last - first) : Number.POSITIVE_INFINITY);
    out.replacements.push(climbs.length);
  }
  return out;
}
