import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html.js';
import { summaryMarkdown } from '../../src/report/markdown.js';
import { bytesCell, dataFlowSection, stateSections, stateTextLines } from '../../src/report/stateTables.js';
import { datastoresOverReplications } from '../../src/run/datastoreResults.js';
import { datastoreSummary } from '../../src/run/datastoreSummary.js';
import type { Results } from '../../src/run/results.js';
import type { DataFlow } from '../../src/model/residency/dataFlows.js';
import { renderText } from '../../src/cli/commands/run.js';
import { failover, outcome } from '../run/datastoreFixture.js';
import { fullResults } from './fixture.js';

const DAY_S = 86_400;

const flow = (violation: boolean, toRegion: string): DataFlow => ({
  dataClass: 'personal-eu',
  via: 'response',
  from: { region: 'eu-west-1', cluster: 'eu-1', name: 'profile' },
  to: { region: toRegion, cluster: toRegion === 'us-east-1' ? 'us-1' : 'eu-2', name: 'gateway' },
  bytesPerYear: 3.2e12,
  leavesFleet: false,
  violation,
});

/** The fixture's results, the first design with a store (two failovers in one of two 30-day replications) and a replication cost line, and data flows. */
function withState(r: Results): Results {
  const [a, b] = r.designs;
  const stores = datastoresOverReplications(
    [[datastoreSummary(outcome({ failovers: [failover(45, 0.5, 10), failover(50, 1.5, 20)] }))], [datastoreSummary(outcome({ writeAvailableRatio: 0.997 }))]],
    30 * DAY_S,
  )!;
  const replicationLine = { category: 'dataTransfer' as const, cluster: null, item: 'datastore replication: cart-db eu-west-1 → us-east-1', quantityPerMonth: 730, quantityUnit: 'GB', usdPerUnit: 0.02, monthlyUsd: 14.6, priceKey: 'transfer/aws/interRegion', source: 's', asOf: '2024' };
  return {
    ...r,
    designs: [
      { ...a, datastores: stores, cost: { ...a.cost!, lines: [replicationLine] }, dataFlows: [flow(false, 'eu-central-1')] },
      { ...b, dataFlows: [flow(true, 'us-east-1')] },
    ],
  };
}

describe('the report\'s state tables', () => {
  it('one State section per design with datastores: availability with its interval, commit, failovers, RTO, RPO, replication cost', () => {
    const sections = stateSections(withState(fullResults()));
    expect(sections.map((s) => s.title)).toEqual(['State: replicated']);
    const [row] = sections[0].rows;
    expect(row[0]).toBe('cart-db (primaryReplica)');
    // Write availability 0.999 and 0.997: mean 99.80% ± 1.27% (t with one degree of freedom).
    expect(row[1]).toBe('99.80% ± 1.27%');
    expect(row[3]).toBe('72.0 ms');
    expect(row[4]).toBe('90.0 ms');
    // 2 failovers in 60 days → 12.17 a year; RTO p99 of {45, 50} = 49.95 s; RPO p99 of {0.5, 1.5} = 1.49 s; bytes p99 of {20 480, 40 960}.
    expect(row[5]).toBe('12.2');
    expect(row[6]).toBe('50 s');
    expect(row[7]).toBe('1.5 s');
    expect(row[8]).toBe(bytesCell(20 * 2048 - 0.01 * 10 * 2048));
    expect(row[9]).toBe('$14.60');
    // Reads 0 s stale in both replications (the fixture's): no staleness note.
    expect(sections[0].notes.some((n) => n.includes('stale'))).toBe(false);
  });

  it('notes stale reads of a store read from members that trail the primary', () => {
    const r = withState(fullResults());
    const [a] = r.designs;
    const stale = { ...a, datastores: a.datastores!.map((s) => ({ ...s, readStalenessS: { n: 2, mean: 0.012, halfWidth: 0.001, lower: 0.011, upper: 0.013 } })) };
    const [section] = stateSections({ ...r, designs: [stale, r.designs[1]] });
    expect(section.notes).toContain('cart-db: reads 12 ms stale on average (served by members that trail the primary).');
  });

  it('lists data flows with violations first, across designs', () => {
    const s = dataFlowSection(withState(fullResults()))!;
    expect(s.rows.map((x) => [x[0], x[5]])).toEqual([
      ['segmented', 'VIOLATION'],
      ['replicated', 'yes'],
    ]);
    expect(s.rows[0][4]).toBe('gateway in us-1 (us-east-1)');
    expect(s.rows[0][6]).toBe('3.20 TB');
    expect(s.notes[0]).toMatch(/^1 flow\(s\) take data to a region its class does not allow/);
  });

  it('appears in summary.md, index.html and the terminal only when present', () => {
    const plain = fullResults();
    expect(stateSections(plain)).toEqual([]);
    expect(dataFlowSection(plain)).toBeNull();
    expect(stateTextLines(plain)).toEqual([]);
    expect(summaryMarkdown(plain)).not.toMatch(/## State|## Data flows/);
    expect(indexHtml(plain, [])).not.toMatch(/State: |Data flows/);
    const rich = withState(plain);
    expect(summaryMarkdown(rich)).toMatch(/## State: replicated[\s\S]*## Data flows/);
    expect(indexHtml(rich, [])).toMatch(/<h2>State: replicated<\/h2>[\s\S]*<h2>Data flows<\/h2>/);
    expect(renderText(rich)).toMatch(/State: replicated:\n[\s\S]*cart-db \(primaryReplica\)[\s\S]*Data flows:/);
  });

  it('keeps a sub-millisecond RPO visible', () => {
    const r = withState(fullResults());
    const [a] = r.designs;
    const tiny = { ...a, datastores: a.datastores!.map((s) => ({ ...s, rpoS: { ...s.rpoS, p99: 0.00042 } })) };
    expect(stateSections({ ...r, designs: [tiny, r.designs[1]] })[0].rows[0][7]).toBe('0.42 ms');
  });

  it('formats bytes in decimal units', () => {
    expect([bytesCell(0), bytesCell(512), bytesCell(2048), bytesCell(4.5e6), bytesCell(1.234e9), bytesCell(null)]).toEqual(['0', '512 B', '2.05 kB', '4.50 MB', '1.23 GB', '—']);
  });
});
