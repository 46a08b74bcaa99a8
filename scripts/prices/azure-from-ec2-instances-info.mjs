#!/usr/bin/env node
/**
 * Builds src/cost/catalog/data/azure.json, the built-in Azure VM prices, from data/azure-instances.json
 * of the Go module github.com/cristim/ec2-instances-info (Unlicense; its data is that of
 * ec2instances.info's Azure pages, MIT), generated from the Azure Retail Prices API: per VM size its
 * vCPUs, memory (GiB) and, per region, the pay-as-you-go Linux price per hour
 * (pricing.<region>.linux.ondemand).
 *
 *   go mod download -json github.com/cristim/ec2-instances-info@<version>   # prints the module's Dir
 *   node scripts/prices/azure-from-ec2-instances-info.mjs <Dir>/data/azure-instances.json \
 *     github.com/cristim/ec2-instances-info@<version> > src/cost/catalog/data/azure.json
 *
 * Kept: Dv5, Dsv5, Ddsv5 (general purpose), Fsv2 (compute), Esv5 (memory) with 2–32 vCPUs, in every
 * public region the file prices. The file names regions by its own slugs (europe-west); REGIONS maps
 * them to Azure's region names (westeurope), and a slug not in it stops the script, as does a size
 * out of proportion with its family in a region. The date is the module version's commit date.
 */
import { readFileSync } from 'node:fs';
import { outOfProportion, pseudoVersionDate, sortedPrices } from './proportion.mjs';

const [file, module = 'github.com/cristim/ec2-instances-info@unknown', asOfArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: azure-from-ec2-instances-info.mjs azure-instances.json [module@version] [as-of YYYY-MM-DD]\n');
  process.exit(2);
}
const FAMILIES = ['dv5', 'dsv5', 'ddsv5', 'fsv2', 'esv5'];
const SIZES = new Set([2, 4, 8, 16, 32]);
/** The file's region slugs and Azure's names for them (armRegionName of the Retail Prices API). */
const REGIONS = {
  'asia-pacific-east': 'eastasia',
  'asia-pacific-southeast': 'southeastasia',
  'australia-central': 'australiacentral',
  'australia-central-2': 'australiacentral2',
  'australia-east': 'australiaeast',
  'australia-southeast': 'australiasoutheast',
  'brazil-south': 'brazilsouth',
  'brazil-southeast': 'brazilsoutheast',
  'canada-central': 'canadacentral',
  'canada-east': 'canadaeast',
  'central-india': 'centralindia',
  'europe-north': 'northeurope',
  'europe-west': 'westeurope',
  'france-central': 'francecentral',
  'france-south': 'francesouth',
  'germany-north': 'germanynorth',
  'germany-west-central': 'germanywestcentral',
  'japan-east': 'japaneast',
  'japan-west': 'japanwest',
  'korea-central': 'koreacentral',
  'korea-south': 'koreasouth',
  'norway-east': 'norwayeast',
  'norway-west': 'norwaywest',
  'qatar-central': 'qatarcentral',
  'south-africa-north': 'southafricanorth',
  'south-africa-west': 'southafricawest',
  'south-india': 'southindia',
  'sweden-central': 'swedencentral',
  'sweden-south': 'swedensouth',
  'switzerland-north': 'switzerlandnorth',
  'switzerland-west': 'switzerlandwest',
  'uae-central': 'uaecentral',
  'uae-north': 'uaenorth',
  'united-kingdom-south': 'uksouth',
  'united-kingdom-west': 'ukwest',
  'us-central': 'centralus',
  'us-east': 'eastus',
  'us-east-2': 'eastus2',
  'us-north-central': 'northcentralus',
  'us-south-central': 'southcentralus',
  'us-west': 'westus',
  'us-west-2': 'westus2',
  'us-west-3': 'westus3',
  'us-west-central': 'westcentralus',
  'west-india': 'westindia',
};
/** Government clouds are not public regions. */
const NOT_PUBLIC = /^usgov-/;

const asOf = asOfArg ?? pseudoVersionDate(module.split('@')[1] ?? '') ?? 'unknown';
const rows = JSON.parse(readFileSync(file, 'utf8'));
if (!Array.isArray(rows)) throw new Error(`${file}: expected an array of VM sizes`);
const problems = [];
const types = [];
for (const row of rows) {
  if (!FAMILIES.includes(row.family) || !SIZES.has(row.vcpu)) continue;
  // "Standard D4s v5" is the size Azure's APIs and AKS node pools call Standard_D4s_v5.
  const name = String(row.pretty_name_azure).trim().replaceAll(' ', '_');
  if (!/^Standard_[A-Z]\d+[a-z]*_v\d$/.test(name)) {
    problems.push(`${row.instance_type}: cannot make a size name of "${row.pretty_name_azure}"`);
    continue;
  }
  const prices = {};
  for (const [slug, p] of Object.entries(row.pricing ?? {})) {
    if (NOT_PUBLIC.test(slug)) continue;
    const region = REGIONS[slug];
    if (region === undefined) {
      problems.push(`${name}: region "${slug}" has no Azure name in REGIONS (add it)`);
      continue;
    }
    const usd = Number(p?.linux?.ondemand);
    if (usd > 0) prices[region] = usd;
  }
  if (Object.keys(prices).length > 0) types.push({ name, family: row.family, vcpu: row.vcpu, memoryGiB: Number(row.memory), prices: sortedPrices(prices) });
}
problems.push(...outOfProportion(types));
if (problems.length > 0) {
  process.stderr.write(`${file}: refused (a misread file?):\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
const order = (t) => [FAMILIES.indexOf(t.family), t.vcpu];
const out = {
  provider: 'azure',
  source: `Azure Retail Prices API, pay-as-you-go Linux, as published by ec2instances.info in Go module ${module} (data/azure-instances.json)`,
  asOf,
  generatedBy: 'scripts/prices/azure-from-ec2-instances-info.mjs',
  types: types
    .sort((a, b) => {
      const [fa, va] = order(a);
      const [fb, vb] = order(b);
      return fa - fb || va - vb;
    })
    .map(({ family, ...t }) => t),
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
