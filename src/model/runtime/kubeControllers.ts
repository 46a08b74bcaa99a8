import type { Simulator } from '../../engine/simulator.js';
import type { StatefulSetSpec } from '../../scenario/types.js';
import { ClusterAutoscaler } from './clusterAutoscaler.js';
import type { ControlPlaneState } from './controlPlane.js';
import type { KubeClusterStreams, KubeClusterTimings } from './kubeTimings.js';
import { NodeLifecycle } from './nodeLifecycle.js';
import { OutOfServiceTaints } from './outOfServiceTaints.js';
import { PodStartup } from './podStartup.js';
import { ReplicaSetController } from './replicaSets.js';
import { KubeScheduler } from './scheduler.js';
import { POD_READY, type RuntimeState } from './state.js';
import { StatefulVolumes } from './statefulVolumes.js';
import { TaintEviction } from './taintEviction.js';

/**
 * The Kubernetes controllers of every cluster, wired together: node lifecycle (lease expiry →
 * NotReady), taint-based eviction (rate-limited NoExecute taint → pods deleted after
 * tolerationSeconds), ReplicaSets, the scheduler, pod startup and the cluster autoscaler, one module
 * each; for services that run as StatefulSets, their volumes and the out-of-service taint. None acts
 * while its cluster's API is not writable; when it is again, this resumes them all.
 */
export class KubeControllers {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  readonly startup: PodStartup;
  readonly scheduler: KubeScheduler;
  readonly replicaSets: ReplicaSetController;
  readonly eviction: TaintEviction;
  readonly lifecycle: NodeLifecycle;
  readonly autoscaler: ClusterAutoscaler;
  /** The volumes of StatefulSet pods (inactive until `configureStatefulSets` names a stateful service). */
  readonly volumes: StatefulVolumes;
  readonly outOfService: OutOfServiceTaints;
  /** Per cluster: the random streams the controllers draw from (an upgrade's node launches use `autoscaler`). */
  readonly streams: readonly KubeClusterStreams[];
  /**
   * Per node: 1 while a Kubernetes upgrade holds it (cordoned and draining, or launched and not yet
   * Ready: NotReady in the API view either way). Written by the upgrade (drainNodes.ts,
   * upgradeRollout.ts); read here, so that no controller marks such a node Ready meanwhile.
   */
  readonly upgradeHeld: Uint8Array;

  constructor(sim: Simulator, st: RuntimeState, cp: ControlPlaneState, timings: readonly KubeClusterTimings[], streams: readonly KubeClusterStreams[]) {
    this.sim = sim;
    this.st = st;
    this.streams = streams;
    this.upgradeHeld = new Uint8Array(st.nodeCount);
    // Each controller is built after those it calls; the scheduler calls the autoscaler, which
    // calls the scheduler back, so that one edge is a hook set once both exist.
    this.volumes = new StatefulVolumes(sim, st);
    this.startup = new PodStartup(sim, st, timings, streams, this.volumes);
    this.scheduler = new KubeScheduler(sim, st, cp, timings, this.startup, this.volumes);
    this.replicaSets = new ReplicaSetController(sim, st, cp, timings, this.scheduler);
    this.eviction = new TaintEviction(sim, st, cp, timings, this.replicaSets, this.volumes);
    this.outOfService = new OutOfServiceTaints(sim, st, cp, this.volumes, this.replicaSets);
    this.lifecycle = new NodeLifecycle(sim, st, cp, timings, streams, { eviction: this.eviction, scheduler: this.scheduler, startup: this.startup, outOfService: this.outOfService });
    this.autoscaler = new ClusterAutoscaler(sim, st, cp, timings, streams, { scheduler: this.scheduler, eviction: this.eviction, volumes: this.volumes });
    const autoscaler = this.autoscaler;
    this.scheduler.onUnschedulable = (c) => autoscaler.requestScaleUp(c);
    const downSinceS = new Float64Array(st.clusterCount);
    cp.onChange((c, writable, nowS) => {
      if (!writable) downSinceS[c] = nowS;
      else this.resumeCluster(c, nowS - downSinceS[c]);
    });
  }

  /**
   * Create the initial pods already bound and ready (the fleet is in steady state at time 0).
   * `nodes` lists a node per pod of the group as placement decided; pods that did not fit start pending.
   */
  seed(service: number, cluster: number, nodes: ArrayLike<number>, desired: number): void {
    const st = this.st;
    st.desired[st.group(service, cluster)] = desired;
    for (let i = 0; i < nodes.length; i++) {
      const p = st.createPod(service, cluster);
      st.bindPod(p, nodes[i]);
      this.volumes.seeded(p);
      st.setPodState(p, POD_READY);
    }
    this.replicaSets.reconcile(service, cluster);
  }

  /**
   * Which services run as StatefulSets: per service id, its settings (ServiceSpec.statefulSet), or
   * undefined for a Deployment. Call once before the simulation runs; without it (or with no
   * stateful service) every service is a Deployment.
   */
  configureStatefulSets(specs: readonly (StatefulSetSpec | undefined)[]): void {
    this.volumes.configure(specs);
  }

  /** Desired replicas of (service, cluster) changed (Karmada's assignment). */
  setDesired(service: number, cluster: number, desired: number): void {
    this.replicaSets.setDesired(service, cluster, desired);
  }

  /** The machine stopped (called by the fault replay). */
  machineDown(node: number): void {
    this.lifecycle.machineDown(node);
  }

  /** The machine runs again (called by the fault replay). */
  machineUp(node: number): void {
    this.lifecycle.machineUp(node);
    // A cordoned or joining node stays NotReady until its upgrade says otherwise.
    if (this.upgradeHeld[node]) this.lifecycle.nodeRemoved(node);
  }

  /** Cluster c's API accepts writes again after `outageS`: every controller catches up on what it missed. */
  private resumeCluster(c: number, outageS: number): void {
    const st = this.st;
    const cluster = st.fleet.clusters[c];
    const nowS = this.sim.now;
    const each = (node: number) => {
      if (!st.nodeActive[node]) return;
      if (!this.upgradeHeld[node]) this.lifecycle.resumeNode(node, nowS, outageS);
      this.eviction.resumeNode(node);
      this.outOfService.resumeNode(node);
    };
    for (let node = cluster.nodeStart; node < cluster.nodeStart + cluster.nodeCount; node++) each(node);
    for (let node = st.spareStart[c]; node < st.spareStart[c] + st.spareCount[c]; node++) each(node);
    this.eviction.kickCluster(c);
    for (let s = 0; s < st.serviceCount; s++) this.replicaSets.reconcile(s, c);
    this.scheduler.kick(c);
    this.scheduler.requestRetry(c);
  }
}
