import { MAX_PODS_PER_NODE } from './defaults.js';
import type { Provider } from './types.js';

/**
 * kubelet maxPods of a pool whose file does not set it. Today the kubelet default everywhere; the
 * AWS VPC CNI limit (ENIs × (IPs per ENI − 1) + 2, unless prefix delegation) is part of issue 14.
 */
export function defaultMaxPods(_provider: Provider, _instanceType: string | undefined, _prefixDelegation: boolean): number {
  return MAX_PODS_PER_NODE;
}
