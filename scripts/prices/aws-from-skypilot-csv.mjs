#!/usr/bin/env node
/**
 * Builds src/cost/catalog/data/aws.json, the built-in AWS instance prices, from a SkyPilot catalog
 * file (github.com/skypilot-org/skypilot-catalog, catalogs/v8/aws/vms.csv, Apache-2.0), which
 * SkyPilot generates from the AWS Price List API: on-demand Linux price per hour ("Price") for each
 * instance type, region and availability zone.
 *
 *   node scripts/prices/aws-from-skypilot-csv.mjs vms.csv <commit> "<as of>" > src/cost/catalog/data/aws.json
 *
 * The checked-in input is scripts/prices/sources/aws-skypilot-v8-excerpt.csv: the rows of the
 * families below copied out of that file (one per type and region; the zones of a region carry the
 * same price), with its column names. The script refuses an input where a region's zones disagree
 * or where a family's sizes are not priced in proportion to their size (AWS prices large : xlarge :
 * 2xlarge … as 1 : 2 : 4 …), which catches a mis-copied figure.
 */
import { readFileSync } from 'node:fs';

const [file, commit = 'unknown', asOf = 'unknown'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: aws-from-skypilot-csv.mjs vms.csv [commit] [as-of]\n');
  process.exit(2);
}
const FAMILIES = new Set(['m5', 'm6i', 'm7i', 'm6a', 'm7a', 'm6g', 'm7g', 'c5', 'c6i', 'c7i', 'c6a', 'c7a', 'c6g', 'c7g', 'r5', 'r6i', 'r7i', 'r6a', 'r7a', 'r6g', 'r7g']);
const SIZES = { large: 0.5, xlarge: 1, '2xlarge': 2, '4xlarge': 4, '8xlarge': 8 };

const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
// SkyPilot's CSV quotes only its GpuInfo column, which the kept families leave empty.
const header = lines[0].split(',');
const col = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${file}: no ${name} column`);
  return i;
};
const [cType, cVcpu, cMem, cPrice, cRegion] = ['InstanceType', 'vCPUs', 'MemoryGiB', 'Price', 'Region'].map(col);
const types = new Map();
for (const [n, line] of lines.slice(1).entries()) {
  const f = line.split(',');
  const name = f[cType];
  const [family, size] = name.split('.');
  if (!FAMILIES.has(family) || !(size in SIZES)) continue;
  const price = Number(f[cPrice]);
  if (!(price > 0)) continue;
  let t = types.get(name);
  if (t === undefined) types.set(name, (t = { name, vcpu: Number(f[cVcpu]), memoryGiB: Number(f[cMem]), prices: {} }));
  const region = f[cRegion];
  if (t.prices[region] !== undefined && t.prices[region] !== price) throw new Error(`${file}:${n + 2}: ${name} in ${region}: zones disagree (${t.prices[region]} and ${price})`);
  t.prices[region] = price;
}
// Proportional sizes: every priced size of a family in a region implies the same price per "xlarge".
const perUnit = new Map();
for (const t of types.values()) {
  const [family, size] = t.name.split('.');
  for (const [region, usd] of Object.entries(t.prices)) {
    const key = `${family}@${region}`;
    const unit = Math.round((usd / SIZES[size]) * 1e6) / 1e6;
    const seen = perUnit.get(key);
    if (seen !== undefined && seen.unit !== unit) throw new Error(`${file}: ${t.name} in ${region} is ${usd}, not in proportion to ${seen.name} (${seen.unit} per xlarge): a mis-copied price?`);
    perUnit.set(key, { unit, name: t.name });
  }
}
const sorted = [...types.values()].sort((a, b) => a.name.localeCompare(b.name)).map((t) => ({ ...t, prices: Object.fromEntries(Object.entries(t.prices).sort(([a], [b]) => a.localeCompare(b))) }));
const out = {
  provider: 'aws',
  source: `AWS Price List API, on-demand Linux, via SkyPilot's catalog (skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv, commit ${commit})`,
  asOf,
  generatedBy: 'scripts/prices/aws-from-skypilot-csv.mjs',
  types: sorted,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
