#!/usr/bin/env node
/**
 * Builds src/cost/catalog/data/azure-newer-regions.json: Azure VM prices in the regions the main
 * Azure file (azure.json, from ec2instances.info, 2025-05) does not price, mostly regions opened
 * since (italynorth, polandcentral, spaincentral, mexicocentral, newzealandnorth, israelcentral …).
 * The source is the table of initial on-demand prices that the Azure Karpenter provider generates
 * from the Azure Retail Prices API (repository Azure/karpenter-provider-azure, Apache-2.0,
 * pkg/providers/pricing/zz_generated.pricing.go: per region, per VM size, the pay-as-you-go price of
 * the "Consumption" price type, Windows and Low Priority meters left out, spot kept apart). The date
 * is the file's own "generated at".
 *
 *   git show <commit>:pkg/providers/pricing/zz_generated.pricing.go > pricing.go
 *   node scripts/prices/azure-from-karpenter-pricing.mjs pricing.go src/cost/catalog/data/azure.json <commit> \
 *     > src/cost/catalog/data/azure-newer-regions.json
 *
 * Kept: the sizes azure.json has (Dv5, Dsv5, Ddsv5, Fsv2, Esv5, 2–32 vCPUs, shapes taken from it), in
 * the regions azure.json lacks. For three regions both price, `crossCheck` records this source's
 * prices so a test can hold the two sources against each other. The script stops, writing nothing,
 * when a size is out of proportion with its family in a region (a misread file).
 */
import { readFileSync } from 'node:fs';
import { outOfProportion, sortedPrices } from './proportion.mjs';

const [goFile, mainFile, commit = 'unknown'] = process.argv.slice(2);
if (goFile === undefined || mainFile === undefined) {
  process.stderr.write('usage: azure-from-karpenter-pricing.mjs zz_generated.pricing.go azure.json [commit]\n');
  process.exit(2);
}
const CROSS_CHECK_REGIONS = ['eastus', 'westeurope', 'japaneast'];
const main = JSON.parse(readFileSync(mainFile, 'utf8'));
const mainRegions = new Set(main.types.flatMap((t) => Object.keys(t.prices)));
const text = readFileSync(goFile, 'utf8');
const generated = /generated at (\d{4}-\d{2}-\d{2})T/.exec(text);
if (generated === null) {
  process.stderr.write(`${goFile}: no "generated at" date: not the generated pricing file?\n`);
  process.exit(1);
}
/** region → size → usd, from `initialOnDemandPrices["<region>"] = map[string]float64{ "<size>": <usd>, … }`. */
const byRegion = new Map();
let region;
for (const line of text.split('\n')) {
  const head = /initialOnDemandPrices\["([a-z0-9]+)"\]\s*=/.exec(line);
  if (head !== null) {
    region = head[1];
    byRegion.set(region, new Map());
    continue;
  }
  const row = /^\s*"(Standard_[A-Za-z0-9_]+)":\s*([0-9.]+),/.exec(line);
  if (row !== null && region !== undefined) byRegion.get(region).set(row[1], Number(row[2]));
}
const problems = [];
if (byRegion.size === 0) problems.push('no initialOnDemandPrices["<region>"] table found');
const familyOf = (name) => {
  const m = /^Standard_([A-Z])\d+([a-z]*)_v(\d)$/.exec(name);
  return m === null ? undefined : `${m[1]}${m[2]}v${m[3]}`.toLowerCase();
};
const types = main.types.map((t) => {
  const prices = {};
  for (const [r, sizes] of byRegion) {
    if (mainRegions.has(r)) continue;
    const usd = sizes.get(t.name);
    if (usd !== undefined && usd > 0) prices[r] = usd;
  }
  return { name: t.name, family: familyOf(t.name), vcpu: t.vcpu, memoryGiB: t.memoryGiB, prices: sortedPrices(prices) };
});
problems.push(...outOfProportion(types));
const crossCheck = Object.fromEntries(
  CROSS_CHECK_REGIONS.map((r) => [r, Object.fromEntries(main.types.flatMap((t) => (byRegion.get(r)?.has(t.name) ? [[t.name, byRegion.get(r).get(t.name)]] : [])))]),
);
if (problems.length > 0) {
  process.stderr.write(`${goFile}: refused (a misread file?):\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
const out = {
  provider: 'azure',
  source: `Azure Retail Prices API, pay-as-you-go Linux, as generated into the Azure Karpenter provider (github.com/Azure/karpenter-provider-azure, commit ${commit}, Apache-2.0, pkg/providers/pricing/zz_generated.pricing.go)`,
  asOf: generated[1],
  generatedBy: 'scripts/prices/azure-from-karpenter-pricing.mjs',
  types: types.filter((t) => Object.keys(t.prices).length > 0).map(({ family, ...t }) => t),
  crossCheck,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
