#!/usr/bin/env node
/**
 * Builds src/cost/catalog/data/aws.json, the built-in AWS instance prices, from data/instances.json of
 * the Go module github.com/cristim/ec2-instances-info (Unlicense; its data is ec2instances.info's,
 * MIT), which ec2instances.info generates from the AWS Price List API: for each instance type its
 * vCPUs, memory (GiB) and, per region, the on-demand Linux price per hour
 * (pricing.<region>.linux.ondemand).
 *
 *   go mod download -json github.com/cristim/ec2-instances-info@<version>   # prints the module's Dir
 *   node scripts/prices/aws-from-ec2-instances-info.mjs <Dir>/data/instances.json \
 *     github.com/cristim/ec2-instances-info@<version> > src/cost/catalog/data/aws.json
 *
 * Kept: the families below in large–8xlarge, in every public region the file prices (Local Zones,
 * Wavelength zones, GovCloud and China are left out). The date is the module version's commit date
 * (the file states none). The script stops, writing nothing, when a size is not priced in proportion
 * to its family in a region or a type's vCPUs disagree with its size: a misread file.
 */
import { readFileSync } from 'node:fs';
import { outOfProportion, pseudoVersionDate, sortedPrices } from './proportion.mjs';

const [file, module = 'github.com/cristim/ec2-instances-info@unknown', asOfArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: aws-from-ec2-instances-info.mjs instances.json [module@version] [as-of YYYY-MM-DD]\n');
  process.exit(2);
}
/** General purpose (m), compute optimized (c), memory optimized (r): Intel 6th/7th, Graviton 2/3. */
const FAMILIES = ['m6i', 'm7i', 'c6i', 'c7i', 'r6i', 'r7i', 'm7g', 'c7g', 'r6g', 'r7g'];
/** vCPUs of each size, the same in every kept family. */
const SIZES = { large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32 };
/** A public commercial region code: Local Zones (us-east-1-bos-1) and Wavelength zones have a suffix. */
const PUBLIC_REGION = /^(?!us-gov-|cn-)[a-z]{2}-[a-z]+-\d$/;

const asOf = asOfArg ?? pseudoVersionDate(module.split('@')[1] ?? '') ?? 'unknown';
const rows = JSON.parse(readFileSync(file, 'utf8'));
if (!Array.isArray(rows)) throw new Error(`${file}: expected ec2instances.info's array of instance types`);
const byName = new Map(rows.map((r) => [r.instance_type, r]));

const problems = [];
const types = [];
for (const family of FAMILIES) {
  for (const [size, vcpu] of Object.entries(SIZES)) {
    const name = `${family}.${size}`;
    const row = byName.get(name);
    if (row === undefined) continue;
    if (row.vCPU !== vcpu) problems.push(`${name}: ${row.vCPU} vCPUs in the file, ${vcpu} expected for a ${size}`);
    const prices = {};
    for (const [region, p] of Object.entries(row.pricing ?? {})) {
      if (!PUBLIC_REGION.test(region)) continue;
      const usd = Number(p?.linux?.ondemand);
      // A region listing the type without an on-demand Linux price does not sell it: left out, never free.
      if (usd > 0) prices[region] = usd;
    }
    if (Object.keys(prices).length > 0) types.push({ name, family, vcpu: row.vCPU, memoryGiB: Number(row.memory), prices: sortedPrices(prices) });
  }
}
problems.push(...outOfProportion(types));
if (problems.length > 0) {
  process.stderr.write(`${file}: refused (a misread file?):\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
const out = {
  provider: 'aws',
  source: `AWS Price List API, on-demand Linux, as published by ec2instances.info in Go module ${module} (data/instances.json)`,
  asOf,
  generatedBy: 'scripts/prices/aws-from-ec2-instances-info.mjs',
  types: types.sort((a, b) => a.name.localeCompare(b.name)).map(({ family, ...t }) => t),
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
