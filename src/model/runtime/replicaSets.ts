import type { Simulator } from '../../engine/simulator.js';
import { ClientRateLimiter } from './clientRateLimiter.js';
import type { ControlPlaneState } from './controlPlane.js';
import type { KubeClusterTimings } from './kubeTimings.js';
import { podTicket, ticketIsCurrent, ticketPod } from './podTicket.js';
import type { KubeScheduler } from './scheduler.js';
import { POD_DOWN, POD_LOST, POD_PENDING, POD_READY, POD_STARTING, type RuntimeState } from './state.js';

/** Scale-down order: the least useful pods go first (pending, then starting or down, then serving). */
const SCALE_DOWN_ORDER = [POD_PENDING, POD_STARTING, POD_DOWN, POD_LOST, POD_READY];

/**
 * The ReplicaSet controller of every cluster: keeps the pods of each (service, cluster) group at the
 * desired count, creating pending pods for the scheduler or deleting surplus ones. Acts only while
 * the cluster's API is writable (the controllers reconcile every group when it returns).
 *
 * Its API requests go through its own client's token bucket (kube-controller-manager --kube-api-qps,
 * --kube-api-burst): each pod creation and, after each pass that changed the count, one status
 * update. A pod counts as existing from the pass that decided it (the controller's expectations),
 * but the scheduler sees it only when its creation request is sent. A group is synced by one pass
 * at a time and asked for at most once meanwhile (the controller's work queue holds a key once), so
 * pods deleted while a pass waits for the bucket are replaced together by the next pass, with one
 * status update. Scale-down deletions are not charged (rare beside recoveries here). Measured
 * against the real controller in docs/live.md ("scheduler throughput"): 30 pods at once, then 20/s.
 */
export class ReplicaSetController {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly scheduler: KubeScheduler;
  /** Per cluster: the controller's client rate limiter. */
  private readonly client: ClientRateLimiter[];
  private readonly CREATED: number;
  /** Per (service, cluster) group: when its current pass's last request (the status update) is sent. */
  private readonly passEndS: Float64Array;
  /** Per group: 1 while a pass is booked for the end of the current one. */
  private readonly syncBooked: Uint8Array;
  private readonly SYNC: number;
  /**
   * Called after setDesired recorded a count (Karmada's, or an HPA's own): the HPAs wake on it when a
   * count they did not set changes. Null: no one listens.
   */
  onDesiredSet: ((service: number, cluster: number) => void) | null = null;

  constructor(sim: Simulator, st: RuntimeState, cp: ControlPlaneState, timings: readonly KubeClusterTimings[], scheduler: KubeScheduler) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.scheduler = scheduler;
    this.client = timings.map((t) => new ClientRateLimiter(t.controllerManagerApiQps, t.controllerManagerApiBurst));
    this.CREATED = sim.register('kube/podCreated', (ticket) => this.onCreated(ticket));
    const groups = st.serviceCount * st.clusterCount;
    this.passEndS = new Float64Array(groups).fill(Number.NEGATIVE_INFINITY);
    this.syncBooked = new Uint8Array(groups);
    this.SYNC = sim.register('kube/replicaSetSync', (g) => this.onSync(g));
  }

  /** Desired replicas of (service, cluster) changed: record it and converge. */
  setDesired(service: number, cluster: number, desired: number): void {
    this.st.desired[this.st.group(service, cluster)] = desired;
    this.reconcile(service, cluster);
    if (this.onDesiredSet !== null) this.onDesiredSet(service, cluster);
  }

  /** Converge (service, cluster) on its desired count (after a change, or when pods were deleted). */
  reconcile(service: number, cluster: number): void {
    const st = this.st;
    if (!this.cp.writable(cluster)) return;
    const g = st.group(service, cluster);
    if (this.sim.now < this.passEndS[g]) {
      if (!this.syncBooked[g]) {
        this.syncBooked[g] = 1;
        this.sim.at(this.passEndS[g], this.SYNC, g);
      }
      return;
    }
    let diff = st.desired[g] - st.existing[g];
    const changed = diff !== 0;
    if (diff > 0) {
      const now = this.sim.now;
      for (; diff > 0; diff--) {
        const p = st.createPod(service, cluster);
        const sentS = this.client[cluster].reserve(now);
        if (sentS <= now) this.scheduler.enqueue(cluster, p);
        else this.sim.at(sentS, this.CREATED, podTicket(st, p));
      }
      this.scheduler.kick(cluster);
    } else if (diff < 0) {
      for (const rank of SCALE_DOWN_ORDER) {
        for (let p = st.groupFirstPod[g]; p >= 0 && diff < 0; ) {
          const next = st.podNextInGroup[p];
          if (st.podState[p] === rank) {
            st.deletePod(p);
            diff++;
          }
          p = next;
        }
      }
      this.scheduler.requestRetry(cluster);
    }
    if (changed) this.passEndS[g] = this.client[cluster].reserve(this.sim.now); // the status update that ends the pass
  }

  /** The pass a group waited for has ended: sync it again (whatever accumulated meanwhile). */
  private onSync(g: number): void {
    this.syncBooked[g] = 0;
    const C = this.st.clusterCount;
    this.reconcile(Math.floor(g / C), g % C);
  }

  /** A rate-limited creation request went out: the pod is in the API, the scheduler may take it. */
  private onCreated(ticket: number): void {
    const st = this.st;
    const p = ticketPod(ticket);
    if (st.podState[p] !== POD_PENDING || !ticketIsCurrent(st, ticket)) return; // deleted meanwhile (scale-down)
    const c = st.podCluster[p];
    this.scheduler.enqueue(c, p);
    this.scheduler.kick(c);
  }
}
