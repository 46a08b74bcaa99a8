/**
 * The price generators (scripts/prices/*-from-*.mjs) on recorded excerpts of their sources
 * (test/cost/fixtures/prices/README.md): what they keep, how they name it, and the misreadings they
 * refuse. The full data files are not reproducible here (the modules are downloaded, not checked
 * in); test/cost/catalog/builtinData.test.ts checks what they wrote.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPTS = join(ROOT, 'scripts', 'prices');
const FIXTURES = join(ROOT, 'test', 'cost', 'fixtures', 'prices');
const MODULE = 'github.com/cristim/ec2-instances-info@v0.0.0-20250528091325-32acf84f42eb';
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
interface DataFile {
  provider: string;
  source: string;
  asOf: string;
  generatedBy: string;
  types: { name: string; vcpu: number; memoryGiB: number; prices: Record<string, number> }[];
}

function run(script: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [join(SCRIPTS, script), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of a fixture with one edit, in the temporary folder. */
function edited(fixture: string, edit: (text: string) => string): string {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  const out = edit(text);
  if (out === text) throw new Error(`the edit of ${fixture} changed nothing`);
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${fixture}`);
  writeFileSync(path, out);
  return path;
}

describe('AWS prices from ec2instances.info (aws-from-ec2-instances-info.mjs)', () => {
  const r = run('aws-from-ec2-instances-info.mjs', join(FIXTURES, 'ec2-instances-excerpt.json'), MODULE);
  const data = JSON.parse(r.stdout) as DataFile;

  it('keeps the families of the catalog in public regions, with the module and its commit date as source', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(data.source).toContain(MODULE);
    expect(data.asOf).toBe('2025-05-28');
    expect(data.types.map((t) => t.name)).toEqual(['m6i.2xlarge', 'm6i.large', 'm6i.xlarge', 'm7i.xlarge']);
    const m6i = data.types.find((t) => t.name === 'm6i.xlarge')!;
    expect(m6i).toMatchObject({ vcpu: 4, memoryGiB: 16 });
    // The Local Zone (us-east-1-bos-1) and GovCloud rows of the excerpt are left out.
    expect(Object.keys(m6i.prices)).toEqual(['eu-central-1', 'us-east-1', 'us-west-2']);
    expect(m6i.prices['us-east-1']).toBe(0.192);
    expect(data.types.find((t) => t.name === 'm7i.xlarge')!.prices['us-west-2']).toBe(0.2016);
  });

  it('refuses a size out of proportion with its family in a region', () => {
    const bad = edited('ec2-instances-excerpt.json', (t) => t.replace('"ondemand": "0.384"', '"ondemand": "0.348"'));
    const b = run('aws-from-ec2-instances-info.mjs', bad, MODULE);
    expect(b.code).toBe(1);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(/m6i\.\w+ in [a-z0-9-]+ is [\d.]+ per hour, not in proportion/);
  });

  it('refuses a type whose vCPUs do not match its size', () => {
    const bad = edited('ec2-instances-excerpt.json', (t) => t.replace(/("instance_type": "m6i\.large",\n\s*"vCPU": )2/, '$14'));
    const b = run('aws-from-ec2-instances-info.mjs', bad, MODULE);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/m6i\.large: 4 vCPUs in the file, 2 expected/);
  });
});

describe('Azure prices from ec2instances.info (azure-from-ec2-instances-info.mjs)', () => {
  const r = run('azure-from-ec2-instances-info.mjs', join(FIXTURES, 'azure-instances-excerpt.json'), MODULE);
  const data = JSON.parse(r.stdout) as DataFile;

  it("names sizes and regions as Azure does, drops government regions and other families", () => {
    expect(r.stderr).toBe('');
    expect(data.provider).toBe('azure');
    expect(data.asOf).toBe('2025-05-28');
    expect(data.types.map((t) => t.name)).toEqual(['Standard_D2s_v5', 'Standard_D4s_v5', 'Standard_D16s_v5', 'Standard_F4s_v2', 'Standard_E4s_v5']);
    const d4 = data.types.find((t) => t.name === 'Standard_D4s_v5')!;
    expect(d4).toMatchObject({ vcpu: 4, memoryGiB: 16 });
    expect(d4.prices).toEqual({ eastus: 0.192, norwaywest: 0.329, westeurope: 0.23 });
    expect(data.types.find((t) => t.name === 'Standard_E4s_v5')!.memoryGiB).toBe(32);
  });

  it("tolerates Azure's rounding to 3 decimals (D2s_v5 0.164 in norwaywest, where D16s_v5 implies 0.1645)", () => {
    const d16 = data.types.find((t) => t.name === 'Standard_D16s_v5')!.prices.norwaywest;
    expect(d16 / 8).not.toBe(0.164);
    expect(data.types.find((t) => t.name === 'Standard_D2s_v5')!.prices.norwaywest).toBe(0.164);
  });

  it('refuses a region it has no Azure name for', () => {
    const bad = edited('azure-instances-excerpt.json', (t) => t.replaceAll('"norway-west"', '"atlantis-central"'));
    const b = run('azure-from-ec2-instances-info.mjs', bad, MODULE);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/region "atlantis-central" has no Azure name in REGIONS/);
  });

  it('refuses a size out of proportion (a D4s_v5 priced as a D2s_v5)', () => {
    const bad = edited('azure-instances-excerpt.json', (t) => t.replace('"ondemand": 0.192', '"ondemand": 0.096'));
    const b = run('azure-from-ec2-instances-info.mjs', bad, MODULE);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/Standard_D4s_v5 in eastus is 0\.096 per hour, not in proportion to Standard_D16s_v5/);
  });
});

describe('ENI limits from Karpenter, checked against the VPC CNI list (eni-limits-from-karpenter.mjs)', () => {
  const prices = join(dir, 'aws.json');
  writeFileSync(prices, run('aws-from-ec2-instances-info.mjs', join(FIXTURES, 'ec2-instances-excerpt.json'), MODULE).stdout);
  const args = (limits: string, maxPods: string) => [limits, 'github.com/aws/karpenter-provider-aws@v1.15.2', maxPods, 'github.com/aws/amazon-vpc-cni-k8s@v1.23.2', prices];

  it('writes ENIs, IPv4 per ENI and vCPUs for every priced type, with both modules and the file date', () => {
    const r = run('eni-limits-from-karpenter.mjs', ...args(join(FIXTURES, 'vpclimits-excerpt.go.txt'), join(FIXTURES, 'eni-max-pods-excerpt.txt')));
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { source: string; asOf: string; limits: Record<string, { enis: number; ipv4PerEni: number; vcpu: number }> };
    expect(out.asOf).toBe('2026-08-06');
    expect(out.source).toMatch(/karpenter-provider-aws@v1\.15\.2.*amazon-vpc-cni-k8s@v1\.23\.2/);
    expect(out.limits).toEqual({
      'm6i.2xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 8 },
      'm6i.large': { enis: 3, ipv4PerEni: 10, vcpu: 2 },
      'm6i.xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 4 },
      'm7i.xlarge': { enis: 4, ipv4PerEni: 15, vcpu: 4 },
    });
  });

  it('refuses limits whose max pods differ from the published list', () => {
    const bad = edited('eni-max-pods-excerpt.txt', (t) => t.replace('m7i.xlarge 58', 'm7i.xlarge 59'));
    const r = run('eni-limits-from-karpenter.mjs', ...args(join(FIXTURES, 'vpclimits-excerpt.go.txt'), bad));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/m7i\.xlarge: 4 ENIs × \(15 − 1\) \+ 2 = 58 pods, but .* says 59/);
  });

  it('refuses a priced type the limits file lacks', () => {
    const bad = edited('vpclimits-excerpt.go.txt', (t) => t.replace('"m7i.xlarge": {', '"m7i.xlarge-gone": {'));
    const r = run('eni-limits-from-karpenter.mjs', ...args(bad, join(FIXTURES, 'eni-max-pods-excerpt.txt')));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/m7i\.xlarge: not in /);
  });
});

describe('AWS transfer prices from Infracost’s aws_data_transfer golden (aws-transfer-from-infracost-golden.mjs)', () => {
  const COMMIT = '0ee89cff8a0944afd06fbfe90d7a98b8a947dce4';
  const r = run('aws-transfer-from-infracost-golden.mjs', join(FIXTURES, 'infracost-data-transfer-excerpt.golden'), COMMIT, '2024-09-25');
  const data = JSON.parse(r.stdout) as { source: string; asOf: string; tierBoundsGb: (number | null)[]; regions: Record<string, { interRegion: number; toUsEast?: number; internet?: number[] }> };

  it('divides each printed cost by its quantity: af-south-1 $110.25 for 750 GB → 0.147; public regions only', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(data.source).toContain(COMMIT);
    expect(data.asOf).toBe('2024-09-25');
    // GovCloud (us-gov-east-1) and the Local Zone us-west-2-lax-1 are left out.
    expect(Object.keys(data.regions)).toEqual(['af-south-1', 'me-south-1', 'us-east-1']);
    expect(data.regions['af-south-1']).toEqual({ interRegion: 0.147, internet: [0.154, 0.147, 0.126, 0.112] });
    expect(data.tierBoundsGb).toEqual([10240, 51200, 153600, null]);
  });

  it('rounds to AWS’s four decimals a cost printed to the cent: me-south-1 $82.88 for 750 GB → 0.1105 (0.110507 unrounded)', () => {
    expect(data.regions['me-south-1'].interRegion).toBe(0.1105);
    expect(data.regions['me-south-1'].internet![1]).toBe(0.1105);
  });

  it('keeps the US East pair rate and leaves out internet tiers the golden stops inside (us-east-1)', () => {
    expect(data.regions['us-east-1']).toEqual({ interRegion: 0.02, toUsEast: 0.01 });
  });

  it('refuses a line whose cost no four-decimal price gives (a misread column)', () => {
    const bad = edited('infracost-data-transfer-excerpt.golden', (t) => t.replace('$110.25', '$110.31'));
    const b = run('aws-transfer-from-infracost-golden.mjs', bad, COMMIT, '2024-09-25');
    expect(b.code).toBe(1);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(/750 GB for \$110\.31 gives no price with four decimals/);
  });

  it('refuses internet tiers that rise with volume', () => {
    const bad = edited('infracost-data-transfer-excerpt.golden', (t) => t.replace('$380.80', '$530.40'));
    const b = run('aws-transfer-from-infracost-golden.mjs', bad, COMMIT, '2024-09-25');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/af-south-1: internet tiers .* rise with volume/);
  });
});

describe('Azure prices in newer regions from the Azure Karpenter provider (azure-from-karpenter-pricing.mjs)', () => {
  const COMMIT = '2b431da153a6a92b705c18046512c60b1631b682';
  // The main file the script adds to: what azure-from-ec2-instances-info.mjs makes of its excerpt (eastus, westeurope, norwaywest).
  const main = join(dir, 'azure-main.json');
  writeFileSync(main, run('azure-from-ec2-instances-info.mjs', join(FIXTURES, 'azure-instances-excerpt.json'), MODULE).stdout);
  const r = run('azure-from-karpenter-pricing.mjs', join(FIXTURES, 'karpenter-azure-pricing-excerpt.go.txt'), main, COMMIT);
  const data = JSON.parse(r.stdout) as DataFile & { crossCheck: Record<string, Record<string, number>> };

  it('prices the main file’s sizes in the regions it lacks only (italynorth), dated by the file’s "generated at"', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(data.asOf).toBe('2026-06-18');
    expect(data.source).toContain(COMMIT);
    expect(data.types.map((t) => t.name)).toEqual(['Standard_D2s_v5', 'Standard_D4s_v5', 'Standard_D16s_v5', 'Standard_F4s_v2', 'Standard_E4s_v5']);
    for (const t of data.types) expect(Object.keys(t.prices), t.name).toEqual(['italynorth']);
    expect(data.types.find((t) => t.name === 'Standard_D4s_v5')).toEqual({ name: 'Standard_D4s_v5', vcpu: 4, memoryGiB: 16, prices: { italynorth: 0.224 } });
    // B2s and D4_v5 are not sizes of the main file: left out.
  });

  it('records its prices where the main file has them too, for the cross-check', () => {
    expect(data.crossCheck.eastus).toEqual({ Standard_D2s_v5: 0.096, Standard_D4s_v5: 0.192, Standard_D16s_v5: 0.768, Standard_F4s_v2: 0.169, Standard_E4s_v5: 0.252 });
    expect(data.crossCheck.japaneast).toEqual({});
  });

  it('refuses a size out of proportion with its family in a region', () => {
    const bad = edited('karpenter-azure-pricing-excerpt.go.txt', (t) => t.replace('"Standard_D2s_v5":                0.112000', '"Standard_D2s_v5":                0.212000'));
    const b = run('azure-from-karpenter-pricing.mjs', bad, main, COMMIT);
    expect(b.code).toBe(1);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(/Standard_D2s_v5/);
  });
});
