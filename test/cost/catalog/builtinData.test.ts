import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../../src/cost/index.js';
import { PRICE_DATA_FILES } from '../../../src/cost/catalog/dataFiles.js';
import { INSTANCE_TYPES } from '../../../src/cost/catalog/instances.js';
import { KNOWN_REGIONS } from '../../../src/scenario/regions.js';

const catalog = PriceCatalog.builtin();
const gcp = PRICE_DATA_FILES.find((f) => f.provider === 'gcp')!;

describe('built-in prices from the generated data files', () => {
  it('price the common GCP shapes in every GCP region fleetsim knows', () => {
    for (const r of KNOWN_REGIONS.filter((x) => x.provider === 'gcp')) {
      for (const type of ['n2-standard-4', 'e2-standard-4', 'n2d-standard-4']) {
        expect(catalog.find(`instance/gcp/${type}`, r.name), `${type}@${r.name}`).toBeDefined();
      }
    }
  });

  it('price the AWS m6i shapes in the regions of the AWS data (us-west-2, where issue 19 stopped)', () => {
    const item = catalog.find('instance/aws/m6i.xlarge', 'us-west-2')!;
    expect(item.usd).toBe(0.192);
    expect(item.source).toMatch(/via SkyPilot's catalog/);
    for (const region of ['us-west-2', 'us-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-south-1', 'ca-central-1', 'af-south-1']) {
      for (const type of ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge']) expect(catalog.find(`instance/aws/${type}`, region), `${type}@${region}`).toBeDefined();
    }
    // The hand-written us-east-1 price keeps its own source; the data agrees with it.
    expect(catalog.find('instance/aws/m6i.xlarge', 'us-east-1')!.source).toMatch(/docs\/references\.md/);
    expect(PRICE_DATA_FILES.find((f) => f.provider === 'aws')!.types.find((t) => t.name === 'm6i.xlarge')!.prices['us-east-1']).toBe(0.192);
  });

  it('list the c6i rows: c6i.2xlarge in eu-west-1, and the sizes no hand-written price covers', () => {
    expect(catalog.find('instance/aws/c6i.2xlarge', 'eu-west-1')!.usd).toBe(0.3648);
    for (const type of ['c6i.large', 'c6i.xlarge', 'c6i.2xlarge', 'c6i.4xlarge']) expect(catalog.find(`instance/aws/${type}`, 'eu-central-1'), type).toBeDefined();
    // us-east-1 keeps its hand-written price and source.
    expect(catalog.find('instance/aws/c6i.2xlarge', 'us-east-1')!.source).toMatch(/docs\/references\.md/);
  });

  it('each price carries the data file source and date', () => {
    const item = catalog.find('instance/gcp/n2-standard-4', 'asia-northeast1')!;
    expect(item.source).toBe(gcp.source);
    expect(item.source).toMatch(/Cloud Billing Catalog API/);
    expect(item.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item.unit).toBe('usd/node-hour');
  });

  it('hand-written prices win over generated ones, so bundled results never move', () => {
    // docs/references.md quotes ≈0.214 in europe-west1; the generated file says 0.213668.
    expect(gcp.types.find((t) => t.name === 'n2-standard-4')!.prices['europe-west1']).toBe(0.213668);
    expect(catalog.find('instance/gcp/n2-standard-4', 'europe-west1')!.usd).toBe(0.214);
    const n2 = INSTANCE_TYPES.find((t) => t.name === 'n2-standard-4')!;
    expect(n2.prices.filter((p) => p.region === 'europe-west1')).toHaveLength(1);
  });

  it('has a positive price per region and a shape that agrees with the type name', () => {
    for (const f of PRICE_DATA_FILES) {
      for (const t of f.types) {
        for (const usd of Object.values(t.prices)) expect(usd, t.name).toBeGreaterThan(0);
        const m = /-(\d+)$/.exec(t.name);
        if (m !== null && f.provider === 'gcp') expect(t.vcpu, t.name).toBe(Number(m[1]));
        expect(catalog.shape(f.provider, t.name)).toEqual({ provider: f.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB });
      }
    }
  });

  it('types only the data prices are in the catalog with their shape (n2d-standard-4)', () => {
    expect(catalog.shape('gcp', 'n2d-standard-4')).toEqual({ provider: 'gcp', name: 'n2d-standard-4', vcpu: 4, memoryGiB: 16 });
    expect(catalog.find('instance/gcp/n2d-standard-4', 'us-central1')!.usd).toBeGreaterThan(0);
  });
});
