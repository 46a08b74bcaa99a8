import type { FaultEpisode } from '../../../src/model/faults/schedule.js';
import { FaultReplay } from '../../../src/model/replication/faultReplay.js';
import { ReplicationMetrics } from '../../../src/model/replication/replicationMetrics.js';
import type { ReplicationInput } from '../../../src/model/replication/replicationTypes.js';
import { wireReplication, type ReplicationWiring } from '../../../src/model/replication/replicationWiring.js';
import { FaultRecorder } from '../../../src/model/runtime/faultRecords.js';
import { ClusterUpgrades } from '../../../src/model/runtime/upgrades.js';
import { POD_READY } from '../../../src/model/runtime/state.js';
import type { World } from './fixture.js';

/** A scripted-style upgrade episode of cluster 0. */
export function upgradeEpisode(startS: number, endS: number, id = 0): FaultEpisode {
  return { id, kind: 'upgrade', targetId: 0, targetName: 'c1', startS, endS, source: 'scripted' };
}

function input(w: World, faults: FaultEpisode[], horizonS: number, withTraffic: boolean): ReplicationInput {
  return {
    fleet: w.fleet,
    clusters: w.scenario.clusters,
    design: w.scenario.designs[0],
    resolved: w.designs[0],
    faults,
    seed: w.scenario.run.seed,
    replication: 0,
    horizonS,
    warmupS: 0,
    ...(withTraffic ? { scenario: w.scenario } : {}),
  };
}

/**
 * The Kubernetes runtime of design 0 with an upgrade machinery of its own (the scenario's upgrade
 * settings and budgets), driven by the test: `at(t, ep)` starts an episode. Records every change of
 * service 0's ready count in cluster 0, and the times its pods were evicted.
 */
export function upgradeRig(w: World, horizonS: number) {
  const wiring = wireReplication(input(w, [], horizonS, false));
  const { sim, st, kube } = wiring;
  kube.autoscaler.configure(wiring.specs, { replicaSets: kube.replicaSets, lifecycle: kube.lifecycle });
  const up = new ClusterUpgrades({ ...wiring, scenario: w.scenario });
  const readyLog: { tS: number; ready: number }[] = [{ tS: 0, ready: st.ready[st.group(0, 0)] }];
  st.onGroupChange = (s, c) => {
    if (s === 0 && c === 0) readyLog.push({ tS: sim.now, ready: st.ready[st.group(0, 0)] });
  };
  const episodes: FaultEpisode[] = [];
  const START = sim.register('test/upgradeStart', (i) => up.apply(episodes[i], 1));
  const at = (ep: FaultEpisode) => {
    episodes.push(ep);
    sim.at(ep.startS, START, episodes.length - 1);
  };
  /** Per active node of cluster 0: its Ready pods of service 0. */
  const podsPerNode = () => {
    const out: number[] = [];
    for (let n = 0; n < st.nodeCount; n++) {
      if (!st.nodeActive[n]) continue;
      let k = 0;
      for (let p = st.nodeFirstPod[n]; p >= 0; p = st.podNextOnNode[p]) if (st.podState[p] === POD_READY) k++;
      out.push(k);
    }
    return out;
  };
  const minReady = () => Math.min(...readyLog.map((x) => x.ready));
  return { wiring, sim, st, up, at, readyLog, podsPerNode, minReady };
}

/**
 * A whole replication with the traffic model, as runReplication does it, except that the wiring
 * carries the design's scenario (so the fault replay's upgrades see faults.upgrades and the budgets).
 */
export function runWithUpgrades(w: World, faults: FaultEpisode[], horizonS: number) {
  const inp = input(w, faults, horizonS, true);
  const wired: ReplicationWiring & { scenario: typeof w.scenario } = { ...wireReplication(inp), scenario: w.scenario };
  const recorder = new FaultRecorder();
  const metrics = new ReplicationMetrics(wired, recorder, 0);
  new FaultReplay(wired, recorder).schedule(faults, horizonS);
  metrics.scheduleWarmup(0);
  wired.sim.run({ untilS: horizonS });
  recorder.finish();
  return metrics.result(inp);
}
