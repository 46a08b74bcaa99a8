import type { Simulator } from '../../engine/simulator.js';
import type { ControlPlaneState } from './controlPlane.js';
import { cancelHandle } from './eventHandles.js';
import type { ReplicaSetController } from './replicaSets.js';
import { NODE_API_READY, type RuntimeState } from './state.js';
import type { StatefulVolumes } from './statefulVolumes.js';

/**
 * The node.kubernetes.io/out-of-service=nodeshutdown:NoExecute taint an operator (or automation) puts
 * on a node that stopped, so that its StatefulSet pods move (non-graceful node shutdown, GA in
 * Kubernetes 1.28). A NotReady node holding pods of a StatefulSet with outOfServiceAfterS is tainted
 * that long after it went NotReady (the earliest setting among its pods' services: whoever is paged
 * first taints the node); the taint deletes every pod on the node at once (no pod tolerates it,
 * Deployment pods included) and lets their volumes detach without the attach-detach controller's
 * 6-minute wait. The taint is removed when the node is Ready again (the docs ask the operator to do so
 * once the node is back). It takes a writable API: one due meanwhile is applied when the API returns.
 */
export class OutOfServiceTaints {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly volumes: StatefulVolumes;
  private readonly replicaSets: ReplicaSetController;
  /** Per node: the booked taint (−1: none), and 1 when it fell due while the API was not writable. */
  private readonly taintHandle: Float64Array;
  private readonly deferred: Uint8Array;
  private readonly TAINT: number;
  /** Nodes tainted so far. */
  tainted = 0;

  constructor(sim: Simulator, st: RuntimeState, cp: ControlPlaneState, volumes: StatefulVolumes, replicaSets: ReplicaSetController) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.volumes = volumes;
    this.replicaSets = replicaSets;
    this.taintHandle = new Float64Array(st.nodeCount).fill(-1);
    this.deferred = new Uint8Array(st.nodeCount);
    this.TAINT = sim.register('kube/outOfServiceTaint', (node) => this.onTaint(node));
  }

  /** The node was just marked NotReady: book its taint if a StatefulSet pod on it asks for one. */
  nodeNotReady(node: number): void {
    const vols = this.volumes;
    if (!vols.active) return;
    const st = this.st;
    let afterS = Number.POSITIVE_INFINITY;
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) {
      const oos = vols.spec(st.podService[p])?.outOfServiceAfterS;
      if (oos !== undefined && oos < afterS) afterS = oos;
    }
    if (afterS === Number.POSITIVE_INFINITY) return;
    cancelHandle(this.sim, this.taintHandle, node);
    this.taintHandle[node] = this.sim.after(afterS, this.TAINT, node);
  }

  /** The node is Ready again, or left the cluster: no taint pending, none on it. */
  nodeReady(node: number): void {
    cancelHandle(this.sim, this.taintHandle, node);
    this.deferred[node] = 0;
    this.st.nodeOutOfService[node] = 0;
  }

  /** The API is writable again: apply the node's taint if it fell due meanwhile. */
  resumeNode(node: number): void {
    if (this.deferred[node]) this.onTaint(node);
  }

  private onTaint(node: number): void {
    const st = this.st;
    this.taintHandle[node] = -1;
    // The machine came back (or the node left) before anyone tainted it.
    if (!st.nodeActive[node] || st.nodeUp(node) || st.nodeApi[node] === NODE_API_READY) {
      this.deferred[node] = 0;
      return;
    }
    const c = st.nodeCluster[node];
    if (!this.cp.writable(c)) {
      this.deferred[node] = 1;
      return;
    }
    this.deferred[node] = 0;
    st.nodeOutOfService[node] = 1;
    this.tainted++;
    // No pod tolerates the taint: all are deleted now, their volumes released at once.
    for (const s of st.deleteNodePods(node)) this.replicaSets.reconcile(s, c);
  }
}
