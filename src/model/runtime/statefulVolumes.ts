import type { Simulator } from '../../engine/simulator.js';
import { grown } from '../../engine/typedArrays.js';
import type { StatefulSetSpec } from '../../scenario/types.js';
import type { RuntimeState } from './state.js';

/**
 * How long the attach-detach controller waits for a volume to be unmounted from a node that does not
 * answer before it detaches it anyway: kube-controller-manager's reconcilerMaxWaitForUnmountDuration,
 * 6 minutes, a constant of pkg/controller/volume/attachdetach (not a flag). A node tainted
 * out-of-service skips the wait (non-graceful node shutdown, GA in Kubernetes 1.28).
 */
export const MAX_WAIT_FOR_UNMOUNT_S = 360;

/**
 * The persistent volumes of the services that run as StatefulSets (docs/state-statefulsets.md).
 *
 * A StatefulSet pod keeps its identity, and with it its volume claim: each stateful pod holds one
 * volume; when the pod is deleted the volume waits, free, in its (service, cluster) group for the pod
 * that replaces it (the same ordinal: the earliest released volume is claimed first), or a new pod
 * gets a new volume. A volume's zone is fixed where it is first attached; with zonalVolumes the
 * scheduler places its pods only in that zone (`requiredZone`). A pod starting on a node its volume is
 * not attached to waits for the volume to be free (the old node detached it: at once when the kubelet
 * unmounted it or the node is out-of-service, else after MAX_WAIT_FOR_UNMOUNT_S) and then for the
 * attach (volumeAttachS) before its containers start (`attachDelayS`, added by PodStartup). A pod that
 * restarts on the node its volume is attached to (a machine back from a fault) waits for nothing.
 *
 * Volumes exist only for stateful services; with none configured, nothing here runs.
 */
export class StatefulVolumes {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  /** Per service: its StatefulSet settings; undefined: a Deployment. Set by `configure`. */
  private specs: readonly (StatefulSetSpec | undefined)[] = [];
  /** Per service: 1 when it runs as a StatefulSet. */
  private stateful: Uint8Array;
  /** True once `configure` ran (even when it found no stateful service). */
  configured = false;

  /** Per pod slot: the volume it holds (−1: none). Grown with the pod arrays. */
  private podVolume = new Int32Array(0);
  /** Per volume: its zone (−1 until first attached), the node it is attached to (−1: none), and when it may be attached elsewhere. */
  private readonly volumeZone: number[] = [];
  private readonly volumeNode: number[] = [];
  private readonly volumeFreeAtS: number[] = [];
  /** Per (service, cluster) group: volumes no pod holds, earliest released first. */
  private freeVolumes: number[][] = [];

  constructor(sim: Simulator, st: RuntimeState) {
    this.sim = sim;
    this.st = st;
    this.stateful = new Uint8Array(st.serviceCount);
  }

  /**
   * Which services run as StatefulSets (per service id; undefined: a Deployment). Call once, before
   * the simulation runs (after the initial pods are seeded or before: existing pods get volumes where
   * they are bound). Without a stateful service this does nothing, and the runtime behaves as before.
   */
  configure(specs: readonly (StatefulSetSpec | undefined)[]): void {
    if (this.configured) throw new Error('StatefulVolumes.configure called twice');
    this.configured = true;
    if (specs.length !== this.st.serviceCount) throw new RangeError(`need one StatefulSet setting per service (${this.st.serviceCount}), got ${specs.length}`);
    if (!specs.some((s) => s !== undefined)) return;
    const st = this.st;
    this.specs = specs;
    specs.forEach((s, i) => (this.stateful[i] = s !== undefined ? 1 : 0));
    this.freeVolumes = Array.from({ length: st.serviceCount * st.clusterCount }, () => []);
    this.podVolume = new Int32Array(st.podCapacity).fill(-1);
    // Pods that exist already (seeded): a volume each, attached where the pod is bound.
    for (let s = 0; s < st.serviceCount; s++) {
      if (!this.stateful[s]) continue;
      for (let c = 0; c < st.clusterCount; c++) {
        for (let p = st.groupFirstPod[st.group(s, c)]; p >= 0; p = st.podNextInGroup[p]) {
          const v = this.newVolume();
          this.podVolume[p] = v;
          const node = st.podNode[p];
          if (node >= 0) {
            this.volumeZone[v] = st.nodeZone[node];
            this.volumeNode[v] = node;
            this.volumeFreeAtS[v] = Number.POSITIVE_INFINITY;
          }
        }
      }
    }
    st.podHooks = { created: (p) => this.podCreated(p), deleted: (p) => this.podDeleted(p) };
  }

  /** Seeded pod `p` runs on its node from the start: its volume is attached there. */
  seeded(p: number): void {
    if (!this.active) return;
    const v = this.podVolume[p];
    const node = this.st.podNode[p];
    if (v < 0 || node < 0) return;
    this.volumeNode[v] = node;
    this.volumeZone[v] = this.st.nodeZone[node];
    this.volumeFreeAtS[v] = Number.POSITIVE_INFINITY;
  }

  /** Is service `s` a StatefulSet? */
  isStateful(s: number): boolean {
    return this.stateful[s] === 1;
  }

  /** Any stateful service at all (else callers keep their Deployment-only paths). */
  get active(): boolean {
    return this.specs.length > 0;
  }

  /** The settings of stateful service `s` (undefined for a Deployment). */
  spec(s: number): StatefulSetSpec | undefined {
    return this.specs[s];
  }

  /** The zone pod `p` must run in (its zonal volume's), or −1: anywhere. */
  requiredZone(p: number): number {
    if (!this.active) return -1;
    const s = this.st.podService[p];
    const spec = this.specs[s];
    if (spec === undefined || !spec.zonalVolumes) return -1;
    const v = this.podVolume[p];
    return v >= 0 ? this.volumeZone[v] : -1;
  }

  /**
   * Pod `p`, bound to its node, starts now: the seconds its containers wait for its volume (0 when the
   * volume is attached to that node already). Records the volume as attached there.
   */
  attachDelayS(p: number): number {
    if (!this.active) return 0;
    const st = this.st;
    const spec = this.specs[st.podService[p]];
    const v = this.podVolume[p];
    if (spec === undefined || v < 0) return 0;
    const node = st.podNode[p];
    if (this.volumeNode[v] === node) return 0;
    const waitS = Math.max(0, this.volumeFreeAtS[v] - this.sim.now);
    this.volumeNode[v] = node;
    this.volumeFreeAtS[v] = Number.POSITIVE_INFINITY;
    if (this.volumeZone[v] < 0) this.volumeZone[v] = st.nodeZone[node];
    return waitS + spec.volumeAttachS;
  }

  /** The zone of the volume pod `p` holds (−1: none yet, or not stateful). For tests and records. */
  volumeZoneOf(p: number): number {
    const v = p < this.podVolume.length ? this.podVolume[p] : -1;
    return v >= 0 ? this.volumeZone[v] : -1;
  }

  private newVolume(): number {
    const v = this.volumeZone.length;
    this.volumeZone.push(-1);
    this.volumeNode.push(-1);
    this.volumeFreeAtS.push(Number.NEGATIVE_INFINITY);
    return v;
  }

  /** A new pod of a stateful service claims its group's earliest released volume, or a new one. */
  private podCreated(p: number): void {
    const st = this.st;
    if (this.podVolume.length < st.podCapacity) this.podVolume = grown(this.podVolume, st.podCapacity);
    const s = st.podService[p];
    if (!this.stateful[s]) {
      this.podVolume[p] = -1;
      return;
    }
    const free = this.freeVolumes[st.group(s, st.podCluster[p])];
    this.podVolume[p] = free.length > 0 ? free.shift()! : this.newVolume();
  }

  /**
   * A stateful pod is deleted: its volume is free for the replacement once its node lets go of it: at
   * once when the kubelet runs (it unmounts) or the node is out-of-service, else after the
   * attach-detach controller's wait for the unmount.
   */
  private podDeleted(p: number): void {
    const v = this.podVolume[p];
    if (v < 0) return;
    const st = this.st;
    this.podVolume[p] = -1;
    const node = st.podNode[p];
    if (node >= 0 && this.volumeNode[v] === node) {
      if (st.nodeUp(node) || st.nodeOutOfService[node] === 1) {
        // Detached now: even a replacement on the same node attaches it again.
        this.volumeNode[v] = -1;
        this.volumeFreeAtS[v] = this.sim.now;
      } else this.volumeFreeAtS[v] = this.sim.now + MAX_WAIT_FOR_UNMOUNT_S; // still attached there until forced off
    }
    this.freeVolumes[st.group(st.podService[p], st.podCluster[p])].push(v);
  }
}
