/**
 * A scenario on regions and types only the generated price data covers is priced from the built-in
 * catalog end to end: `fleetsim check` on test/cost/fixtures/three-providers.yaml (m7i.xlarge in
 * us-west-2, Standard_D4s_v5 and Standard_E4s_v5 in westeurope, n2-standard-4 in asia-southeast1).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/harness.js';
import { PRICE_DATA_FILES } from '../../src/cost/catalog/dataFiles.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/three-providers.yaml', import.meta.url));
const source = (provider: string): string => PRICE_DATA_FILES.find((f) => f.provider === provider)!.source;

/** The node-pools table row of a pool: cluster, pool, instance, …, $/node-h, price from. */
function poolRow(stdout: string, cluster: string, pool: string): string {
  const row = stdout.split('\n').find((l) => new RegExp(`^${cluster}\\s+${pool}\\s`).test(l) && l.includes('$'));
  if (row === undefined) throw new Error(`no node-pool row for ${cluster}/${pool} in:\n${stdout}`);
  return row;
}

describe('fleetsim check prices every pool of a three-provider scenario from the built-in catalog', () => {
  it('with each price, its source and date, and EKS pod slots from the ENI data', async () => {
    const r = await cli('check', FIXTURE);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(poolRow(r.stdout, 'aws', 'general')).toMatch(/m7i\.xlarge .*\$0\.2016\s+AWS Price List API/);
    expect(poolRow(r.stdout, 'aws', 'general')).toContain(`${source('aws')}, 2025-05-28`);
    // westeurope D4s_v5 from the generated data (the hand-written 0.214 was northeurope's: docs/cost.md).
    expect(poolRow(r.stdout, 'azure', 'general')).toMatch(/Standard_D4s_v5 .*\$0\.2300\s+Azure Retail Prices API/);
    expect(poolRow(r.stdout, 'azure', 'memory')).toMatch(/Standard_E4s_v5 .*32Gi .*\$0\.3040\s+Azure Retail Prices API/);
    expect(poolRow(r.stdout, 'azure', 'memory')).toContain(`${source('azure')}, 2025-05-28`);
    expect(poolRow(r.stdout, 'gcp', 'general')).toMatch(/n2-standard-4 .*\$0\.2396\s+Google Cloud Billing Catalog API/);
    expect(r.stdout).not.toMatch(/\?\s+none/);
    // m7i.xlarge: 4 ENIs × (15 − 1) + 2 = 58 pods a node, less the 4 default DaemonSets: 3 × 54 = 162.
    expect(r.stdout).toMatch(/^aws\s+3\s.*\s3\/162$/m);
  });
});
