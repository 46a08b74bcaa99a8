import { faultSchedule, resolveScenario, simulateDesign } from '../../../run/pipeline.js';
import { scenarioFor } from '../predictKube.js';
import type { ClusterSnapshot } from '../snapshot.js';
import { KUBE_VERSION } from './binaries.js';
import type { LocalKubeSettings } from './localKubeCluster.js';
import { kubernetesSection } from './predictNodeFailure.js';
import { zoneNodes, type ZoneGroupSpec } from './zoneFailure.js';

/**
 * The model's prediction for the zone-failure experiment, from the pipeline `fleetsim run` uses:
 * the cluster as the experiment builds it (its zones and nodes, one small Deployment the scenario
 * needs), the same node-lifecycle and eviction settings, and a scripted node fault on every failing
 * node at the same instant. Per trial, per failing node: when the model marked it NotReady, when it
 * tainted it (NaN: not within `windowS` after the last NotReady) and when it took the taint off
 * again, in s after the fault.
 */
export interface ZoneTrial {
  notReadyS: Record<string, number>;
  taintS: Record<string, number>;
  /** When the taint was taken off again (every zone down), NaN: it stayed (or never came). */
  untaintS: Record<string, number>;
}

export const PROBE_DEPLOYMENT = 'probe';
const FAULT_AT_S = 600;

export function zoneSnapshot(zones: readonly ZoneGroupSpec[]): ClusterSnapshot {
  return {
    context: 'local',
    nodes: zoneNodes(zones).map((n) => ({ name: n.name, controlPlane: false, cpu: n.cpu, memory: n.memory, instanceType: undefined, zone: n.zone, region: n.region, provider: undefined, kubeletVersion: KUBE_VERSION })),
    workloads: [{ kind: 'Deployment', namespace: 'default', name: PROBE_DEPLOYMENT, replicas: 1, cpuMillicores: 100, memoryBytes: 64 * 2 ** 20, matchLabels: {} }],
  };
}

export function predictZoneFailure(zones: readonly ZoneGroupSpec[], settings: LocalKubeSettings, windowS: number, trials: number, seed: string | number): ZoneTrial[] {
  const input = { snapshot: zoneSnapshot(zones), namespace: 'default', workload: PROBE_DEPLOYMENT, trials, seed, kubernetes: kubernetesSection(settings, settings.nodeLeaseDurationS / 4) };
  const failing = zoneNodes(zones).filter((n) => n.failing);
  const { nodeRefs } = scenarioFor(input, {});
  const targets = failing.map((n) => {
    const ref = nodeRefs.get(`local/${n.name}`);
    if (ref === undefined) throw new RangeError(`node ${n.name} is not a worker of the generated scenario`);
    return ref;
  });
  // Long enough for every failing node to turn NotReady and the window after it.
  const horizonS = FAULT_AT_S + settings.nodeLeaseDurationS + settings.nodeMonitorGracePeriodS + 2 * settings.nodeMonitorPeriodS + windowS + 1;
  const { scenario } = scenarioFor(input, {
    faults: { scripted: targets.map((target) => ({ at: `${FAULT_AT_S}s`, kind: 'node', target, for: `${horizonS}s` })) },
    run: { horizon: `${horizonS}s`, replications: trials, seed },
  });
  const resolved = resolveScenario(scenario);
  const out: ZoneTrial[] = [];
  for (let r = 0; r < trials; r++) {
    const episodes = faultSchedule(resolved, r).filter((e) => e.kind === 'node' && e.source === 'scripted');
    // The scripted faults keep the order they were written in: episode i is failing node i.
    if (episodes.length !== failing.length) throw new Error(`internal: ${episodes.length} node faults for ${failing.length} failing nodes`);
    const nameOf = new Map(episodes.map((e, i) => [e.targetId, failing[i].name]));
    const taintS: Record<string, number> = {};
    const untaintS: Record<string, number> = {};
    const notReadyS: Record<string, number> = {};
    const result = simulateDesign(resolved, 0, faultSchedule(resolved, r), r, {
      warmupS: 0,
      traffic: false,
      onNodeTaint: (node, tS, tainted) => {
        const name = nameOf.get(node);
        if (name === undefined) return;
        if (tainted && taintS[name] === undefined) taintS[name] = tS - FAULT_AT_S;
        if (!tainted && untaintS[name] === undefined) untaintS[name] = tS - FAULT_AT_S;
      },
    });
    for (const [i, e] of episodes.entries()) {
      const rec = result.faults.find((f) => f.id === e.id);
      notReadyS[failing[i].name] = rec === undefined || Number.isNaN(rec.detectedS) ? NaN : rec.detectedS - FAULT_AT_S;
    }
    const lastNotReady = Math.max(...Object.values(notReadyS));
    for (const n of failing) {
      if (!(taintS[n.name] <= lastNotReady + windowS)) taintS[n.name] = NaN;
      if (!(untaintS[n.name] <= lastNotReady + windowS)) untaintS[n.name] = NaN;
    }
    out.push({ notReadyS, taintS, untaintS });
  }
  return out;
}
