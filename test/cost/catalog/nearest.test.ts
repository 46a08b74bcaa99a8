import { describe, expect, it } from 'vitest';
import { MissingPriceError, PriceCatalog, type PriceItem } from '../../../src/cost/index.js';
import { pricedRegionsNear } from '../../../src/cost/catalog/nearest.js';

const item = (key: string, usd = 0.2): PriceItem => ({ key, unit: 'usd/node-hour', usd, source: 'test', asOf: '2026' });
const catalog = PriceCatalog.of({
  version: 'test',
  items: [
    item('instance/aws/m6i.xlarge@us-east-1'),
    item('instance/aws/m6i.xlarge@us-west-1'),
    item('instance/aws/c6i.xlarge@us-west-1'),
    item('instance/aws/m6i.xlarge@eu-west-1'),
    item('instance/aws/m6i.xlarge@xx-nowhere-1'),
    item('instance/gcp/m6i.xlarge@us-west1'),
    item('controlPlane/aws/eks-standard'),
  ],
  instanceShapes: [],
});

describe('a missing instance price names the nearest region that has one', () => {
  it('orders priced regions by distance, unknown locations last, other providers ignored', () => {
    const near = pricedRegionsNear(catalog.items(), 'aws', 'm6i.xlarge', 'us-west-2');
    expect(near.map((p) => p.region)).toEqual(['us-west-1', 'us-east-1', 'eu-west-1', 'xx-nowhere-1']);
    expect(near[0].types).toEqual(['c6i.xlarge', 'm6i.xlarge']);
    // Oregon to Northern California: about 950 km.
    expect(near[0].distanceKm).toBeGreaterThan(800);
    expect(near[0].distanceKm).toBeLessThan(1100);
    expect(near[3].distanceKm).toBeUndefined();
  });

  it('the error says where, what is priced there, and how to fetch the price', () => {
    let err: unknown;
    try {
      catalog.get('instance/aws/m6i.xlarge', 'us-west-2', 'usd/node-hour', 'node pool a/b');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingPriceError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^no price for "instance\/aws\/m6i.xlarge" in region us-west-2 \(needed for node pool a\/b\)/);
    expect(msg).toMatch(/The nearest region with a price for m6i\.xlarge is us-west-1 \(~\d{3} km away\), which prices m6i\.xlarge, c6i\.xlarge\./);
    expect(msg).toContain('`fleetsim prices update --provider aws --region us-west-2 --out prices.json` and set pricing.catalog: prices.json');
  });

  it('a region without known coordinates gets the list of priced regions instead', () => {
    expect(() => catalog.get('instance/aws/m6i.xlarge', 'yy-somewhere-2', 'usd/node-hour', 'x')).toThrow(/Regions with a price for m6i\.xlarge: eu-west-1, us-east-1, us-west-1, xx-nowhere-1\./);
  });

  it('a type priced nowhere says so', () => {
    expect(() => catalog.get('instance/aws/r7i.xlarge', 'us-east-1', 'usd/node-hour', 'x')).toThrow(/No region in the catalog prices r7i\.xlarge\. Fetch current prices/);
  });

  it('prices that are not instance prices get no region suggestion', () => {
    expect(() => catalog.get('nat/aws/hour', 'us-east-1', 'usd/hour', 'x')).toThrow(/See docs\/cost\.md\.$/);
  });
});
