import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/engine/simulator.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { DatastoreRuntime } from '../../../src/model/state/datastoreRuntime.js';
import type { DatastoreOutcome } from '../../../src/model/state/types.js';
import { world } from '../runtime/fixture.js';

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
  const sc = w.scenario;
  const horizonS = sc.run.horizonS;
  const faults = generateFaultSchedule({ fleet: w.fleet, clusters: sc.clusters, faults: sc.faults, horizonS, seed: sc.run.seed, replication: 0 });
  return sc.designs.map((design, d) => {
    const sim = new Simulator();
    const clientClusters = w.designs[d].placement.services.map((p) => {
      const total = p.assigned.reduce((s, x) => s + x, 0);
      return [...p.assigned].flatMap((n, cluster) => (n > 0 ? [{ cluster, share: n / total }] : []));
    });
    const runtime = new DatastoreRuntime(
      { sim, fleet: w.fleet, scenario: sc, design, clientClusters, seed: sc.run.seed, replication: 0, horizonS, warmupS: 0.5 * 86_400, repeatQuietDays },
      { baseline: () => {}, changed: () => {} },
    );
    const FAULT = sim.register('test/fault', (arg) => runtime.onFault(faults[arg >> 1], (arg & 1) === 1 ? -1 : 1));
    for (const ep of faults) {
      if (ep.startS >= horizonS) continue;
      sim.at(ep.startS, FAULT, ep.id * 2);
      if (ep.endS < horizonS) sim.at(ep.endS, FAULT, ep.id * 2 + 1);
    }
    sim.run({ untilS: horizonS });
    return runtime.result();
  });
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
