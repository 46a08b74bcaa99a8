import type { DependencyKind } from '../../scenario/specs/dependencies.js';

/**
 * The shared dependencies of the design that are down right now, as the fluid model reads them
 * (docs/dependencies.md):
 * - resolution (dns): no new DNS answers; clients on a cached answer keep it until it expires;
 * - steering (gslb): answers frozen, neither failover nor return;
 * - entry failures (anycast: unroutable; identity and custom: impaired): a share of every user
 *   request fails before it reaches a pod, in every cluster;
 * - mesh endpoints (meshControlPlane): cross-cluster endpoints frozen (CallRoutes).
 * Counts, because a scripted outage may overlap a stochastic one. Nothing is down: every count 0 and
 * both pass ratios exactly 1, and the model computes what it computes without dependencies.
 */
export class DependencyState {
  resolutionDown = 0;
  steeringFrozen = 0;
  meshFrozen = 0;
  /** Share of user requests that get past every down entry dependency, by the cause of the rest. */
  unroutablePass = 1;
  impairedPass = 1;
  private readonly unroutable: number[] = [];
  private readonly impaired: number[] = [];

  /** Whether anything fails user requests at the entry. */
  get entryFailing(): boolean {
    return this.unroutablePass < 1 || this.impairedPass < 1;
  }

  /** Start (down) or end an outage of a dependency of this kind; returns whether what the model reads changed. */
  set(kind: DependencyKind, errorRatio: number, down: boolean): boolean {
    const d = down ? 1 : -1;
    switch (kind) {
      case 'dns':
        this.resolutionDown += d;
        return (down && this.resolutionDown === 1) || (!down && this.resolutionDown === 0);
      case 'gslb':
        this.steeringFrozen += d;
        return (down && this.steeringFrozen === 1) || (!down && this.steeringFrozen === 0);
      case 'meshControlPlane':
        this.meshFrozen += d;
        return (down && this.meshFrozen === 1) || (!down && this.meshFrozen === 0);
      case 'anycast':
        this.unroutablePass = toggle(this.unroutable, 1, down);
        return true;
      case 'identity':
        this.impairedPass = toggle(this.impaired, 1, down);
        return true;
      case 'custom':
        this.impairedPass = toggle(this.impaired, errorRatio, down);
        return true;
      case 'karmada':
        return false;
    }
  }
}

/** Add or remove one failing share; the pass ratio of those active, composed as independent. */
function toggle(active: number[], ratio: number, add: boolean): number {
  if (add) active.push(ratio);
  else {
    const i = active.indexOf(ratio);
    if (i >= 0) active.splice(i, 1);
  }
  let pass = 1;
  for (const r of active) pass *= 1 - r;
  return pass;
}
