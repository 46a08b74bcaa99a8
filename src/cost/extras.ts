import type { CostLine } from './lines.js';
import type { ClusterSpec, Design } from '../scenario/types.js';
import type { PriceItem, PriceUnit } from './catalog/types.js';
import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from './month.js';
import type { CostUsage } from './usage.js';

/**
 * The per-cluster and per-design fixed costs the article names that the simulation cannot see
 * (docs/cost.md, "Per-cluster fixed costs"): the GSLB's health checks and DNS, monitoring metrics,
 * control-plane logs, east-west gateways of a mesh. GSLB health checks and east-west gateways are on
 * by default (pricing.usage turns them off); the others wait for a quantity in pricing.usage.
 * They land in existing categories (GSLB, DNS and gateways under loadBalancers; metrics and
 * control-plane logs under logging) so a bill's categories stay the ones results.json has.
 */

/** How a line is priced and recorded: the cost model's own helpers. */
export interface LineSink {
  price(key: string, region: string | undefined, unit: PriceUnit, neededFor: string): PriceItem;
  add(line: ExtraLine): void;
}

/** A line of the extras: a CostLine in the load-balancer or logging category. */
export type ExtraLine = CostLine & { readonly category: 'loadBalancers' | 'logging' };

type Cloud = 'aws' | 'gcp' | 'azure';

const line = (l: Omit<ExtraLine, 'priceKey' | 'source' | 'asOf' | 'monthlyUsd'>, item: PriceItem): ExtraLine => ({
  ...l,
  monthlyUsd: l.quantityPerMonth * l.usdPerUnit,
  priceKey: item.key,
  source: item.source,
  asOf: item.asOf,
});

/** What one billed cloud cluster adds: health checks, metrics, control-plane logs, an east-west gateway. */
export function clusterExtras(
  sink: LineSink,
  c: ClusterSpec & { readonly provider: Cloud },
  ctx: {
    readonly usage: CostUsage;
    readonly design: Design | undefined;
    /** Mean node count over the month (all pools). */
    readonly meanNodes: number;
    /** GB a month this cluster's service calls send to pods in other clusters (the traffic model's crossClusterBytes). */
    readonly crossClusterGb: number;
    /** Clusters the design is billed for: a gateway needs a peer. */
    readonly billedClusters: number;
  },
): void {
  const { usage, design } = ctx;
  const ingress = design?.traffic.ingress;
  // ---- GSLB health checks: each cluster is an endpoint the DNS GSLB checks ----
  if (usage.gslbHealthChecks && ingress?.kind === 'dns') {
    const hc = sink.price(`healthCheck/${c.provider}/endpoint`, c.region, 'usd/month', `the GSLB health check of cluster ${c.name} (pricing.usage.gslbHealthChecks: false to leave it out)`);
    sink.add(line({ category: 'loadBalancers', cluster: c.name, item: 'GSLB health check', quantityPerMonth: 1, quantityUnit: 'health checks', usdPerUnit: hc.usd }, hc));
    // Route 53 bills a check faster than its standard 30 s interval as an optional feature.
    if (c.provider === 'aws' && ingress.healthCheckIntervalS <= 10) {
      const fast = sink.price('healthCheck/aws/fastInterval', c.region, 'usd/month', `the fast-interval health check of cluster ${c.name}`);
      sink.add(line({ category: 'loadBalancers', cluster: c.name, item: 'GSLB health check, fast interval', quantityPerMonth: 1, quantityUnit: 'health checks', usdPerUnit: fast.usd }, fast));
    }
  }
  // ---- monitoring metrics: per node (they follow the autoscaled fleet) and per cluster ----
  const metrics = usage.metricsPerNode * ctx.meanNodes + usage.metricsPerCluster;
  if (metrics > 0) {
    const m = sink.price(`monitoring/${c.provider}/metric`, c.region, 'usd/month', `monitoring metrics of cluster ${c.name} (pricing.usage.metricsPerNode / metricsPerCluster)`);
    sink.add(line({ category: 'logging', cluster: c.name, item: 'monitoring metrics', quantityPerMonth: metrics, quantityUnit: 'metric-months', usdPerUnit: m.usd }, m));
  }
  // ---- control-plane and audit logs, at the provider's ingestion price (flat: free allowances go to pod logs) ----
  if (usage.controlPlaneLogGbPerClusterMonth > 0) {
    const l = sink.price(`logs/${c.provider}/gb`, c.region, 'usd/gb', `control-plane logs of cluster ${c.name} (pricing.usage.controlPlaneLogGbPerClusterMonth)`);
    sink.add(line({ category: 'logging', cluster: c.name, item: 'control-plane and audit logs', quantityPerMonth: usage.controlPlaneLogGbPerClusterMonth, quantityUnit: 'GB', usdPerUnit: l.usd }, l));
  }
  // ---- east-west gateway of a mesh: a load balancer per cluster, cross-cluster bytes through it ----
  if (usage.eastWestGateways && design?.traffic.mesh !== undefined && ctx.billedClusters > 1) {
    const h = sink.price(`loadBalancer/${c.provider}/hour`, c.region, 'usd/hour', `the east-west gateway of cluster ${c.name}`);
    const g = sink.price(`loadBalancer/${c.provider}/gb`, c.region, 'usd/gb', `the east-west gateway of cluster ${c.name}`);
    sink.add(line({ category: 'loadBalancers', cluster: c.name, item: 'east-west gateway (hourly)', quantityPerMonth: HOURS_PER_MONTH, quantityUnit: 'LB-hours', usdPerUnit: h.usd }, h));
    sink.add(line({ category: 'loadBalancers', cluster: c.name, item: 'east-west gateway processed (cross-cluster calls)', quantityPerMonth: ctx.crossClusterGb, quantityUnit: 'GB', usdPerUnit: g.usd }, g));
  }
}

/**
 * Authoritative DNS queries a month under TTL caching: each of `resolvers` caching resolvers asks
 * once per TTL (while its users are active: assumed always), and never more often than requests
 * arrive. Without a traffic model only the first bound applies.
 */
export function dnsQueriesPerMonth(resolvers: number, ttlS: number, requestsPerMonth: number | null): number {
  if (!(ttlS > 0)) throw new RangeError(`DNS TTL must be positive, got ${ttlS} s`);
  const byTtl = (resolvers * SECONDS_PER_MONTH) / ttlS;
  return requestsPerMonth === null ? byTtl : Math.min(byTtl, requestsPerMonth);
}

/** The design's DNS: one hosted zone and its queries, at the provider of its first billed cloud cluster. */
export function designExtras(sink: LineSink, billed: readonly ClusterSpec[], ctx: { readonly usage: CostUsage; readonly design: Design | undefined; readonly requestsPerMonth: number | null }): void {
  const ingress = ctx.design?.traffic.ingress;
  if (ctx.usage.dnsResolvers <= 0 || ingress?.kind !== 'dns') return;
  const home = billed.find((c) => c.provider === 'aws' || c.provider === 'gcp' || c.provider === 'azure');
  if (home === undefined) return;
  const zone = sink.price(`dns/${home.provider}/zone`, home.region, 'usd/month', 'the GSLB hosted zone (pricing.usage.dnsResolvers: 0 to leave DNS out)');
  const query = sink.price(`dns/${home.provider}/query`, home.region, 'usd/million', 'the GSLB DNS queries (pricing.usage.dnsResolvers: 0 to leave DNS out)');
  const millions = dnsQueriesPerMonth(ctx.usage.dnsResolvers, ingress.ttlS, ctx.requestsPerMonth) / 1e6;
  sink.add(line({ category: 'loadBalancers', cluster: null, item: `${home.provider} DNS hosted zone`, quantityPerMonth: 1, quantityUnit: 'zones', usdPerUnit: zone.usd }, zone));
  sink.add(line({ category: 'loadBalancers', cluster: null, item: `${home.provider} DNS queries (${ctx.usage.dnsResolvers} resolvers, TTL ${ingress.ttlS} s)`, quantityPerMonth: millions, quantityUnit: 'million queries', usdPerUnit: query.usd }, query));
}
