import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fleetLines } from '../../src/report/fleets.js';
import { prepareRun } from '../../src/run/context.js';
import type { Results } from '../../src/run/results.js';

const info = (file: string) => prepareRun(readFileSync(file, 'utf8'), file).info;
const lines = (file: string) => fleetLines({ scenario: info(file) } as unknown as Results);

describe('the fleet each design runs (run output, summary.md, results.json scenario.designs[].fleet)', () => {
  it('a sized design: its sized pools and replicas, and what it was sized for', () => {
    const d = info('scenarios/default.yaml').designs;
    expect(d.map((x) => x.fleet!.own)).toEqual([true, true, true]);
    expect(d[0].fleet!.pools.map((p) => [p.cluster, p.count])).toEqual([['eu-1', 6], ['us-1', 6]]);
    expect(d[0].fleet!.sizing).toMatchObject({ headroomRatio: 0.2, survive: 'any one region', failoverNodes: 'standing' });
    expect(d[1].fleet!.sizing!.survive).toBe('any one zone');
    expect(d[2].fleet!.sizing!.failoverNodes).toBe('autoscaled');
    // The sizing explanation travels with it: a line per service and per sized pool after the heading.
    expect(d[0].fleet!.sizing!.explanation).toHaveLength(1 + 3 + 2);
    const l = lines('scenarios/default.yaml');
    expect(l[1]).toBe('  replicated (sized by fleetsim: 20% headroom, survives any one region): eu-1/general 6 (up to 12) × m6i.xlarge, us-1/general 6 (up to 12) × m6i.xlarge; replicas web 13, catalog 12, cart 3');
    expect(l[3]).toMatch(/^  active-active \(sized by fleetsim: 20% headroom, survives any one region, failover nodes autoscaled\): eu-1\/general 4 /);
  });

  it('a design as written: the scenario pools of the clusters it uses, not sized', () => {
    const d = info('test/fixtures/two-regions-fixed.yaml').designs;
    expect(d[0].fleet).toMatchObject({ own: false, sizing: null });
    expect(d[0].fleet!.replicas).toEqual([{ service: 'web', replicas: 6 }, { service: 'catalog', replicas: 6 }, { service: 'cart', replicas: 4 }]);
    expect(lines('test/fixtures/two-regions-fixed.yaml')[1]).toBe('  replicated: eu-1/general 4 (up to 8) × m6i.xlarge, us-1/general 4 (up to 8) × m6i.xlarge; replicas web 6, catalog 6, cart 4');
  });
});
