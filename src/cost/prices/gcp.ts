import type { InstanceShape } from '../catalog/types.js';
import { GCP_FAMILY_SKUS } from './families.js';
import { PriceListError, type FetchedPrice } from './types.js';

/**
 * GCP's price list is the Cloud Billing Catalog API (services/6F81-5844-456A/skus for Compute
 * Engine), which needs an API key: `fleetsim prices update` does not call it, it reads a response
 * saved by the user (`--gcp-skus FILE`: one page { skus: [...] }, or an array of pages).
 *
 * A predefined machine type costs vCPUs × its family's "Instance Core" SKU + GiB × its "Instance
 * Ram" SKU in that region (on-demand), so the shapes come from the catalog.
 */
interface Sku {
  readonly description?: unknown;
  readonly category?: { readonly resourceFamily?: unknown; readonly usageType?: unknown };
  readonly serviceRegions?: unknown;
  readonly pricingInfo?: readonly { readonly effectiveTime?: unknown; readonly pricingExpression?: { readonly usageUnit?: unknown; readonly tieredRates?: readonly { readonly startUsageAmount?: unknown; readonly unitPrice?: { readonly currencyCode?: unknown; readonly units?: unknown; readonly nanos?: unknown } }[] } }[];
}

function unitPrice(sku: Sku): { usd: number; unit: string; asOf: string } | undefined {
  const info = sku.pricingInfo?.[0];
  const expr = info?.pricingExpression;
  const rate = expr?.tieredRates?.find((r) => Number(r.startUsageAmount ?? 0) === 0);
  if (rate?.unitPrice?.currencyCode !== 'USD' || typeof expr?.usageUnit !== 'string') return undefined;
  const usd = Number(rate.unitPrice.units ?? 0) + Number(rate.unitPrice.nanos ?? 0) / 1e9;
  return Number.isFinite(usd) ? { usd, unit: expr.usageUnit, asOf: typeof info?.effectiveTime === 'string' ? info.effectiveTime.slice(0, 10) : '' } : undefined;
}

export function parseGcpSkus(json: unknown, file: string, shapes: readonly InstanceShape[], regions?: ReadonlySet<string>): FetchedPrice[] {
  const pages = Array.isArray(json) ? json : [json];
  const core = new Map<string, { usd: number; asOf: string }>();
  const ram = new Map<string, { usd: number; asOf: string }>();
  const prefixes = Object.entries(GCP_FAMILY_SKUS).sort(([, a], [, b]) => b.length - a.length);
  for (const page of pages) {
    const skus = (page as { skus?: unknown } | null)?.skus;
    if (!Array.isArray(skus)) throw new PriceListError(`${file}: not a Cloud Billing Catalog SKU list (no "skus" array)`);
    for (const sku of skus as Sku[]) {
      if (sku?.category?.resourceFamily !== 'Compute' || sku.category.usageType !== 'OnDemand' || typeof sku.description !== 'string') continue;
      const fam = prefixes.find(([, p]) => sku.description !== undefined && new RegExp(`^${p} Instance (Core|Ram) running in `).test(sku.description as string));
      if (fam === undefined) continue;
      const isCore = (sku.description as string).startsWith(`${fam[1]} Instance Core`);
      const price = unitPrice(sku);
      if (price === undefined || price.unit !== (isCore ? 'h' : 'GiBy.h')) continue;
      for (const region of Array.isArray(sku.serviceRegions) ? (sku.serviceRegions as string[]) : []) {
        (isCore ? core : ram).set(`${fam[0]}@${region}`, price);
      }
    }
  }
  const out: FetchedPrice[] = [];
  for (const key of core.keys()) {
    const [family, region] = key.split('@');
    const r = ram.get(key);
    if (r === undefined || (regions !== undefined && !regions.has(region))) continue;
    const c = core.get(key)!;
    for (const s of shapes) {
      if (s.provider !== 'gcp' || !s.name.startsWith(`${family}-`) || /^(custom|shared)/.test(s.name.slice(family.length + 1))) continue;
      // n2-standard-4 belongs to n2, not n2d: the family is the name up to the first dash.
      if (s.name.split('-')[0] !== family) continue;
      out.push({
        provider: 'gcp',
        type: s.name,
        region,
        usdPerHour: Math.round((s.vcpu * c.usd + s.memoryGiB * r.usd) * 1e6) / 1e6,
        source: `Cloud Billing Catalog SKUs (${file}): ${s.vcpu} × "${GCP_FAMILY_SKUS[family]} Instance Core" + ${s.memoryGiB} GiB × "${GCP_FAMILY_SKUS[family]} Instance Ram", on-demand`,
        asOf: c.asOf,
        vcpu: s.vcpu,
        memoryGiB: s.memoryGiB,
      });
    }
  }
  return out.sort((a, b) => a.type.localeCompare(b.type) || a.region.localeCompare(b.region));
}
