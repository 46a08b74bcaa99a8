/**
 * A bill's vocabulary: its categories and one priced line. Apart from the cost model so that the
 * modules adding lines to a bill (model.ts, extras.ts) share the one definition.
 */

export type CostCategory = 'controlPlane' | 'nodes' | 'loadBalancers' | 'nat' | 'dataTransfer' | 'logging';
export const COST_CATEGORIES: readonly CostCategory[] = ['controlPlane', 'nodes', 'loadBalancers', 'nat', 'dataTransfer', 'logging'];

/** One priced quantity: what, how much per month, at what unit price, from where. */
export interface CostLine {
  readonly category: CostCategory;
  /** Cluster it belongs to; null for provider-wide lines (tiered egress, logs). */
  readonly cluster: string | null;
  /** "general on-demand", "inter-zone", "etcd machines (3 × m6i.large)". */
  readonly item: string;
  readonly quantityPerMonth: number;
  /** "node-hours", "cluster-hours", "GB", "gateway-hours", "LB-hours". */
  readonly quantityUnit: string;
  /** Effective USD per unit (after discounts; tiered items: the average). */
  readonly usdPerUnit: number;
  readonly monthlyUsd: number;
  /** Catalog key used ("scenario file" for a price written on the pool). */
  readonly priceKey: string;
  readonly source: string;
  readonly asOf: string;
}

/** How a category reads in a sentence ("nodes in eu-1", "load balancers +$205"). */
export const CATEGORY_WORDS: Readonly<Record<CostCategory, string>> = {
  controlPlane: 'control plane',
  nodes: 'nodes',
  loadBalancers: 'load balancers',
  nat: 'NAT',
  dataTransfer: 'data transfer',
  logging: 'logging',
};
