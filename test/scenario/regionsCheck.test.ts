/**
 * A scenario can place clusters in regions only the built-in price data used to cover — AWS Jakarta,
 * an Azure region without availability zones, GCP Delhi — naming nothing but the region: provider,
 * zones and location come from the well-known regions, prices from the built-in catalog.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/harness.js';

const SCENARIO = `apiVersion: fleetsim/v1
kind: Scenario
metadata:
  name: new-regions
topology:
  regions:
    - name: ap-southeast-3
    - name: westus
    - name: asia-south2
clusters:
  - name: jakarta
    region: ap-southeast-3
    nodePools:
      - { name: general, instanceType: m6i.xlarge, count: 3 }
    controlPlane: { managed: { tier: eks-standard } }
  - name: california
    region: westus
    nodePools:
      - { name: general, instanceType: Standard_D4s_v5, count: 2 }
    controlPlane: { managed: { tier: aks-standard } }
  - name: delhi
    region: asia-south2
    nodePools:
      - { name: general, instanceType: n2-standard-4, count: 3 }
    controlPlane: { managed: { tier: gke-regional } }
workload:
  services:
    - { name: web, replicas: 3, cpu: 500m, memory: 512Mi, serviceTime: { exponential: { mean: 5ms } } }
  userRegions:
    - { name: asia, near: ap-southeast-1, rate: 50/s, entryService: web }
designs:
  - name: spread
    placement:
      default:
        replicaScheduling: duplicated
    traffic:
      ingress:
        dns: { ttl: 60s }
`;

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-regions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The row of a table whose first column is `first`. */
function row(stdout: string, first: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith(`${first} `));
  if (line === undefined) throw new Error(`no row ${first} in:\n${stdout}`);
  return line;
}

describe('fleetsim check on clusters in newly known regions, with no provider, zones or location', () => {
  it('is valid, with the regions’ providers and zones, estimated links and built-in prices', async () => {
    const file = join(dir, 'new-regions.yaml');
    writeFileSync(file, SCENARIO);
    const r = await cli('check', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(row(r.stdout, 'ap-southeast-3')).toMatch(/^ap-southeast-3\s+aws\s+ap-southeast-3a ap-southeast-3b ap-southeast-3c$/);
    expect(row(r.stdout, 'westus')).toMatch(/^westus\s+azure\s+westus-0$/);
    expect(row(r.stdout, 'asia-south2')).toMatch(/^asia-south2\s+gcp\s+asia-south2-a asia-south2-b asia-south2-c$/);
    // Jakarta–Delhi ~5,000 km: 2 × 5,000 × 1.3 / 200 + 2 ≈ 67 ms; the estimate is labelled as one.
    const link = /^ap-southeast-3 ↔ asia-south2\s+([\d.]+)\s+estimate \(great circle\)/m.exec(r.stdout);
    expect(link).not.toBeNull();
    expect(Number(link![1])).toBeGreaterThan(55);
    expect(Number(link![1])).toBeLessThan(80);
    // Every pool priced from the built-in catalog, none left unpriced.
    expect(row(r.stdout, 'jakarta     general')).toMatch(/m6i\.xlarge .*\$\d+\.\d{4}\s+AWS Price List API/);
    expect(row(r.stdout, 'california  general')).toMatch(/Standard_D4s_v5 .*\$\d+\.\d{4}\s+Azure Retail Prices API/);
    expect(row(r.stdout, 'delhi       general')).toMatch(/n2-standard-4 .*\$\d+\.\d{4}\s+Google Cloud Billing Catalog API/);
    // The Azure region without availability zones gives its cluster one zone.
    expect(row(r.stdout, 'california  westus')).toMatch(/^california\s+westus\s+1\s/);
  });
});
