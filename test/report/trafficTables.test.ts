import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html.js';
import { summaryMarkdown } from '../../src/report/markdown.js';
import { breakdownSections, failureSection } from '../../src/report/trafficTables.js';
import type { Interval, Results } from '../../src/run/results.js';
import { fullResults } from './fixture.js';

const at = (mean: number): Interval => ({ n: 3, mean, halfWidth: 1, lower: mean - 1, upper: mean + 1 });
const hop = (service: string, networkMs: number, queueingMs: number, serviceMs: number, retriesMs: number) => ({ service, networkMs: at(networkMs), queueingMs: at(queueingMs), serviceMs: at(serviceMs), retriesMs: at(retriesMs) });

/** The fixture's results with a timeout count on the first design and a breakdown on the second. */
function withIssue16(r: Results): Results {
  const [a, b] = r.designs;
  return {
    ...r,
    designs: [
      { ...a, traffic: { ...a.traffic!, failedBy: { ...a.traffic!.failedBy, timeout: 1234.4 } } },
      { ...b, traffic: { ...b.traffic!, failedBy: { ...b.traffic!.failedBy, timeout: 0 } }, latencyBreakdown: { mean: [hop('web', 30, 1, 20, 0), hop('api', 2, 0.5, 10, 0)], p99: [hop('web', 30, 9, 80, 25), hop('api', 2, 40, 60, 0)] } },
    ],
  };
}

describe('the report\'s traffic tables', () => {
  it('failures by cause per design; the timeout column only when the results carry it', () => {
    const plain = failureSection(fullResults())!;
    expect(plain.header).toEqual(['design', 'failed requests', 'unroutable', 'dead endpoint', 'shed', 'no replica', 'impaired']);
    // The fixture's failedBy: 1, 2, 3, 4, 0 per replication.
    expect(plain.rows[0]).toEqual(['replicated', '0.10', '1', '2', '3', '4', '0']);
    const timed = failureSection(withIssue16(fullResults()))!;
    expect(timed.header.at(-1)).toBe('timeout');
    expect(timed.rows.map((row) => row.at(-1))).toEqual(['1,234', '0']);
    expect(timed.notes.some((n) => n.startsWith('timeout:'))).toBe(true);
  });

  it('where the time goes: per hop, mean and p99, with the hops summed', () => {
    expect(breakdownSections(fullResults())).toEqual([]);
    const [section] = breakdownSections(withIssue16(fullResults()));
    expect(section.title).toBe('Where the time goes: segmented');
    expect(section.rows).toEqual([
      ['web', 'mean', '30.0', '1.00', '20.0', '0.00', '51.0'],
      ['api', 'mean', '2.00', '0.50', '10.0', '0.00', '12.5'],
      ['all hops', 'mean', '32.0', '1.50', '30.0', '0.00', '63.5'],
      ['web', 'p99', '30.0', '9.00', '80.0', '25.0', '144.0'],
      ['api', 'p99', '2.00', '40.0', '60.0', '0.00', '102.0'],
      ['all hops', 'p99', '32.0', '49.0', '140.0', '25.0', '246.0'],
    ]);
  });

  it('index.html shows both before the fault recovery, the breakdown only for the design that has one', () => {
    const html = indexHtml(withIssue16(fullResults()), []);
    const failures = html.indexOf('<h2>Why requests failed</h2>');
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(html.indexOf('<h2>Fault recovery</h2>'));
    expect(html).toContain('<th>timeout</th>');
    expect(html).toContain('<h2>Where the time goes: segmented</h2>');
    expect(html).not.toContain('Where the time goes: replicated');
    expect(indexHtml(fullResults(), [])).not.toContain('<th>timeout</th>');
  });

  it('summary.md has them only with a timeout cause or a breakdown', () => {
    expect(summaryMarkdown(fullResults())).not.toContain('## Why requests failed');
    const md = summaryMarkdown(withIssue16(fullResults()));
    expect(md).toContain('## Why requests failed');
    expect(md).toContain('| segmented | 1 | 1 | 2 | 3 | 4 | 0 | 0 |');
    expect(md).toContain('## Where the time goes: segmented');
    expect(md).toContain('| all hops | p99 | 32.0 | 49.0 | 140.0 | 25.0 | 246.0 |');
  });
});
