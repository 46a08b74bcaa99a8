import { catalogInstanceType, extraInstanceTypes, instanceTypes, priceIn, type InstanceType } from './instances.js';
import { transferBySourceItems } from './transferBySource.js';
import type { InstanceShape, PriceCatalogData, PriceItem } from './types.js';

/**
 * The built-in catalog, seeded from docs/references.md ("Prices"), USD, Linux, on-demand.
 * Where a figure is not quoted there, or is a range, the item's note says what was chosen and why;
 * ranges resolve to the end that does not flatter a design (smaller discounts, higher rates).
 */
export const BUILTIN_VERSION = 'fleetsim-builtin/2026-05';

const REF = 'docs/references.md';

const controlPlane: PriceItem[] = [
  { key: 'controlPlane/aws/eks-standard', unit: 'usd/cluster-hour', usd: 0.1, source: `AWS EKS pricing, standard support (${REF})`, asOf: '2024–2026' },
  { key: 'controlPlane/aws/eks-extended', unit: 'usd/cluster-hour', usd: 0.6, source: `AWS EKS pricing, extended support (${REF})`, asOf: '2024–2026' },
  {
    key: 'controlPlane/gcp/gke-regional',
    unit: 'usd/cluster-hour',
    usd: 0.1,
    source: `GKE pricing (${REF})`,
    asOf: '2020–2026',
    note: 'one free zonal or Autopilot cluster per billing account is not credited',
  },
  { key: 'controlPlane/gcp/gke-zonal', unit: 'usd/cluster-hour', usd: 0.1, source: `GKE pricing (${REF})`, asOf: '2020–2026', note: 'one free zonal or Autopilot cluster per billing account is not credited' },
  { key: 'controlPlane/azure/aks-free', unit: 'usd/cluster-hour', usd: 0, source: `AKS pricing, Free tier (${REF})`, asOf: '2024' },
  { key: 'controlPlane/azure/aks-standard', unit: 'usd/cluster-hour', usd: 0.1, source: `AKS pricing, Standard tier (${REF})`, asOf: '2024' },
];

const instanceItem = (t: InstanceType, p: InstanceType['prices'][number]): PriceItem => ({ key: `instance/${t.provider}/${t.name}@${p.region}`, unit: 'usd/node-hour', usd: p.usdPerHour, source: p.source, asOf: p.asOf });
const allInstanceTypes = (): InstanceType[] => [...instanceTypes(), ...extraInstanceTypes()];

const SPOT_NOTE = 'docs/references.md gives 60–91% off; the low end is used so spot is not flattered. Spot capacity can be reclaimed: model it with node faults.';
const discounts: PriceItem[] = [
  { key: 'discount/aws/spot', unit: 'discount-ratio', usd: 0.6, source: `provider pages (${REF})`, asOf: '2023–2026', note: SPOT_NOTE },
  { key: 'discount/gcp/spot', unit: 'discount-ratio', usd: 0.6, source: `provider pages (${REF})`, asOf: '2023–2026', note: SPOT_NOTE },
  { key: 'discount/azure/spot', unit: 'discount-ratio', usd: 0.6, source: `provider pages (${REF})`, asOf: '2023–2026', note: SPOT_NOTE },
  {
    key: 'discount/aws/commit3y',
    unit: 'discount-ratio',
    usd: 0.66,
    source: `AWS savings plans, "up to 66–72%" (${REF})`,
    asOf: '2026',
    note: 'an "up to" figure (3-year, all upfront, best case); a 1-year or no-upfront plan saves much less: set your own',
  },
  { key: 'discount/gcp/commit3y', unit: 'discount-ratio', usd: 0.57, source: `GCP committed-use discounts, "up to 57%" (${REF})`, asOf: '2026', note: 'an "up to" figure (3-year resource commitment)' },
  { key: 'discount/azure/commit1y', unit: 'discount-ratio', usd: 0.3, source: `Azure reservations, 30–40% for 1 year (${REF})`, asOf: '2026', note: 'low end of the range' },
  { key: 'discount/azure/commit3y', unit: 'discount-ratio', usd: 0.55, source: `Azure reservations, 55–72% for 3 years (${REF})`, asOf: '2026', note: 'low end of the range' },
];

const loadBalancers: PriceItem[] = [
  { key: 'loadBalancer/aws/hour', unit: 'usd/hour', usd: 0.0225, source: `AWS ELB pricing, ALB, us-east-1 (${REF})`, asOf: '2024' },
  {
    key: 'loadBalancer/aws/gb',
    unit: 'usd/gb',
    usd: 0.008,
    source: `AWS ELB pricing, 0.008 per LCU-hour (${REF})`,
    asOf: '2024',
    note: 'one LCU covers 1 GB processed per hour (EC2 targets); the connection and rule-evaluation dimensions of an LCU are not modelled, so busy small-response APIs may cost more',
  },
  {
    key: 'loadBalancer/gcp/hour',
    unit: 'usd/hour',
    usd: 0.025,
    source: 'GCP load balancing pricing: first five forwarding rules',
    asOf: '2024',
    note: 'not quoted in docs/references.md (which gives 0.01 per extra rule-hour); verify against the current price sheet',
  },
  { key: 'loadBalancer/gcp/gb', unit: 'usd/gb', usd: 0.008, source: `GCP LB pricing, per GB processed, us-central1 (${REF})`, asOf: '2024' },
  { key: 'loadBalancer/azure/hour', unit: 'usd/hour', usd: 0.025, source: `Azure Standard LB, first 5 rules, eastus (${REF})`, asOf: '2024' },
  { key: 'loadBalancer/azure/gb', unit: 'usd/gb', usd: 0.005, source: `Azure Standard LB, per GB processed, eastus (${REF})`, asOf: '2024' },
];

const nat: PriceItem[] = [
  { key: 'nat/aws/hour', unit: 'usd/hour', usd: 0.045, source: `AWS NAT gateway pricing, us-east-1 (${REF})`, asOf: '2024' },
  { key: 'nat/aws/gb', unit: 'usd/gb', usd: 0.045, source: `AWS NAT gateway pricing, us-east-1 (${REF})`, asOf: '2024' },
  { key: 'nat/azure/hour', unit: 'usd/hour', usd: 0.045, source: `Azure NAT gateway pricing, eastus (${REF})`, asOf: '2024' },
  { key: 'nat/azure/gb', unit: 'usd/gb', usd: 0.045, source: `Azure NAT gateway pricing, eastus (${REF})`, asOf: '2024' },
  {
    key: 'nat/gcp/hour',
    unit: 'usd/hour',
    usd: 0.044,
    source: 'GCP Cloud NAT pricing: 0.0014 per VM-hour, capped at 0.044 per gateway-hour',
    asOf: '2024',
    note: 'not in docs/references.md; the cap (32 or more VMs) is used; verify against the current price sheet',
  },
  { key: 'nat/gcp/gb', unit: 'usd/gb', usd: 0.045, source: 'GCP Cloud NAT pricing, per GB processed', asOf: '2024', note: 'not in docs/references.md; verify against the current price sheet' },
];

const transfer: PriceItem[] = [
  {
    key: 'transfer/aws/interZone',
    unit: 'usd/gb',
    usd: 0.02,
    source: `AWS data transfer pricing: 0.01 per GB each way between AZs (${REF})`,
    asOf: '2024',
    note: 'both the sending and the receiving side pay 0.01, so a GB that crosses zones costs 0.02',
  },
  { key: 'transfer/aws/interRegion', unit: 'usd/gb', usd: 0.02, source: `AWS data transfer pricing, to other regions, us-east-1 (${REF})`, asOf: '2024', note: 'the US and Europe rate; regions that charge more have their own @region item' },
  {
    key: 'transfer/aws/internet',
    unit: 'usd/gb',
    usd: 0.09,
    tiers: [
      { upToGb: 10240, usdPerGb: 0.09 },
      { upToGb: 51200, usdPerGb: 0.085 },
      { upToGb: 153600, usdPerGb: 0.07 },
      { upToGb: null, usdPerGb: 0.05 },
    ],
    freeGbPerMonth: 100,
    source: `AWS data transfer pricing, internet egress 0.09 → 0.05 by volume tier, us-east-1 (${REF})`,
    asOf: '2024',
    note: 'tier bounds (10 TB, 40 TB, 100 TB) and the 100 GB free allowance are from the AWS price page, not docs/references.md',
  },
  { key: 'transfer/gcp/interZone', unit: 'usd/gb', usd: 0.01, source: `GCP network pricing, between zones (${REF})`, asOf: '2026' },
  {
    key: 'transfer/gcp/interRegion',
    unit: 'usd/gb',
    usd: 0.02,
    source: `GCP network pricing, 0.01–0.02 between regions on a continent (${REF}); 0.02 within Europe in GCP's inter-region SKUs as Infracost prints them (2024-07-01)`,
    asOf: '2026',
    note: 'the rate within Europe; North America (0.01) and Asia (0.05) have @region items, other continents a stand-in (docs/cost.md)',
  },
  { key: 'transfer/gcp/interContinent', unit: 'usd/gb', usd: 0.08, source: `GCP network pricing, 0.02–0.08 between continents (${REF})`, asOf: '2026', note: 'high end of the range' },
  {
    key: 'transfer/gcp/internet',
    unit: 'usd/gb',
    usd: 0.12,
    source: `GCP network pricing, premium tier, first volume tier (${REF})`,
    asOf: '2026',
    note: 'the first tier is applied to all volume, which over-states large volumes',
  },
  { key: 'transfer/azure/interZone', unit: 'usd/gb', usd: 0, source: `Azure bandwidth pricing: between zones free (${REF})`, asOf: '2023–2026' },
  { key: 'transfer/azure/interRegion', unit: 'usd/gb', usd: 0.02, source: `Azure bandwidth pricing, between regions in one continent (${REF})`, asOf: '2023–2026' },
  {
    key: 'transfer/azure/internet',
    unit: 'usd/gb',
    usd: 0.087,
    freeGbPerMonth: 100,
    source: `Azure bandwidth pricing, ~0.087 after the first 100 GB (${REF})`,
    asOf: '2023–2026',
  },
];

/**
 * Transfer by source region (AWS global network FAQ: "For DTO and DTIR, we charge for data transfer
 * only based on the source Region"; Azure likewise by the source's continent): every well-known
 * region's `@region` items, sourced or an explicit stand-in (transferBySource.ts).
 */
const transferBySource: PriceItem[] = transferBySourceItems();

/** Per-cluster fixed costs the simulation cannot see: on only when pricing.usage asks (docs/cost.md). */
const fixed: PriceItem[] = [
  { key: 'healthCheck/aws/endpoint', unit: 'usd/month', usd: 0.5, source: `Amazon Route 53 pricing, basic health check of an AWS endpoint (${REF})`, asOf: '2025' },
  { key: 'healthCheck/aws/fastInterval', unit: 'usd/month', usd: 1, source: `Amazon Route 53 pricing, optional feature "fast interval" (10 s) for an AWS endpoint (${REF})`, asOf: '2025' },
  { key: 'healthCheck/azure/endpoint', unit: 'usd/month', usd: 0.36, source: `Azure Traffic Manager pricing, health check of an Azure endpoint (${REF})`, asOf: '2025' },
  { key: 'dns/aws/zone', unit: 'usd/month', usd: 0.5, source: `Amazon Route 53 pricing, hosted zone (first 25) (${REF})`, asOf: '2025' },
  {
    key: 'dns/aws/query',
    unit: 'usd/million',
    usd: 0.7,
    source: `Amazon Route 53 pricing: standard 0.40, latency-based 0.60, geo 0.70 per million queries (first billion) (${REF})`,
    asOf: '2025',
    note: 'a GSLB answers by geography or latency: the geo rate, the dearest, is used',
  },
  { key: 'dns/gcp/zone', unit: 'usd/month', usd: 0.2, source: `Cloud DNS pricing, managed zone (first 25) (${REF})`, asOf: '2025' },
  { key: 'dns/gcp/query', unit: 'usd/million', usd: 0.4, source: `Cloud DNS pricing, queries (first billion) (${REF})`, asOf: '2025' },
  { key: 'dns/azure/zone', unit: 'usd/month', usd: 0.5, source: `Azure DNS pricing, hosted zone (first 25) (${REF})`, asOf: '2025' },
  { key: 'dns/azure/query', unit: 'usd/million', usd: 0.4, source: `Azure DNS pricing, queries (first billion) (${REF})`, asOf: '2025' },
  { key: 'monitoring/aws/metric', unit: 'usd/month', usd: 0.3, source: `Amazon CloudWatch pricing, custom metric (first 10,000), as Container Insights bills its metrics (${REF})`, asOf: '2025' },
  {
    key: 'monitoring/gcp/metric',
    unit: 'usd/month',
    usd: 0,
    source: `Google Cloud Observability pricing: GKE system metrics are not charged (${REF})`,
    asOf: '2025',
    note: 'system metrics only; Managed Service for Prometheus and custom metrics are billed by samples ingested: price them in a catalog file',
  },
];

const GIB_PER_GB = 1e9 / 2 ** 30;
const logs: PriceItem[] = [
  { key: 'logs/aws/gb', unit: 'usd/gb', usd: 0.5, source: `CloudWatch Logs ingestion (${REF})`, asOf: '2024' },
  {
    key: 'logs/gcp/gb',
    unit: 'usd/gb',
    usd: Math.round(0.5 * GIB_PER_GB * 1e6) / 1e6,
    freeGbPerMonth: Math.round(50 / GIB_PER_GB * 1000) / 1000,
    source: `Cloud Logging, 0.50 per GiB after 50 GiB free (${REF})`,
    asOf: '2024',
    note: 'converted from per-GiB to per-GB',
  },
  { key: 'logs/azure/gb', unit: 'usd/gb', usd: 2.99, source: `Azure Log Analytics ingestion (${REF})`, asOf: '2024' },
];

const otherItems = (): PriceItem[][] => [controlPlane, discounts, loadBalancers, nat, transfer, transferBySource, logs, fixed];

let data: PriceCatalogData | undefined;

/** Every built-in item and shape, in the catalog's order: what `prices show` lists and workers receive. */
export function builtinCatalogData(): PriceCatalogData {
  const [cp, ...rest] = otherItems();
  return (data ??= {
    version: BUILTIN_VERSION,
    items: [...cp, ...allInstanceTypes().flatMap((t) => t.prices.map((p) => instanceItem(t, p))), ...rest.flat()],
    instanceShapes: allInstanceTypes().map((t) => ({ provider: t.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB })),
  });
}

/** The lookups a catalog layer answers (catalog.ts): by whole key ("instance/aws/m6i.xlarge@us-east-1"), shapes by "provider/name". */
export interface CatalogLayer {
  item(key: string): PriceItem | undefined;
  shapeOf(key: string): InstanceShape | undefined;
  toData(): PriceCatalogData;
}

const INSTANCE_KEY = /^instance\/([^/@]+)\/([^/@]+)@([^/@]+)$/;

/**
 * The built-in catalog answering lookups without making its ~7,700 items: an instance price is read
 * from its type (instances.ts, which merges only the types asked for), every other item from a map
 * of the ~230 others. It answers exactly as a catalog of builtinCatalogData() would
 * (test/cost/catalog/catalog.test.ts compares every key and shape).
 */
export function builtinLayer(): CatalogLayer {
  let others: Map<string, PriceItem> | undefined;
  const made = new Map<string, PriceItem | undefined>();
  return {
    item(key) {
      const m = INSTANCE_KEY.exec(key);
      if (m === null) return (others ??= new Map(otherItems().flat().map((i) => [i.key, i]))).get(key);
      if (made.has(key)) return made.get(key);
      const t = catalogInstanceType(m[1], m[2]);
      const p = t === undefined ? undefined : priceIn(t, m[3]);
      const item = t === undefined || p === undefined ? undefined : instanceItem(t, p);
      made.set(key, item);
      return item;
    },
    shapeOf(key) {
      const slash = key.indexOf('/');
      const t = catalogInstanceType(key.slice(0, slash), key.slice(slash + 1));
      return t === undefined ? undefined : { provider: t.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB };
    },
    toData: builtinCatalogData,
  };
}
