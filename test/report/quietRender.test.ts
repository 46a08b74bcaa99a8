import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Results } from '../../src/run/results.js';
import { buildReport } from '../../src/report/write.js';

/**
 * Building a report prints nothing: vega-lite and vega log a spec they find questionable (an
 * unsorted discrete field on a size channel, a scale they cannot fit) through console.warn, which
 * lands in the middle of `fleetsim run`'s output. Every bundled scenario's golden results are built.
 */
afterEach(() => vi.restoreAllMocks());

describe('report rendering', () => {
  // Run results only (plan-*.json are a plan's, which has its own report).
  const goldens = readdirSync('test/golden/results').filter((f) => f.endsWith('.json') && !f.startsWith('plan-'));
  for (const file of goldens) {
    it(`${file}: no warning from vega-lite or vega`, async () => {
      const warn = vi.spyOn(console, 'warn');
      const log = vi.spyOn(console, 'log');
      const error = vi.spyOn(console, 'error');
      const r = JSON.parse(readFileSync(`test/golden/results/${file}`, 'utf8')) as Results;
      const files = await buildReport(r);
      expect(files.size).toBeGreaterThan(0);
      expect(warn.mock.calls).toEqual([]);
      expect(log.mock.calls).toEqual([]);
      expect(error.mock.calls).toEqual([]);
    });
  }
});
