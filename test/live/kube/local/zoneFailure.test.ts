import { describe, expect, it } from 'vitest';
import { zoneNodes } from '../../../../src/live/kube/local/zoneFailure.js';

describe('zoneNodes', () => {
  it('names the nodes by zone, the failing ones first, each in its zone\'s fail or stay group (one kwok each)', () => {
    const nodes = zoneNodes([
      { zone: 'z1', case: 'small-partial', nodes: 3, failing: 2 },
      { zone: 'z2', case: 'zone-down', nodes: 1, failing: 1 },
    ]);
    expect(nodes.map((n) => `${n.name}:${n.group}:${n.failing}`)).toEqual(['kwok-z1-0:z1-fail:true', 'kwok-z1-1:z1-fail:true', 'kwok-z1-2:z1-stay:false', 'kwok-z2-0:z2-fail:true']);
    expect(new Set(nodes.map((n) => n.region))).toEqual(new Set(['local']));
  });
  it('refuses a zone failing more nodes than it has, or none at all', () => {
    expect(() => zoneNodes([{ zone: 'z', case: 'zone-down', nodes: 2, failing: 3 }])).toThrow(RangeError);
    expect(() => zoneNodes([{ zone: 'z', case: 'zone-down', nodes: 0, failing: 0 }])).toThrow(RangeError);
  });
});
