import type { Distribution } from '../../engine/distributions.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { ClusterSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';

/**
 * cluster-autoscaler's loop period (--scan-interval, 10 s): scale-down looks again this long after a
 * change, and after a node is deleted (--scale-down-delay-after-delete defaults to it).
 */
export const CA_SCAN_INTERVAL_S = 10;
/** Empty nodes deleted in one loop (--max-empty-bulk-delete); non-empty ones go one per loop. */
export const CA_MAX_EMPTY_BULK_DELETE = 10;

/** What the cluster autoscaler and the node groups of one cluster need, in seconds and ratios. */
export interface AutoscalerSettings {
  /** Launch to Ready, for scale-ups and for node groups replacing an interrupted spot node. */
  readonly nodeProvisioning: Distribution;
  readonly maxNodeProvisionTimeS: number;
  readonly maxUnreadyRatio: number;
  readonly okUnreadyCount: number;
  /** Scale-down on, and some pool of the cluster autoscales. */
  readonly scaleDown: boolean;
  readonly unneededTimeS: number;
  readonly utilizationThresholdRatio: number;
  readonly delayAfterAddS: number;
}

/** Per node pool of the fleet: whether it autoscales and its floor. */
export interface PoolBounds {
  readonly autoscales: Uint8Array;
  readonly minCount: Int32Array;
}

export function autoscalerSettings(spec: ClusterSpec): AutoscalerSettings {
  const a = spec.autoscaler;
  const autoscales = spec.nodePools.some((p) => p.autoscaling !== undefined);
  return {
    nodeProvisioning: toDistribution(a.nodeProvisioning),
    maxNodeProvisionTimeS: a.maxNodeProvisionTimeS,
    maxUnreadyRatio: a.maxUnreadyRatio,
    okUnreadyCount: a.okUnreadyCount,
    scaleDown: autoscales && a.scaleDown.enabled,
    unneededTimeS: a.scaleDown.unneededTimeS,
    utilizationThresholdRatio: a.scaleDown.utilizationThresholdRatio,
    delayAfterAddS: a.scaleDown.delayAfterAddS,
  };
}

/** The autoscaling bounds of every pool of the fleet, from the cluster specs (by cluster and pool name). */
export function poolBounds(fleet: Fleet, specs: readonly ClusterSpec[]): PoolBounds {
  const autoscales = new Uint8Array(fleet.nodePools.length);
  const minCount = new Int32Array(fleet.nodePools.length);
  fleet.nodePools.forEach((pool, i) => {
    const spec = specs[pool.clusterId]?.nodePools.find((p) => p.name === pool.name);
    if (spec?.autoscaling) {
      autoscales[i] = 1;
      minCount[i] = spec.autoscaling.minCount;
    }
  });
  return { autoscales, minCount };
}
