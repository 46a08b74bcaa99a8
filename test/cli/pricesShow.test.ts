/**
 * `fleetsim prices show`: the catalog's items with source and date; with a region, the price billed
 * there for each key, stand-ins (no source for the region's price) marked and explained.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-prices-show-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Shown {
  catalog: string;
  region: string | null;
  items: { key: string; usd: number; tiers?: { upToGb: number | null; usdPerGb: number }[]; source: string; asOf: string; unsourced?: string }[];
}
const json = async (...args: string[]) => {
  const r = await cli('prices', 'show', ...args, '-o', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Shown;
};

describe('fleetsim prices show REGION', () => {
  it('af-south-1: the region’s own transfer items, the region-less inter-zone one, no stand-in', async () => {
    const s = await json('af-south-1', '--kind', 'transfer');
    expect(s.region).toBe('af-south-1');
    expect(s.items.map((i) => i.key)).toEqual(['transfer/aws/interZone', 'transfer/aws/interRegion@af-south-1', 'transfer/aws/internet@af-south-1']);
    expect(s.items[1].usd).toBe(0.147);
    expect(s.items[2].tiers!.map((t) => t.usdPerGb)).toEqual([0.154, 0.147, 0.126, 0.112]);
    expect(s.items.every((i) => i.unsourced === undefined)).toBe(true);
  });

  it('marks a stand-in in the table and says below it what stands in and why', async () => {
    const r = await cli('prices', 'show', 'ap-southeast-7', '--kind', 'transfer');
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('transfer/aws/interRegion@ap-southeast-7'))!;
    expect(row).toMatch(/\b0\.08\b.*stand-in/);
    expect(r.stdout).toMatch(/Stand-in prices .*\n {2}- no sourced transfer price for ap-southeast-7; using ap-southeast-5's \(the nearest region with one, \d+ km away\)/);
  });

  it('instance prices: only those of the region (italynorth, a region opened in 2025)', async () => {
    const s = await json('italynorth', '--kind', 'instance');
    expect(s.items.length).toBe(25);
    expect(s.items.every((i) => i.key.endsWith('@italynorth'))).toBe(true);
    expect(s.items.find((i) => i.key === 'instance/azure/Standard_D4s_v5@italynorth')!.usd).toBe(0.224);
  });

  it('a catalog file on top replaces a stand-in', async () => {
    const file = join(dir, 'prices.yaml');
    writeFileSync(file, 'apiVersion: fleetsim/prices/v1\nversion: acme/2026-12\nitems:\n  - { key: transfer/aws/interRegion@mx-central-1, unit: usd/gb, usd: 0.03, source: our bill, asOf: 2026-11 }\n');
    const s = await json('mx-central-1', '--kind', 'transfer', '--catalog', file);
    expect(s.catalog).toBe('fleetsim-builtin/2026-05 + acme/2026-12');
    const inter = s.items.find((i) => i.key === 'transfer/aws/interRegion@mx-central-1')!;
    expect(inter).toMatchObject({ usd: 0.03, source: 'our bill' });
    expect(inter.unsourced).toBeUndefined();
    // The internet item is still the stand-in.
    expect(s.items.find((i) => i.key === 'transfer/aws/internet@mx-central-1')!.unsourced).toMatch(/^no sourced transfer price for mx-central-1/);
  });

  it('an unknown region: exit 2 with a suggestion', async () => {
    const r = await cli('prices', 'show', 'me-centrl-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"me-centrl-1" is not a region fleetsim knows.*me-central-1/);
  });
});

describe('fleetsim prices show (no region)', () => {
  it('lists every item of a provider and kind: Azure transfer, Oceania inter-region a stand-in', async () => {
    const s = await json('--provider', 'azure', '--kind', 'transfer');
    expect(s.region).toBeNull();
    expect(s.items.every((i) => i.key.startsWith('transfer/azure/'))).toBe(true);
    expect(s.items.find((i) => i.key === 'transfer/azure/interRegion@australiaeast')!.unsourced).toMatch(/Oceania/);
    expect(s.items.find((i) => i.key === 'transfer/azure/interRegion@eastasia')!.usd).toBe(0.08);
  });
});
