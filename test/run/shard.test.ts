import { describe, expect, it } from 'vitest';
import { combinePartials, parsePartial, parseShard, partialResults, shardReplications } from '../../src/run/shard.js';
import { INFO, designSummary, replication } from './fixture.js';

const summaries = [0, 1, 2, 3, 4].map((r) => replication(r, [designSummary('a', 0.99), designSummary('b', 0.98)]));
const part = (index: number, count: number, info = INFO) => ({
  name: `shard-${index}.json`,
  partial: partialResults(info, 5, { index, count }, summaries.filter((s) => s.replication % count === index)),
});

describe('shards', () => {
  it('parses i/n and refuses nonsense', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('3/3')).toThrow(/below the count \(0…2\)/);
    // merge takes at most as many shards as replications (1000): a larger split is refused up front.
    expect(parseShard('999/1000')).toEqual({ index: 999, count: 1000 });
    expect(() => parseShard('0/5000')).toThrow(/at most 1000/);
    expect(() => parseShard('1-3')).toThrow(/INDEX\/COUNT/);
    expect(() => parseShard('0/0')).toThrow(/at least 1/);
  });

  it('slices partition the replications: each exactly once', () => {
    for (const n of [1, 2, 3, 7, 12]) {
      const all = Array.from({ length: n }, (_, i) => shardReplications(10, { index: i, count: n })).flat().sort((a, b) => a - b);
      expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('combines complete shards in any order', () => {
    const { summaries: merged } = combinePartials([part(1, 2), part(0, 2)]);
    expect(merged.map((s) => s.replication).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('names what is missing, duplicated or foreign', () => {
    expect(() => combinePartials([part(0, 3), part(2, 3)])).toThrow(/replications 1, 4 are missing \(shards not given: 1\/3\)/);
    expect(() => combinePartials([part(0, 2), part(0, 2), part(1, 2)])).toThrow(/given twice/);
    expect(() => combinePartials([part(0, 2), part(1, 2, { ...INFO, sha256: '1'.repeat(64) })])).toThrow(/a different scenario file/);
    expect(() => combinePartials([part(0, 2), part(1, 2, { ...INFO, seed: '2' })])).toThrow(/different run settings/);
    expect(() => combinePartials([part(0, 2), part(1, 3)])).toThrow(/split into 2/);
  });

  it('reads only partial results files, with a reason otherwise', () => {
    const ok = JSON.stringify(part(0, 1).partial);
    expect(parsePartial(ok, 'x.json').summaries).toHaveLength(5);
    expect(() => parsePartial('{', 'x.json')).toThrow(/x.json: not JSON/);
    expect(() => parsePartial('{"schema":"fleetsim/results"}', 'r.json')).toThrow(/finished results.json, not a shard/);
    expect(() => parsePartial(JSON.stringify({ ...part(0, 1).partial, replications: 0 }), 'y.json')).toThrow(/y.json: not a fleetsim partial results file \(at replications/);
  });

  it('refuses numbers beyond the limits, not whole or not finite, instead of allocating for them (issue 12)', () => {
    const ok = part(0, 1).partial;
    const text = (p: unknown) => JSON.stringify(p);
    expect(() => parsePartial(text({ ...ok, replications: 1e12 }), 'big.json')).toThrow(/big\.json: not a fleetsim partial results file \(at replications: .*\b1000\b/);
    expect(() => parsePartial(text({ ...ok, replications: 4.5 }), 'f.json')).toThrow(/at replications: .*expected int/);
    expect(() => parsePartial(text({ ...ok, shard: { index: 0, count: 1e12 } }), 'c.json')).toThrow(/at shard\.count/);
    expect(() => parsePartial(text({ ...ok, shard: { index: 3, count: 2 } }), 'i.json')).toThrow(/i\.json: shard 3\/2 is not a shard/);
    expect(() => parsePartial(text(ok).replace('"availability":0.99', '"availability":1e999'), 'inf.json')).toThrow(/inf\.json: not a fleetsim partial results file \(at summaries\.0\.designs\.0\.availability: expected a finite number\)/);
  });

  it('refuses a latency histogram whose precision or range would allocate without bound', () => {
    const withHistogram = (h: Record<string, unknown>) => {
      const p = part(0, 1).partial;
      const s0 = p.summaries[0];
      const d0 = { ...s0.designs[0], traffic: { latency: { histogram: { relativeError: 0.01, minValue: 1e-6, maxValue: 1e7, zeroWeight: 0, minSeen: 0.1, maxSeen: 0.2, buckets: [[10, 1]], ...h } } } };
      return JSON.stringify({ ...p, summaries: [{ ...s0, designs: [d0, ...s0.designs.slice(1)] }, ...p.summaries.slice(1)] });
    };
    expect(() => parsePartial(withHistogram({}), 'ok.json')).not.toThrow();
    expect(() => parsePartial(withHistogram({ relativeError: 1e-12 }), 'h.json')).toThrow(/h\.json: not a fleetsim partial results file \(at summaries\.0\.designs\.0\.traffic\.latency\.histogram: a histogram of this precision and range needs .* buckets, more than 1,000,000\)/);
    expect(() => parsePartial(withHistogram({ buckets: [[1e12, 1]] }), 'b.json')).toThrow(/histogram\.buckets: expected \[index, weight\] pairs/);
    expect(() => parsePartial(withHistogram({ minValue: -1 }), 'm.json')).toThrow(/0 < minValue < maxValue/);
  });

  it('takes the rare-stratum replications the plain ones call for, from every shard, and no others', () => {
    // Rare faults: plain replication 2 had a region outage, so the run added the rest of the rare stratum (−1 … −4).
    const info = { ...INFO, rareOutagesPerReplication: 0.1 };
    const plain = summaries.map((s) => ({ ...s, rareOutages: s.replication === 2 ? 1 : 0 }));
    const rare = [-1, -2, -3, -4].map((r) => ({ ...replication(r, [designSummary('a', 0.99), designSummary('b', 0.98)]), rareOutages: 1 }));
    const shard = (index: number, extra = rare) => ({
      name: `shard-${index}.json`,
      partial: partialResults(info, 5, { index, count: 2 }, [...plain.filter((s) => s.replication % 2 === index), ...extra.filter((s) => (-s.replication - 1) % 2 === index)]),
    });
    // The partial files carry negative replication indices through their schema.
    const parsed = parsePartial(JSON.stringify(shard(0).partial), 'shard-0.json');
    expect(parsed.summaries.map((s) => s.replication)).toEqual([0, 2, 4, -1, -3]);
    expect(combinePartials([shard(1), { name: 'shard-0.json', partial: parsed }]).summaries.map((s) => s.replication).sort((x, y) => x - y)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    expect(() => combinePartials([shard(0, rare.slice(0, 2)), shard(1)])).toThrow(/rare-stratum replications -3 are missing/);
    const foreign = [...rare, { ...replication(-7, [designSummary('a', 0.99), designSummary('b', 0.98)]), rareOutages: 1 }];
    expect(() => combinePartials([shard(0, foreign), shard(1)])).toThrow(/replication -7 is not part of this run \(it takes 4 rare-stratum replications/);
    // A scenario without rare faults takes none.
    expect(() => combinePartials([part(0, 2), { name: 'x.json', partial: { ...part(1, 2).partial, summaries: [...part(1, 2).partial.summaries, rare[0]] } }])).toThrow(/replication -1 is not part of this run/);
  });
});
