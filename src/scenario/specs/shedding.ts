/** The resolved types of designs[].traffic.shedding (a leaf module: see ../shedding.ts). */

/**
 * How a pool refuses work it cannot take (docs/traffic.md, "Overload and load shedding"):
 * - `utilization`: admit up to a share of the pool's capacity and refuse the rest at once (a load
 *   shedder ahead of the pods; fleetsim's behaviour before issue 16, at 95%);
 * - `queueLength`: a bounded queue per pod (HAProxy `maxqueue`, a server's accept backlog); arrivals
 *   that find it full are refused, the others wait their turn however long that is;
 * - `none`: an unbounded queue: nothing is refused, waits grow without limit under overload.
 */
export type SheddingSpec =
  | { readonly policy: 'utilization'; readonly maxUtilization: number }
  | { readonly policy: 'queueLength'; readonly maxQueuedPerPod: number }
  | { readonly policy: 'none' };
