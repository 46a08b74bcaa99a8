import { describe, expect, it } from 'vitest';
import { tieredUsd, type PriceItem } from '../../src/cost/index.js';

const aws: PriceItem = {
  key: 'transfer/aws/internet', unit: 'usd/gb', usd: 0.09, freeGbPerMonth: 100, source: 't', asOf: 't',
  tiers: [{ upToGb: 10240, usdPerGb: 0.09 }, { upToGb: 51200, usdPerGb: 0.085 }, { upToGb: 153600, usdPerGb: 0.07 }, { upToGb: null, usdPerGb: 0.05 }],
};

describe('tiered volume prices', () => {
  it('free allowance first, then each tier on its own slice', () => {
    expect(tieredUsd(aws, 50)).toBe(0);
    expect(tieredUsd(aws, 1100)).toBeCloseTo(90, 9);
    // 200,100 GB: 100 free; 10,240 × .09 + 40,960 × .085 + 102,400 × .07 + 46,400 × .05
    expect(tieredUsd(aws, 200_100)).toBeCloseTo(921.6 + 3481.6 + 7168 + 2320, 6);
  });
  it('is continuous at tier bounds and never decreasing', () => {
    let prev = 0;
    for (let gb = 0; gb < 200_000; gb += 997) {
      const usd = tieredUsd(aws, gb);
      expect(usd).toBeGreaterThanOrEqual(prev);
      prev = usd;
    }
    expect(tieredUsd(aws, 10340 + 1e-6) - tieredUsd(aws, 10340)).toBeLessThan(1e-6);
  });
  it('flat items multiply', () => {
    expect(tieredUsd({ key: 'logs/aws/gb', unit: 'usd/gb', usd: 0.5, source: 't', asOf: 't' }, 730)).toBe(365);
  });
});
