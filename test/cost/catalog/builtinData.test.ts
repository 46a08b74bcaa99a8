import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../../src/cost/index.js';
import { PRICE_DATA_FILES } from '../../../src/cost/catalog/dataFiles.js';
import { instanceTypes } from '../../../src/cost/catalog/instances.js';
import { KNOWN_REGIONS } from '../../../src/scenario/regions.js';

const catalog = PriceCatalog.builtin();
const gcp = PRICE_DATA_FILES.find((f) => f.provider === 'gcp')!;
const aws = PRICE_DATA_FILES.find((f) => f.provider === 'aws')!;
const azure = PRICE_DATA_FILES.find((f) => f.provider === 'azure' && f.generatedBy.endsWith('azure-from-ec2-instances-info.mjs'))!;
const azureNewer = PRICE_DATA_FILES.find((f) => f.provider === 'azure' && f.generatedBy.endsWith('azure-from-karpenter-pricing.mjs'))!;

/** A type's family: m7i of m7i.xlarge, Standard_Ds_v5 of Standard_D4s_v5, n2-standard of n2-standard-4. */
function familyOf(provider: string, name: string): string {
  if (provider === 'aws') return name.split('.')[0];
  if (provider === 'azure') return name.replace(/\d+/, '');
  return name.replace(/-\d+$/, '');
}

/** Regions where a type of the data file is priced, by family. */
function regionsByFamily(file: (typeof PRICE_DATA_FILES)[number]): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const t of file.types) {
    const family = familyOf(file.provider, t.name);
    if (!out.has(family)) out.set(family, new Map());
    out.get(family)!.set(t.name, new Set(Object.keys(t.prices)));
  }
  return out;
}

describe('built-in prices from the generated data files', () => {
  it('price the common GCP shapes in every GCP region fleetsim knows', () => {
    // Newer regions the source prices without these series (the well-known table has every priced region).
    const partial = new Set(['europe-north2', 'northamerica-south1', 'asia-southeast3']);
    for (const r of KNOWN_REGIONS.filter((x) => x.provider === 'gcp' && !partial.has(x.name))) {
      for (const type of ['n2-standard-4', 'e2-standard-4', 'n2d-standard-4']) {
        expect(catalog.find(`instance/gcp/${type}`, r.name), `${type}@${r.name}`).toBeDefined();
      }
    }
  });

  it('price the AWS m6i shapes in the regions of the AWS data (us-west-2, where issue 19 stopped)', () => {
    const item = catalog.find('instance/aws/m6i.xlarge', 'us-west-2')!;
    expect(item.usd).toBe(0.192);
    expect(item.source).toMatch(/ec2instances\.info in Go module github\.com\/cristim\/ec2-instances-info@v0\.0\.0-20250528091325-32acf84f42eb/);
    expect(item.asOf).toBe('2025-05-28');
    for (const region of ['us-west-2', 'us-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-south-1', 'ca-central-1', 'af-south-1']) {
      for (const type of ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge']) expect(catalog.find(`instance/aws/${type}`, region), `${type}@${region}`).toBeDefined();
    }
    // The hand-written us-east-1 price keeps its own source; the data agrees with it.
    expect(catalog.find('instance/aws/m6i.xlarge', 'us-east-1')!.source).toMatch(/docs\/references\.md/);
    expect(aws.types.find((t) => t.name === 'm6i.xlarge')!.prices['us-east-1']).toBe(0.192);
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
    const n2 = instanceTypes().find((t) => t.name === 'n2-standard-4')!;
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
  it('cover every AWS family of the catalog in large–8xlarge, each size in every region its family is sold in', () => {
    const families = regionsByFamily(aws);
    expect([...families.keys()].sort()).toEqual(['c6i', 'c7g', 'c7i', 'm6i', 'm7g', 'm7i', 'r6g', 'r6i', 'r7g', 'r7i']);
    const regions = new Set<string>();
    for (const [family, sizes] of families) {
      expect([...sizes.keys()].map((n) => n.split('.')[1]).sort(), family).toEqual(['2xlarge', '4xlarge', '8xlarge', 'large', 'xlarge']);
      const all = new Set([...sizes.values()].flatMap((r) => [...r]));
      for (const [name, r] of sizes) expect([...r].sort(), name).toEqual([...all].sort());
      all.forEach((r) => regions.add(r));
      // Public regions only: no Local Zone (us-east-1-bos-1), GovCloud or China.
      for (const r of all) expect(r, family).toMatch(/^(?!us-gov-|cn-)[a-z]{2}-[a-z]+-\d$/);
    }
    // The coverage the docs state (docs/cost.md, "Built-in instance prices").
    expect(regions.size).toBe(32);
    expect([...families.get('m6i')!.values()][0].size).toBe(30);
    expect([...families.get('m7i')!.values()][0].size).toBe(22);
    expect(aws.types.length).toBe(50);
  });

  it('cover Azure Dv5, Dsv5, Ddsv5, Fsv2 and Esv5 with 2–32 vCPUs in all 45 public regions of the source', () => {
    const families = regionsByFamily(azure);
    expect([...families.keys()]).toEqual(['Standard_D_v5', 'Standard_Ds_v5', 'Standard_Dds_v5', 'Standard_Fs_v2', 'Standard_Es_v5']);
    const regions = new Set(Object.keys(azure.types[0].prices));
    expect(regions.size).toBe(45);
    for (const t of azure.types) expect(Object.keys(t.prices).sort(), t.name).toEqual([...regions].sort());
    for (const sizes of families.values()) expect([...sizes.keys()].map((n) => Number(/\d+/.exec(n)![0]))).toEqual([2, 4, 8, 16, 32]);
    expect(regions.has('westeurope') && regions.has('eastus') && regions.has('southeastasia')).toBe(true);
    expect([...regions].some((r) => r.startsWith('usgov'))).toBe(false);
  });

  describe('Azure regions opened after 2025-05, from the Azure Karpenter provider’s table (azure-newer-regions.json)', () => {
    const NEWER = ['austriaeast', 'chilecentral', 'indonesiacentral', 'israelcentral', 'italynorth', 'jioindiacentral', 'jioindiawest', 'malaysiawest', 'mexicocentral', 'newzealandnorth', 'polandcentral', 'spaincentral'];

    it('price the same 25 sizes in the 12 regions azure.json lacks, and no region azure.json has', () => {
      const regions = new Set(azureNewer.types.flatMap((t) => Object.keys(t.prices)));
      expect([...regions].sort()).toEqual(NEWER);
      for (const r of Object.keys(azure.types[0].prices)) expect(regions.has(r), r).toBe(false);
      expect(azureNewer.types.map((t) => t.name)).toEqual(azure.types.map((t) => t.name));
      expect(azureNewer.asOf).toBe('2026-06-18');
      expect(azureNewer.source).toMatch(/karpenter-provider-azure, commit [0-9a-f]{40}, Apache-2\.0/);
    });

    it('agree with ec2instances.info where both price a size (eastus, westeurope, japaneast): a second source for the same Retail Prices API', () => {
      // Two independent copies of the Azure Retail Prices API, a year apart (2025-05-28 and 2026-06-18).
      let compared = 0;
      for (const [region, sizes] of Object.entries(azureNewer.crossCheck!)) {
        for (const [name, usd] of Object.entries(sizes)) {
          const other = azure.types.find((t) => t.name === name)!.prices[region];
          expect(usd, `${name}@${region}`).toBe(other);
          compared++;
        }
      }
      expect(compared).toBe(75);
    });

    it('put every Azure region of the region table in the catalog for the common sizes (italynorth where the issue found none)', () => {
      for (const r of KNOWN_REGIONS.filter((x) => x.provider === 'azure')) {
        for (const type of ['Standard_D4s_v5', 'Standard_F4s_v2', 'Standard_E4s_v5']) expect(catalog.find(`instance/azure/${type}`, r.name), `${type}@${r.name}`).toBeDefined();
      }
      const it = catalog.find('instance/azure/Standard_D4s_v5', 'italynorth')!;
      expect(it.source).toBe(azureNewer.source);
      expect(it.asOf).toBe('2026-06-18');
      // A new region is dearer than eastus here, as European regions are: a misread would not be.
      expect(it.usd).toBeGreaterThan(catalog.find('instance/azure/Standard_D4s_v5', 'eastus')!.usd);
    });
  });

  it('price every size of a family in proportion to its vCPUs within a region (to the rounding of the source)', () => {
    for (const f of PRICE_DATA_FILES) {
      const perVcpu = new Map<string, { usd: number; name: string }>();
      for (const t of [...f.types].sort((a, b) => b.vcpu - a.vcpu)) {
        for (const [region, usd] of Object.entries(t.prices)) {
          // GCP bills vCPUs and GiB apart, so only sizes with the same GiB per vCPU compare (c3d-highcpu-30 has 59, not 60).
          const key = `${familyOf(f.provider, t.name)}@${region}@${t.memoryGiB / t.vcpu}`;
          const ref = perVcpu.get(key);
          if (ref === undefined) {
            perVcpu.set(key, { usd: usd / t.vcpu, name: t.name });
            continue;
          }
          const expected = ref.usd * t.vcpu;
          expect(Math.abs(usd - expected), `${t.name}@${region} ${usd} against ${ref.name}: ${expected}`).toBeLessThanOrEqual(Math.max(0.002 * expected, 0.001));
        }
      }
    }
  });

  it('every built-in instance price names its source and a date', () => {
    const items = catalog.items().filter((i) => i.key.startsWith('instance/'));
    expect(items.length).toBeGreaterThan(aws.types.length + azure.types.length);
    for (const i of items) {
      expect(i.source.length, i.key).toBeGreaterThan(10);
      expect(String(i.asOf), i.key).toMatch(/\b20\d\d\b/);
      expect(i.unit, i.key).toBe('usd/node-hour');
    }
    expect(catalog.find('instance/azure/Standard_E4s_v5', 'westeurope')).toMatchObject({ usd: 0.304, asOf: '2025-05-28', source: azure.source });
    expect(catalog.find('instance/aws/c7g.2xlarge', 'eu-west-1')).toMatchObject({ asOf: '2025-05-28', source: aws.source });
  });

  it('keep the prices the bundled scenarios use (eu-central-1 came from the SkyPilot rows before, same values)', () => {
    expect(catalog.find('instance/aws/m6i.xlarge', 'eu-central-1')!.usd).toBe(0.23);
    expect(catalog.find('instance/aws/m6i.2xlarge', 'eu-central-1')!.usd).toBe(0.46);
    expect(catalog.find('instance/aws/c6i.2xlarge', 'eu-central-1')!.usd).toBe(0.388);
    expect(catalog.find('instance/aws/m6i.large', 'eu-central-1')!.usd).toBe(0.115);
  });
});
