import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DatastoreOutcome } from '../../../src/model/state/types.js';
import { world } from '../runtime/fixture.js';
import { runFixtureStores } from './fixture.js';

/**
 * The datastores' quiet days (datastoreRuntime.ts carry): between events, a whole day that leaves
 * every store as it found it is counted again for the days that follow. Checked against the same
 * run carried hour by hour (repeatQuietDays: false), on stores that do and do not come back to
 * where they were each day: a transatlantic link too thin for the write rate (its replica's backlog
 * grows by day and drains by night, never settling while the link is that thin) and a partition
 * that lasts weeks (the cut-off replica's missed seconds grow all along).
 */
const FIXTURE = readFileSync(new URL('../../fixtures/datastores-two-regions.yaml', import.meta.url), 'utf8');

function run(yaml: string, repeatQuietDays: boolean): DatastoreOutcome[][] {
  const w = world(yaml);
  return w.scenario.designs.map((_, d) => runFixtureStores(w, d, { warmupS: 0.5 * 86_400, repeatQuietDays }));
}

/** The same YAML with one line changed (checked to be there). */
function edited(from: string, to: string): string {
  expect(FIXTURE).toContain(from);
  return FIXTURE.replace(from, to);
}

function close(a: DatastoreOutcome[][], b: DatastoreOutcome[][]): void {
  expect(a.length).toBe(b.length);
  const flat = (o: DatastoreOutcome[][]) => JSON.stringify(o, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(11)) : v));
  expect(flat(a)).toBe(flat(b));
}

describe('datastores carried through quiet days give the hour-by-hour results', () => {
  it('the fixture: stores that settle every day between its faults', () => {
    close(run(FIXTURE, true), run(FIXTURE, false));
  });

  it('a link too thin for the writes: the backlog moves every day (no day repeats), same results', () => {
    const thin = edited('bandwidth: 10Gbps', 'bandwidth: 40kbps');
    close(run(thin, true), run(thin, false));
  });

  it('a partition of two weeks: the cut-off replica ages every day, same results', () => {
    const long = edited('{ at: 10d, kind: link, target: [eu-west-1, us-east-1], for: 30m, mode: partition }', '{ at: 10d, kind: link, target: [eu-west-1, us-east-1], for: 14d, mode: partition }');
    close(run(long, true), run(long, false));
  });
});
