import type { RuntimeState } from './state.js';

/**
 * Requested share of a node, as cluster-autoscaler measures it for scale-down: the larger of the CPU
 * and memory requests of the pods bound to it over its allocatable.
 */
export function requestedRatio(st: RuntimeState, node: number): number {
  const cpu = 1 - st.nodeCpuFree[node] / st.nodeCpuAllocatable[node];
  const mem = 1 - st.nodeMemFree[node] / st.nodeMemAllocatable[node];
  return cpu > mem ? cpu : mem;
}

/** --scale-down-non-empty-candidates-count: non-empty nodes checked for removal in one loop. */
export const MAX_NON_EMPTY_CANDIDATES = 30;

/** What the planner may do with each node of the cluster it looks at. */
export interface ScaleDownRules {
  /** The node may be removed (autoscaled pool, Ready, not on its way in or out). */
  candidate(node: number): boolean;
  /** The node may take pods moved off a removed one (Ready, not leaving). */
  target(node: number): boolean;
  readonly utilizationThresholdRatio: number;
  /** Per node pool: how many more nodes may go before it reaches its minimum (consumed as nodes are found unneeded). */
  readonly poolRoom: Int32Array;
}

/**
 * cluster-autoscaler's search for unneeded nodes in one cluster: a node whose requested share is
 * below the threshold is unneeded when every pod on it fits on the other nodes, with the pods of the
 * nodes already found unneeded in this pass moved first (a scratch copy of free capacity remembers
 * where they went, so two unneeded nodes never count on the same room). Candidates are tried least
 * requested first (at most 30 non-empty ones, as cluster-autoscaler); pods go to the first node that
 * fits (in their volume's zone for StatefulSet pods on zonal volumes). Scratch arrays are allocated once.
 */
export class ScaleDownPlanner {
  private readonly st: RuntimeState;
  private readonly cpuFree: Float64Array;
  private readonly memFree: Float64Array;
  private readonly podsFree: Int32Array;
  /** 1 for nodes found unneeded in the current pass (they take no pods). */
  private readonly leaving: Uint8Array;
  private readonly moves: number[] = [];
  /** The zone a pod must stay in (a StatefulSet pod's zonal volume), or −1. */
  private readonly requiredZone: (p: number) => number;

  constructor(st: RuntimeState, requiredZone: (p: number) => number = () => -1) {
    this.st = st;
    this.requiredZone = requiredZone;
    this.cpuFree = new Float64Array(st.nodeCount);
    this.memFree = new Float64Array(st.nodeCount);
    this.podsFree = new Int32Array(st.nodeCount);
    this.leaving = new Uint8Array(st.nodeCount);
  }

  /** The unneeded nodes among `nodes` (one cluster's), least requested first. */
  unneeded(nodes: readonly number[], rules: ScaleDownRules): number[] {
    const st = this.st;
    const candidates: { node: number; ratio: number }[] = [];
    for (const n of nodes) {
      this.cpuFree[n] = st.nodeCpuFree[n];
      this.memFree[n] = st.nodeMemFree[n];
      this.podsFree[n] = st.nodePodsFree[n];
      this.leaving[n] = 0;
      if (!rules.candidate(n)) continue;
      const ratio = requestedRatio(st, n);
      if (ratio < rules.utilizationThresholdRatio) candidates.push({ node: n, ratio });
    }
    candidates.sort((a, b) => a.ratio - b.ratio || a.node - b.node);
    const out: number[] = [];
    let nonEmpty = 0;
    for (const { node } of candidates) {
      const pool = st.nodePool[node];
      if (rules.poolRoom[pool] <= 0) continue;
      if (st.nodeFirstPod[node] >= 0) {
        // cluster-autoscaler simulates at most this many non-empty candidates per loop.
        if (nonEmpty === MAX_NON_EMPTY_CANDIDATES) continue;
        nonEmpty++;
      }
      if (!this.movePods(node, nodes, rules)) continue;
      rules.poolRoom[pool]--;
      this.leaving[node] = 1;
      out.push(node);
    }
    return out;
  }

  /** Place every pod of `node` elsewhere in the scratch copy; undo and answer false if one does not fit. */
  private movePods(node: number, nodes: readonly number[], rules: ScaleDownRules): boolean {
    const st = this.st;
    const moves = this.moves;
    moves.length = 0;
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) {
      const s = st.podService[p];
      const cpu = st.serviceCpu[s];
      const mem = st.serviceMem[s];
      // cluster-autoscaler's simulation checks a volume's node affinity like any other predicate.
      const zone = this.requiredZone(p);
      let to = -1;
      for (const n of nodes) {
        if (n === node || this.leaving[n] || this.podsFree[n] <= 0 || this.cpuFree[n] < cpu || this.memFree[n] < mem || !rules.target(n)) continue;
        if (zone >= 0 && st.nodeZone[n] !== zone) continue;
        to = n;
        break;
      }
      if (to < 0) {
        for (let i = 0; i < moves.length; i += 2) this.unplace(moves[i], moves[i + 1]);
        return false;
      }
      this.cpuFree[to] -= cpu;
      this.memFree[to] -= mem;
      this.podsFree[to]--;
      moves.push(to, s);
    }
    return true;
  }

  private unplace(node: number, service: number): void {
    this.cpuFree[node] += this.st.serviceCpu[service];
    this.memFree[node] += this.st.serviceMem[service];
    this.podsFree[node]++;
  }
}
