import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { TallyAddends, type AddedTallies } from '../../../src/model/traffic/tallyAddends.js';

const empty = (): AddedTallies => ({ deadEndpoint: 0, shed: 0, impaired: 0, noReplica: 0, residency: 0 });

describe('TallyAddends: the tallies summed again in a whole pass\'s order', () => {
  it('equal a running sum over every pool in that order, bit for bit, zeros and −0 included', () => {
    const rng = seedrandom('addends');
    const services = 7;
    const clusters = 13;
    const order = [3, 0, 6, 1, 5, 2, 4];
    const addends = new TallyAddends(services * clusters);
    const kept = Array.from({ length: services * clusters }, () => [0, 0, 0, 0, 0]);
    for (let round = 0; round < 50; round++) {
      // Pools change at random: idle, or busy with small and large additions, some exactly 0 or −0.
      for (let k = 0; k < 20; k++) {
        const g = Math.floor(rng() * services * clusters);
        const draw = () => (rng() < 0.5 ? 0 : rng() < 0.1 ? -0 : rng() * 10 ** Math.floor(rng() * 8 - 4));
        if (rng() < 0.3) {
          addends.idle(g);
          kept[g] = [0, 0, 0, 0, 0];
        } else {
          const v = [draw(), draw(), draw(), draw(), draw()];
          addends.busy(g, v[0], v[1], v[2], v[3]);
          addends.residency(g, v[4]);
          kept[g] = v;
        }
      }
      const direct = [0, 0, 0, 0, 0];
      for (const s of order) for (let c = 0; c < clusters; c++) for (let f = 0; f < 5; f++) direct[f] += kept[s * clusters + c][f];
      const t = empty();
      addends.sumInto(t, order, clusters);
      expect([t.deadEndpoint, t.shed, t.impaired, t.noReplica, t.residency].map((x) => Object.is(x, -0) ? 'minus zero' : x)).toEqual(direct.map((x) => Object.is(x, -0) ? 'minus zero' : x));
    }
  });

  it('sum to +0 once every pool is idle again', () => {
    const addends = new TallyAddends(4);
    addends.busy(1, 2.5, 0, 0, 0);
    addends.residency(3, 1);
    const t = empty();
    addends.sumInto(t, [0], 4);
    expect(t.deadEndpoint).toBe(2.5);
    expect(t.residency).toBe(1);
    addends.idle(1);
    addends.idle(3);
    addends.sumInto(t, [0], 4);
    expect(Object.is(t.deadEndpoint, 0) && Object.is(t.residency, 0)).toBe(true);
  });
});
