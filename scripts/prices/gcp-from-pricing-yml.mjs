#!/usr/bin/env node
/**
 * Builds src/cost/catalog/data/gcp.json, the built-in GCP instance prices, from a pricing.yml of
 * github.com/Cyclenerd/google-cloud-pricing-cost-calculator (Apache-2.0). That file is generated
 * weekly from Google's Cloud Billing Catalog API (on-demand Linux price per hour of every machine
 * type in every region: compute.instance.<type>.cost.<region>.hour, with cpu and ram per type).
 *
 *   node scripts/prices/gcp-from-pricing-yml.mjs pricing.yml [commit] > src/cost/catalog/data/gcp.json
 *
 * Only the common general-purpose, compute- and memory-optimized shapes are kept (FAMILIES, SIZES):
 * the catalog is for costing clusters, not a full price list. `fleetsim prices update --provider gcp
 * --gcp-skus FILE` prices any type from Google's own SKU JSON instead.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [file, commit = 'unknown'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: gcp-from-pricing-yml.mjs pricing.yml [commit]\n');
  process.exit(2);
}
const doc = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 });
const FAMILIES = ['n2', 'n2d', 'n4', 'e2', 'c2d', 'c3', 'c3d', 'c4', 't2d'];
const KINDS = ['standard', 'highcpu', 'highmem'];
/** Common node sizes; c3 comes in 4, 8, 22 and c3d in 4, 8, 16, 30. */
const SIZES = new Set([2, 4, 8, 16, 22, 30, 32]);
const MEMORY = new Set(['m3-ultramem-32', 'm3-megamem-64']);

const generated = String(doc.about?.generated ?? '');
const asOf = new Date(Number(doc.about?.timestamp) * 1000).toISOString().slice(0, 10);
const instances = doc.compute.instance;
const types = [];
for (const [name, t] of Object.entries(instances).sort(([a], [b]) => a.localeCompare(b))) {
  const m = /^([a-z0-9]+)-([a-z]+)-(\d+)$/.exec(name);
  const keep = MEMORY.has(name) || (m !== null && FAMILIES.includes(m[1]) && KINDS.includes(m[2]) && SIZES.has(Number(m[3])));
  if (!keep) continue;
  const prices = {};
  for (const [region, c] of Object.entries(t.cost ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    // Regions where the type is not sold carry no hour (or 0): left out, never priced as free.
    if (typeof c?.hour === 'number' && c.hour > 0) prices[region] = Math.round(c.hour * 1e6) / 1e6;
  }
  if (Object.keys(prices).length === 0) continue;
  types.push({ name, vcpu: Number(t.cpu), memoryGiB: Number(t.ram), prices });
}
const out = {
  provider: 'gcp',
  source: `Google Cloud Billing Catalog API, on-demand Linux, via Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml (commit ${commit}, generated ${generated})`,
  asOf,
  generatedBy: 'scripts/prices/gcp-from-pricing-yml.mjs',
  types,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
