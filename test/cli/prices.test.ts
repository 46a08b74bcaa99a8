/**
 * `fleetsim prices update` against recorded answers (test/fixtures/prices) served by a real HTTP
 * server on 127.0.0.1, the hosts swapped in through FLEETSIM_AWS_PRICING_URL and
 * FLEETSIM_AZURE_PRICES_URL: the filters, Azure's paging, the file written and that a scenario can
 * use it, and that a failure (HTTP 500, bad JSON) writes nothing and exits 1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/cost/index.js';
import { parsePricedScenario, poolPrices } from '../../src/cost/pricedScenario.js';
import { cli } from './harness.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'prices');
const fixture = (p: string) => readFileSync(join(FIX, p), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-prices-'));

/** What the server answers; tests switch it to fail in one place. */
let fault: 'none' | 'aws-500' | 'azure-bad-json' = 'none';
const requests: string[] = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  requests.push(`${url.pathname}${url.search}`);
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (url.pathname === '/offers/v1.0/aws/AmazonEC2/current/region_index.json') return send(200, 'application/json', fixture('aws/region_index.json'));
  if (url.pathname === '/offers/v1.0/aws/AmazonEC2/20261120170000/us-west-2/index.csv') {
    return fault === 'aws-500' ? send(500, 'text/plain', 'Internal Server Error') : send(200, 'text/csv', fixture('aws/us-west-2.csv'));
  }
  if (url.pathname === '/api/retail/prices') {
    const filter = url.searchParams.get('$filter') ?? '';
    if (!filter.includes("armRegionName eq 'eastus'") || !filter.includes("priceType eq 'Consumption'")) return send(400, 'application/json', '{"Error":"unexpected filter"}');
    if (url.searchParams.get('$skip') === '1000') return fault === 'azure-bad-json' ? send(200, 'application/json', '{"Items": [') : send(200, 'application/json', fixture('azure/page2.json'));
    return send(200, 'application/json', fixture('azure/page1.json'));
  }
  send(404, 'text/plain', 'not found');
}

let server: Server;
beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.FLEETSIM_AWS_PRICING_URL = `http://127.0.0.1:${port}`;
  process.env.FLEETSIM_AZURE_PRICES_URL = `http://127.0.0.1:${port}/api/retail/prices`;
});
afterAll(async () => {
  delete process.env.FLEETSIM_AWS_PRICING_URL;
  delete process.env.FLEETSIM_AZURE_PRICES_URL;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  fault = 'none';
  requests.length = 0;
});

function items(file: string): { key: string; usd: number; source: string; asOf: string }[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { items: { key: string; usd: number; source: string; asOf: string }[] }).items;
}

describe('fleetsim prices update', () => {
  it('AWS: keeps on-demand Linux shared-tenancy prices of the catalog families from the region offer file', async () => {
    const out = join(dir, 'aws.json');
    const r = await cli('prices', 'update', '--provider', 'aws', '--region', 'us-west-2', '--out', out);
    expect(r.stderr).toContain('wrote 3 prices');
    expect(r.code).toBe(0);
    // Dedicated, Windows, capacity reservations, reserved terms, SQL Server, the Local Zone, t3 and non-hourly rows are gone.
    expect(items(out).map((i) => [i.key, i.usd])).toEqual([
      ['instance/aws/c6i.2xlarge@us-west-2', 0.34],
      ['instance/aws/m6i.xlarge@us-west-2', 0.192],
      ['instance/aws/m7g.xlarge@us-west-2', 0.1632],
    ]);
    expect(items(out)[0].asOf).toBe('2026-11-20');
    expect(items(out)[0].source).toMatch(/AWS Price List bulk API, AmazonEC2 offer file 20261120170000, us-west-2/);
    expect(requests).toEqual(['/offers/v1.0/aws/AmazonEC2/current/region_index.json', '/offers/v1.0/aws/AmazonEC2/20261120170000/us-west-2/index.csv']);
    // The file is a catalog: it loads, extends the built-in one, and carries the shapes the offer file gives.
    const loaded = loadCatalog(out);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.catalog.find('instance/aws/m6i.xlarge', 'us-west-2')?.usd).toBe(0.192);
    expect(loaded.catalog.find('instance/aws/m6i.xlarge', 'us-east-1')?.usd).toBe(0.192);
    expect(loaded.catalog.shape('aws', 'm7g.xlarge')).toEqual({ provider: 'aws', name: 'm7g.xlarge', vcpu: 4, memoryGiB: 16 });
  });

  it('a scenario costs its pools with the updated catalog; a region priced nowhere is refused at the pool', async () => {
    const out = join(dir, 'west.json');
    expect((await cli('prices', 'update', '--provider', 'aws', '--region', 'us-west-2', '--out', out)).code).toBe(0);
    const base = readFileSync(join(import.meta.dirname, '..', 'scenario', 'fixtures', 'base.yaml'), 'utf8');
    const inRegion = (region: string, glob: string, extra = '') => `${base.replaceAll('eu-west-1', region).replaceAll('eu-*', glob)}${extra}`;
    const west = parsePricedScenario(inRegion('us-west-2', 'us-west-*', `pricing:\n  catalog: ${out}\n`), join(dir, 's.yaml'));
    if (!west.ok) throw new Error(JSON.stringify(west.errors));
    expect(poolPrices(west.scenario).get('eu-1/general')).toEqual({ usdPerHour: 0.192, source: expect.stringMatching(/^AWS Price List bulk API, AmazonEC2 offer file 20261120170000, us-west-2.*, 2026-11-20$/) });
    // m5.xlarge in São Paulo is in neither the built-in data nor the file: the pool is refused, not priced as free.
    const south = parsePricedScenario(inRegion('sa-east-1', 'sa-*').replace('instanceType: m6i.xlarge', 'instanceType: m5.xlarge'), join(dir, 's.yaml'));
    expect(south.ok ? [] : south.errors.map((e) => e.message)).toEqual(['the catalog has no price for m5.xlarge in sa-east-1']);
  });

  it('Azure: follows NextPageLink to the last page and keeps pay-as-you-go Linux prices only', async () => {
    const out = join(dir, 'azure.json');
    const r = await cli('prices', 'update', '--provider', 'azure', '--region', 'eastus', '--out', out);
    expect(r.code).toBe(0);
    expect(requests).toHaveLength(2);
    expect(requests[1]).toContain('$skip=1000');
    // Windows, Spot, Low Priority, DevTest, reservations and the B series are dropped.
    expect(items(out).map((i) => [i.key, i.usd])).toEqual([
      ['instance/azure/Standard_D4s_v5@eastus', 0.192],
      ['instance/azure/Standard_D8s_v5@eastus', 0.384],
      ['instance/azure/Standard_E8s_v5@eastus', 0.504],
      ['instance/azure/Standard_F4s_v2@eastus', 0.169],
    ]);
    expect(items(out)[0].asOf).toBe('2026-10-01');
  });

  it('GCP: prices machine types from a saved SKU file (cores × core SKU + GiB × RAM SKU), on-demand only', async () => {
    const out = join(dir, 'gcp.json');
    const r = await cli('prices', 'update', '--provider', 'gcp', '--gcp-skus', join(FIX, 'gcp', 'skus.json'), '--region', 'us-central1,europe-west1', '--out', out);
    expect(r.code).toBe(0);
    const byKey = new Map(items(out).map((i) => [i.key, i.usd]));
    // 4 × 0.031611 + 16 × 0.004237: the price Google lists for n2-standard-4 in us-central1.
    expect(byKey.get('instance/gcp/n2-standard-4@us-central1')).toBe(0.194236);
    expect(byKey.get('instance/gcp/e2-standard-4@europe-west1')).toBe(Math.round((4 * 0.023909 + 16 * 0.003204) * 1e6) / 1e6);
    // N2 in Belgium has a core SKU but no RAM SKU in the file: no price rather than half of one.
    expect(byKey.has('instance/gcp/n2-standard-4@europe-west1')).toBe(false);
    expect([...byKey.keys()].filter((k) => k.includes('custom'))).toEqual([]);
  });

  it('GCP without a SKU file says the API needs a key and how to save the SKUs; exit 2', async () => {
    const out = join(dir, 'nogcp.json');
    const r = await cli('prices', 'update', '--provider', 'gcp', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an API key.*--gcp-skus/);
    expect(existsSync(out)).toBe(false);
  });

  it('HTTP 500 from the price list: exit 1, the URL and status named, nothing written', async () => {
    fault = 'aws-500';
    const out = join(dir, 'fail500.json');
    const before = readdirSync(dir).sort();
    const r = await cli('prices', 'update', '--provider', 'aws', '--region', 'us-west-2', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/offers\/v1\.0\/aws\/AmazonEC2\/20261120170000\/us-west-2\/index\.csv: HTTP 500 Internal Server Error/);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('bad JSON on a later Azure page: exit 1, nothing written although the first page was good', async () => {
    fault = 'azure-bad-json';
    const out = join(dir, 'badjson.json');
    const r = await cli('prices', 'update', '--provider', 'azure', '--region', 'eastus', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\$skip=1000: the answer is not JSON/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad GCP SKU file is the user\'s to fix: exit 2', async () => {
    const bad = join(dir, 'bad-skus.json');
    writeFileSync(bad, '{"skus": 3}');
    const r = await cli('prices', 'update', '--provider', 'gcp', '--gcp-skus', bad, '--out', join(dir, 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a Cloud Billing Catalog SKU list');
  });

  it('a region the AWS index does not have is the user\'s to fix: exit 2, the index\'s regions listed', async () => {
    const r = await cli('prices', 'update', '--provider', 'aws', '--region', 'us-west-9', '--out', join(dir, 'nowhere.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no region us-west-9; its regions: us-west-2, eu-west-1/);
    expect(existsSync(join(dir, 'nowhere.json'))).toBe(false);
  });

  it('an existing output file is kept unless --force', async () => {
    const out = join(dir, 'exists.json');
    writeFileSync(out, 'keep me');
    const r = await cli('prices', 'update', '--provider', 'aws', '--region', 'us-west-2', '--out', out);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(requests).toEqual([]);
    expect((await cli('prices', 'update', '--provider', 'aws', '--region', 'us-west-2', '--out', out, '--force')).code).toBe(0);
    expect(items(out)).toHaveLength(3);
  });
});
