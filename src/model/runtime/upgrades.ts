import type { Simulator } from '../../engine/simulator.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { ClusterSpec, Scenario, UpgradeSettings } from '../../scenario/types.js';
import { defaultControlPlaneUnavailableS, resolveUpgrades } from '../../scenario/upgrades.js';
import type { FaultEpisode } from '../faults/schedule.js';
import type { ControlPlaneState } from './controlPlane.js';
import { NodeDrains } from './drainNodes.js';
import type { KubeControllers } from './kubeControllers.js';
import type { RuntimeState } from './state.js';
import { controlPlaneUpgradeRefusal, kubeMinor, type SkewRefusal } from './upgradeSkew.js';
import { UpgradeRollouts } from './upgradeRollout.js';

/** What the upgrade needs of the replication's wiring (ReplicationWiring has these). */
export interface UpgradeWiring {
  readonly sim: Simulator;
  readonly st: RuntimeState;
  readonly cp: ControlPlaneState;
  readonly kube: KubeControllers;
  /** Per fleet cluster, its spec (its version, control-plane kind, node provisioning delay). */
  readonly specs: readonly ClusterSpec[];
  /**
   * The design's scenario: faults.upgrades and the services' disruption budgets. Without it the
   * upgrade runs with the defaults and no PodDisruptionBudget.
   */
  readonly scenario?: Scenario | undefined;
}

/** One upgrade episode as it went. Times are absolute seconds; NaN: not (yet) happened. */
export interface UpgradeRecord {
  readonly episode: number;
  readonly cluster: number;
  readonly startS: number;
  /** The episode's planned end (its maintenance window's, or the scripted `for`). */
  readonly plannedEndS: number;
  readonly fromMinor: number;
  readonly toMinor: number;
  /** Why the control plane was not upgraded (and nothing else happened); undefined: it was. */
  readonly refused: SkewRefusal | 'controlPlaneBusy' | undefined;
  controlPlaneDoneS: number;
  /** Every node of the cluster runs the new minor. */
  nodesDoneS: number;
  /** How far past its planned end the upgrade finished (0: in time); NaN until it finishes. */
  overranS: number;
}

/**
 * Kubernetes upgrades of a cluster (fault kind `upgrade`). At the episode's start the control plane
 * is upgraded one minor (the version skew rule decides whether it may: upgradeSkew.ts); its API
 * accepts no writes for `unavailableS` (0 for a replicated control plane), and after the
 * control-plane upgrade's duration the nodes follow: pool by pool, surge nodes launched and old nodes
 * cordoned and drained within the services' PodDisruptionBudgets (upgradeRollout.ts, drainNodes.ts).
 * The episode's end is only the plan: the upgrade carries on until every node is replaced, and its
 * record says by how much it overran. docs/upgrades.md.
 */
export class ClusterUpgrades {
  private readonly w: UpgradeWiring;
  private readonly settings: UpgradeSettings;
  readonly drains: NodeDrains;
  readonly rollouts: UpgradeRollouts;
  /** Per cluster: the control plane's minor, and 1 while its upgrade runs. */
  readonly controlPlaneMinor: Int32Array;
  private readonly controlPlaneBusy: Uint8Array;
  readonly records: UpgradeRecord[] = [];
  private readonly API_BACK: number;
  private readonly CONTROL_PLANE_DONE: number;

  constructor(w: UpgradeWiring) {
    this.w = w;
    const { sim, st, cp, kube, specs } = w;
    this.settings = w.scenario?.faults.upgrades ?? resolveUpgrades(undefined);
    const budgets = w.scenario?.workload.services.map((s) => s.disruptionBudget) ?? [];
    this.drains = new NodeDrains(sim, st, cp, { replicaSets: kube.replicaSets, lifecycle: kube.lifecycle, eviction: kube.eviction, held: kube.upgradeHeld }, budgets, this.settings.nodes);
    const minors = specs.map((s) => kubeMinor(s.kubernetesVersion));
    this.controlPlaneMinor = Int32Array.from(minors);
    this.controlPlaneBusy = new Uint8Array(specs.length);
    this.rollouts = new UpgradeRollouts(
      sim,
      st,
      { scheduler: kube.scheduler, drains: this.drains, held: kube.upgradeHeld },
      {
        provisioningDelay: specs.map((s) => toDistribution(s.autoscaler.nodeProvisioning)),
        streams: kube.streams.map((x) => x.autoscaler),
        // An empty slot may still be the autoscaler's (launching, or a spot node until its termination).
        slotFree: (node) => kube.autoscaler.isFreeSlot(node),
      },
      this.settings.nodes,
      minors,
    );
    // Nodes an upgrade adds and removes are billed like the autoscaler's (the metrics set these hooks).
    this.drains.onNodeRemoved = (node) => kube.autoscaler.onNodeRemoved?.(node);
    this.rollouts.onNodeProvisioned = (node) => kube.autoscaler.onNodeProvisioned?.(node);
    this.rollouts.onDone = (c) => this.nodesDone(c);
    this.API_BACK = sim.register('upgrades/apiBack', (c) => cp.addCause(c, -1, sim.now));
    this.CONTROL_PLANE_DONE = sim.register('upgrades/controlPlaneDone', (i) => this.controlPlaneDone(i));
  }

  /** Seconds cluster c's API accepts no writes while its control plane is upgraded. */
  unavailableS(c: number): number {
    const { unavailableS, durationS } = this.settings.controlPlane;
    return unavailableS ?? defaultControlPlaneUnavailableS(this.w.specs[c].controlPlane, durationS);
  }

  /** Start (+1) or end (−1) an upgrade episode; returns the clusters it touches. */
  apply(ep: FaultEpisode, delta: 1 | -1): number[] {
    const c = ep.targetId;
    // The planned end changes nothing: the upgrade runs until its last node is replaced.
    if (delta === -1) return [c];
    const { sim, cp } = this.w;
    const from = this.controlPlaneMinor[c];
    const refused = this.controlPlaneBusy[c] ? 'controlPlaneBusy' : controlPlaneUpgradeRefusal(from, from + 1, this.rollouts.kubeletMinors(c));
    const rec: UpgradeRecord = { episode: ep.id, cluster: c, startS: sim.now, plannedEndS: ep.endS, fromMinor: from, toMinor: refused === undefined ? from + 1 : from, refused, controlPlaneDoneS: Number.NaN, nodesDoneS: Number.NaN, overranS: Number.NaN };
    this.records.push(rec);
    if (refused !== undefined) return [c];
    this.controlPlaneBusy[c] = 1;
    const downS = this.unavailableS(c);
    if (downS > 0) {
      cp.addCause(c, 1, sim.now);
      sim.after(downS, this.API_BACK, c);
    }
    // Booked even when it takes no time, so that nothing is drained at the instant the fault is recorded.
    sim.after(Math.max(this.settings.controlPlane.durationS, downS), this.CONTROL_PLANE_DONE, this.records.length - 1);
    return [c];
  }

  private controlPlaneDone(i: number): void {
    const rec = this.records[i];
    const c = rec.cluster;
    this.controlPlaneBusy[c] = 0;
    this.controlPlaneMinor[c] = rec.toMinor;
    rec.controlPlaneDoneS = this.w.sim.now;
    this.rollouts.start(c, rec.toMinor);
  }

  private nodesDone(c: number): void {
    const nowS = this.w.sim.now;
    for (const rec of this.records) {
      if (rec.cluster !== c || rec.refused !== undefined || Number.isNaN(rec.controlPlaneDoneS) || !Number.isNaN(rec.nodesDoneS)) continue;
      rec.nodesDoneS = nowS;
      rec.overranS = Math.max(0, nowS - rec.plannedEndS);
    }
  }
}
