import type { ControlPlaneState } from './controlPlane.js';
import type { KubeScheduler } from './scheduler.js';
import { POD_DOWN, POD_LOST, POD_PENDING, POD_READY, POD_STARTING, type RuntimeState } from './state.js';

/** Scale-down order: the least useful pods go first (pending, then starting or down, then serving). */
const SCALE_DOWN_ORDER = [POD_PENDING, POD_STARTING, POD_DOWN, POD_LOST, POD_READY];

/**
 * The ReplicaSet controller of every cluster: keeps the pods of each (service, cluster) group at the
 * desired count, creating pending pods for the scheduler or deleting surplus ones. Acts only while
 * the cluster's API is writable (the controllers reconcile every group when it returns).
 */
export class ReplicaSetController {
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly scheduler: KubeScheduler;
  /**
   * Called after setDesired recorded a count (Karmada's, or an HPA's own): the HPAs wake on it when a
   * count they did not set changes. Null: no one listens.
   */
  onDesiredSet: ((service: number, cluster: number) => void) | null = null;

  constructor(st: RuntimeState, cp: ControlPlaneState, scheduler: KubeScheduler) {
    this.st = st;
    this.cp = cp;
    this.scheduler = scheduler;
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
    let diff = st.desired[g] - st.existing[g];
    if (diff > 0) {
      for (; diff > 0; diff--) this.scheduler.enqueue(cluster, st.createPod(service, cluster));
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
  }
}
