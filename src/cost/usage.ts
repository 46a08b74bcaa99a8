import * as z from 'zod';

/**
 * What the simulation cannot see but the bill depends on (Infracost calls this a usage file): how
 * many load balancers and NAT gateways a cluster runs, commitments bought, machines under a
 * self-managed control plane, the GSLB's health checks and DNS resolvers, monitoring metrics,
 * control-plane logs, east-west gateways. Defaults describe a common production layout; every one can be set
 * in the scenario's pricing.usage section (docs/cost.md).
 */
export interface CostUsage {
  /** Ingress load balancers per cluster (each billed per hour and per GB it processes). */
  readonly loadBalancersPerCluster: number;
  /** NAT gateways per cluster: one per zone (the highly available layout), or a fixed number. */
  readonly natGatewaysPerCluster: 'perZone' | number;
  /** GB per month each cluster sends out through NAT (image pulls, external APIs): not simulated. */
  readonly natGbPerClusterMonth: number;
  /** Whether pods' logs are shipped to the provider's log service (billed per GB ingested). */
  readonly logsIngested: boolean;
  /** Machine type per etcd member of a self-managed control plane (stacked: API server on the same machine), by provider. */
  readonly selfManagedInstanceType: Readonly<Record<'aws' | 'gcp' | 'azure', string>>;
  /** Commitments bought for a pool: `nodes` node-hours per hour are billed at the discount whether used or not. */
  readonly commitments: readonly CommitmentUsage[];
  /**
   * Bill the DNS GSLB's health checks: one per cluster the design uses (each is an endpoint),
   * when the design's ingress is DNS. Off by default (it would move the bundled results).
   */
  readonly gslbHealthChecks: boolean;
  /**
   * Caching resolvers in front of the users: each asks the authoritative DNS once per TTL, so
   * queries per month = min(requests, resolvers × month ÷ TTL). 0 (the default): DNS not billed.
   */
  readonly dnsResolvers: number;
  /** Monitoring metrics a cluster sends per node (Container Insights) and per cluster; 0 = not billed. */
  readonly metricsPerNode: number;
  readonly metricsPerCluster: number;
  /** GB of control-plane and audit logs each cluster ships to the provider's log service a month; 0 = not billed. */
  readonly controlPlaneLogGbPerClusterMonth: number;
  /**
   * A design with a mesh reaches other clusters through an east-west gateway in each cluster: one
   * more load balancer per cluster, and every cross-cluster byte processed at the LB's per-GB
   * price. Off by default (it would move the bundled results).
   */
  readonly eastWestGateways: boolean;
}

export interface CommitmentUsage {
  readonly cluster: string;
  readonly pool: string;
  /** A discount item of the catalog: discount/<provider>/<option>, e.g. commit3y. */
  readonly option: string;
  readonly nodes: number;
}

export const DEFAULT_USAGE: CostUsage = {
  loadBalancersPerCluster: 1,
  natGatewaysPerCluster: 'perZone',
  natGbPerClusterMonth: 0,
  logsIngested: true,
  selfManagedInstanceType: { aws: 'm6i.large', gcp: 'n2-standard-2', azure: 'Standard_D2s_v5' },
  commitments: [],
  gslbHealthChecks: true,
  dnsResolvers: 0,
  metricsPerNode: 0,
  metricsPerCluster: 0,
  controlPlaneLogGbPerClusterMonth: 0,
  eastWestGateways: true,
};

/** The pricing.usage section as it appears in a scenario file (all optional). */
export const costUsageSchema = z.strictObject({
  loadBalancersPerCluster: z.number().int().min(0).optional(),
  natGatewaysPerCluster: z.union([z.literal('perZone'), z.number().int().min(0)]).optional(),
  natGbPerClusterMonth: z.number().min(0).optional(),
  logsIngested: z.boolean().optional(),
  selfManagedInstanceType: z.strictObject({ aws: z.string().optional(), gcp: z.string().optional(), azure: z.string().optional() }).optional(),
  commitments: z.array(z.strictObject({ cluster: z.string(), pool: z.string(), option: z.string().regex(/^[A-Za-z0-9]+$/), nodes: z.number().int().min(1) })).optional(),
  gslbHealthChecks: z.boolean().optional(),
  dnsResolvers: z.number().int().min(0).optional(),
  metricsPerNode: z.number().int().min(0).optional(),
  metricsPerCluster: z.number().int().min(0).optional(),
  controlPlaneLogGbPerClusterMonth: z.number().min(0).optional(),
  eastWestGateways: z.boolean().optional(),
});

/** A scenario's generic price overrides: pricing.prices (any catalog key, optionally @region). */
export const priceOverridesSchema = z.array(z.strictObject({ key: z.string().min(1), usd: z.number().min(0), source: z.string().optional() }));

export type RawCostUsage = z.output<typeof costUsageSchema>;

export function resolveUsage(raw: RawCostUsage | undefined): CostUsage {
  if (raw === undefined) return DEFAULT_USAGE;
  return {
    loadBalancersPerCluster: raw.loadBalancersPerCluster ?? DEFAULT_USAGE.loadBalancersPerCluster,
    natGatewaysPerCluster: raw.natGatewaysPerCluster ?? DEFAULT_USAGE.natGatewaysPerCluster,
    natGbPerClusterMonth: raw.natGbPerClusterMonth ?? DEFAULT_USAGE.natGbPerClusterMonth,
    logsIngested: raw.logsIngested ?? DEFAULT_USAGE.logsIngested,
    selfManagedInstanceType: { ...DEFAULT_USAGE.selfManagedInstanceType, ...Object.fromEntries(Object.entries(raw.selfManagedInstanceType ?? {}).filter(([, v]) => v !== undefined)) },
    commitments: raw.commitments ?? [],
    gslbHealthChecks: raw.gslbHealthChecks ?? DEFAULT_USAGE.gslbHealthChecks,
    dnsResolvers: raw.dnsResolvers ?? DEFAULT_USAGE.dnsResolvers,
    metricsPerNode: raw.metricsPerNode ?? DEFAULT_USAGE.metricsPerNode,
    metricsPerCluster: raw.metricsPerCluster ?? DEFAULT_USAGE.metricsPerCluster,
    controlPlaneLogGbPerClusterMonth: raw.controlPlaneLogGbPerClusterMonth ?? DEFAULT_USAGE.controlPlaneLogGbPerClusterMonth,
    eastWestGateways: raw.eastWestGateways ?? DEFAULT_USAGE.eastWestGateways,
  };
}
