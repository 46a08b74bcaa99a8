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
