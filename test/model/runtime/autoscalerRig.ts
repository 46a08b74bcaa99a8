import { constant } from '../../../src/engine/distributions.js';
import { createStream } from '../../../src/engine/rng.js';
import { Simulator } from '../../../src/engine/simulator.js';
import { ControlPlaneState } from '../../../src/model/runtime/controlPlane.js';
import { KubeControllers } from '../../../src/model/runtime/kubeControllers.js';
import { kubeTimings } from '../../../src/model/runtime/kubeTimings.js';
import { RuntimeState } from '../../../src/model/runtime/state.js';
import { world } from './fixture.js';

/**
 * One cluster (region us-east-1) with one pool of m6i.xlarge nodes (≈ 3.92 allocatable vCPU: four
 * 900m pods fill one), the Kubernetes controllers and a configured cluster autoscaler, all with
 * constant delays (decision 5 s, provisioning 60 s unless `provisioning` says otherwise, pod startup 2 s) so that event times can be
 * derived by hand. `service` pods of 900m are seeded Ready (as placement would) on the given nodes.
 */
export function autoscalerRig(opts: { nodes: number; min: number; max: number; zones?: number; autoscaler?: string; provisioning?: string; seedPods?: number[] }) {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'].slice(0, opts.zones ?? 1);
  const w = world(`apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: ca }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - name: c1
    region: us-east-1
    zones: [${zones.join(', ')}]
    nodePools: [ { name: pool, instanceType: m6i.xlarge, count: ${opts.nodes}, autoscaling: { min: ${opts.min}, max: ${opts.max} } } ]
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: []
    autoscaler: { decisionDelay: 5s, nodeProvisioning: ${opts.provisioning ?? '60s'}${opts.autoscaler ? `, ${opts.autoscaler}` : ''} }
workload:
  services: [ { name: api, replicas: 1, cpu: 900m, memory: 512Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: users, near: us-east-1, rate: 1/s, entryService: api } ]
designs: [ { name: only, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } } ]
run: { horizon: 1h, seed: ca }
`);
  const { fleet } = w;
  const specs = w.scenario.clusters;
  const pool = specs[0].nodePools[0];
  const st = new RuntimeState(fleet, [900], [512 * 2 ** 20], [[{ poolId: 0, count: opts.max - opts.nodes }]]);
  const sim = new Simulator(256);
  const cp = new ControlPlaneState(1);
  const timings = specs.map((s) => ({ ...kubeTimings(s), podStartup: constant(2) }));
  const streams = [{ phases: createStream('ca', 0, 'phases'), podStartup: createStream('ca', 0, 'startup'), autoscaler: createStream('ca', 0, 'ca') }];
  const kube = new KubeControllers(sim, st, cp, timings, streams);
  const seedPods = opts.seedPods ?? [];
  kube.seed(0, 0, Int32Array.from(seedPods), seedPods.length);
  kube.autoscaler.configure(specs, { replicaSets: kube.replicaSets, lifecycle: kube.lifecycle });
  /** Times of the events of the named type dispatched from now on. */
  const times = (name: string): number[] => {
    const out: number[] = [];
    const previous = sim.trace;
    sim.trace = (t, type, typeName, arg) => {
      previous?.(t, type, typeName, arg);
      if (typeName === name) out.push(t);
    };
    return out;
  };
  /** Active nodes of the cluster now. */
  const activeNodes = () => st.nodeActive.reduce((a, x) => a + x, 0);
  /** A machine stops or restarts, as the fault replay does it. */
  const machine = (node: number, up: boolean) => {
    st.nodeDownCauses[node] += up ? -1 : 1;
    if (up) kube.machineUp(node);
    else kube.machineDown(node);
  };
  return { w, fleet, specs, pool, st, sim, cp, kube, times, activeNodes, machine };
}
