import { describe, expect, it } from 'vitest';
import { activeAt, fleetRows, nodesInZone } from '../../src/tui/fleetState.js';
import type { ReplayEpisode } from '../../src/tui/sim/types.js';
import { setPoolCount } from '../../src/tui/whatIf.js';
import { scenarioOf, scenarioText } from './fixture.js';

const base = scenarioOf(scenarioText('default.yaml'));
const ep = (kind: ReplayEpisode['kind'], target: string, startS = 0, endS = 100): ReplayEpisode => ({ kind, target, source: 'scripted', startS, endS });
const row = (rows: ReturnType<typeof fleetRows>, kind: string, name: string) => rows.find((r) => r.kind === kind && r.name === name)!;

describe('fleet state during a replay', () => {
  it('lists regions → clusters → pools, all ok without faults', () => {
    const rows = fleetRows(base, []);
    expect(rows.map((r) => `${r.depth}:${r.name}`)).toEqual(['0:eu-west-1', '1:eu-1', '2:general', '0:us-east-1', '1:us-1', '2:general']);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
  });

  it('takes a region down with everything in it, and nothing elsewhere', () => {
    const rows = fleetRows(base, [ep('region', 'us-east-1')]);
    expect(row(rows, 'region', 'us-east-1').status).toBe('down');
    expect(row(rows, 'cluster', 'us-1').status).toBe('down');
    expect(rows[5]).toMatchObject({ status: 'down', note: '0/4 nodes up' });
    expect(row(rows, 'cluster', 'eu-1').status).toBe('ok');
  });

  it('counts the nodes a zone outage takes, round-robin over the pool\'s zones', () => {
    // 7 nodes over 3 zones: 3, 2, 2.
    expect([0, 1, 2].map((z) => nodesInZone(7, ['a', 'b', 'c'], ['a', 'b', 'c'][z]))).toEqual([3, 2, 2]);
    const s = setPoolCount(base, 'eu-1', 'general', 7);
    const rows = fleetRows(s, [ep('zone', 'eu-west-1a')]);
    expect(rows[2]).toMatchObject({ status: 'degraded', note: '4/7 nodes up' });
    expect(row(rows, 'cluster', 'eu-1')).toMatchObject({ status: 'degraded', note: 'zone eu-west-1a down' });
    expect(row(rows, 'region', 'eu-west-1').status).toBe('degraded');
  });

  it('marks the API down for a control-plane outage while the nodes keep running', () => {
    const rows = fleetRows(base, [ep('controlPlane', 'eu-1'), ep('node', 'eu-1/general#2')]);
    expect(row(rows, 'cluster', 'eu-1')).toMatchObject({ status: 'api down', note: 'control plane down; 1 node down' });
    expect(rows[2]).toMatchObject({ status: 'degraded', note: '3/4 nodes up' });
  });

  it('picks the faults active at an instant (start inclusive, end exclusive)', () => {
    const eps = [ep('zone', 'a', 10, 20), ep('zone', 'b', 20, 30)];
    expect(activeAt(eps, 10).map((e) => e.target)).toEqual(['a']);
    expect(activeAt(eps, 20).map((e) => e.target)).toEqual(['b']);
    expect(activeAt(eps, 30)).toEqual([]);
  });
});
