import { createStream } from '../../../src/engine/rng.js';
import { Simulator } from '../../../src/engine/simulator.js';
import { ControlPlaneState } from '../../../src/model/runtime/controlPlane.js';
import { KarmadaFailover } from '../../../src/model/runtime/karmadaFailover.js';
import { KubeControllers } from '../../../src/model/runtime/kubeControllers.js';
import { kubeTimings } from '../../../src/model/runtime/kubeTimings.js';
import { POD_STARTING, POD_READY, RuntimeState } from '../../../src/model/runtime/state.js';
import type { KarmadaSpec } from '../../../src/scenario/types.js';
import { world } from './fixture.js';

/**
 * Two clusters (eu, us) of 4 m6i.xlarge nodes, one service `api` of 8 replicas divided 1:1, and the
 * runtime wired as a replication wires it (src/model/replication/replicationWiring.ts) but with the
 * design's KarmadaSpec passed to KarmadaFailover, no traffic and no metrics: tests script API
 * outages, Karmada outages and pod states, and read Karmada's decisions and the desired counts.
 */
export function karmadaYaml(opts: { karmada?: string; failover: string }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: karmada-rig }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 } ]
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: api, replicas: 8, cpu: 500m, memory: 512Mi, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: users, near: eu-west-1, rate: 100/s, entryService: api }
designs:
  - name: divided
${opts.karmada ? `    karmada: ${opts.karmada}\n` : ''}    placement:
      default:
        replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }
        failover: ${opts.failover}
    traffic: { ingress: { dns: {} } }
run: { horizon: 4h, seed: karmada }
`;
}

export const EU = 0;
export const US = 1;

export function karmadaRig(yaml: string, replication = 0, karmadaSpec?: KarmadaSpec) {
  const w = world(yaml);
  const design = w.scenario.designs[0];
  const resolved = w.designs[0];
  const fleet = w.fleet;
  const C = fleet.clusters.length;
  const specs = fleet.clusters.map((c) => w.scenario.clusters.find((s) => s.name === c.name)!);
  const services = resolved.services;
  const stream = (name: string) => createStream('karmada-rig', replication, name);
  const st = new RuntimeState(fleet, services.map((s) => s.cpuMillicores), services.map((s) => s.memoryBytes), specs.map(() => []));
  const sim = new Simulator(4096);
  const cp = new ControlPlaneState(C);
  const streams = fleet.clusters.map((c) => ({ phases: stream(`kube/${c.name}/timerPhases`), podStartup: stream(`kube/${c.name}/podStartup`), autoscaler: stream(`kube/${c.name}/autoscaler`) }));
  const kube = new KubeControllers(sim, st, cp, specs.map(kubeTimings), streams);
  const assigned = new Int32Array(services.length * C);
  resolved.placement.services.forEach((p, s) => {
    let offset = 0;
    for (let c = 0; c < C; c++) {
      assigned[s * C + c] = p.assigned[c];
      kube.seed(s, c, p.podNodes.subarray(offset, offset + p.placed[c]), p.assigned[c]);
      offset += p.placed[c];
    }
  });
  const failover = services.map((s) => design.policies.find((p) => p.service === s.name)!.failover);
  const karmada = new KarmadaFailover(sim, st, kube, cp, services, failover, assigned, stream('karmada/probePhases'), karmadaSpec ?? design.karmada);

  const notReadyAt: number[] = [];
  const failedOverAt: number[] = [];
  const appFailedOverAt: number[] = [];
  karmada.observer = {
    clusterNotReady: (c, t) => c === US && notReadyAt.push(t),
    failedOver: (_s, c, t) => c === US && failedOverAt.push(t),
    applicationFailedOver: (_s, c, t) => c === US && appFailedOverAt.push(t),
  };

  // Scripted actions at given times.
  const actions: (() => void)[] = [];
  const ACT = sim.register('test/act', (i) => actions[i]());
  const at = (tS: number, f: () => void) => {
    actions.push(f);
    sim.at(tS, ACT, actions.length - 1);
  };
  /** Desired replicas of api in cluster c, sampled at the given times. */
  const desiredAt = (c: number, times: number[]) => {
    const out: number[] = [];
    for (const t of times) at(t, () => out.push(st.desired[c]));
    return out;
  };
  /** Make `count` of api's ready pods in cluster c not ready (a workload failure the API reports). */
  const unready = (c: number, count: number) => setPods(st, c, count, POD_READY, POD_STARTING);
  const readyAgain = (c: number, count: number) => setPods(st, c, count, POD_STARTING, POD_READY);
  return { w, st, sim, cp, kube, karmada, design, at, desiredAt, unready, readyAgain, notReadyAt, failedOverAt, appFailedOverAt, run: (untilS: number) => sim.run({ untilS }) };
}

function setPods(st: RuntimeState, c: number, count: number, from: number, to: number): void {
  let n = 0;
  for (let p = st.groupFirstPod[c]; p >= 0 && n < count; p = st.podNextInGroup[p]) {
    if (st.podState[p] !== from) continue;
    st.setPodState(p, to);
    n++;
  }
}
