import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PodCountIds } from '../../../src/model/traffic/podCountIds.js';

/** Groups are service × clusterCount + cluster, as in the runtime state. */
function ids(serviceCount: number, clusterCount: number) {
  const zeros = new Int32Array(serviceCount * clusterCount);
  return new PodCountIds(serviceCount, clusterCount, zeros, zeros);
}

describe('pod-count ids', () => {
  it('give equal ids to equal counts, whatever the cluster or the order of the changes', () => {
    const p = ids(3, 2);
    p.changed(0 * 2 + 0, 3, 0);
    p.changed(1 * 2 + 0, 2, 1);
    const a = p.idOf(0);
    p.changed(1 * 2 + 1, 2, 1);
    p.changed(0 * 2 + 1, 3, 0);
    expect(p.idOf(1)).toBe(a);
    p.changed(1 * 2 + 1, 1, 2); // ready and lost swapped
    expect(p.idOf(1)).not.toBe(a);
    p.changed(1 * 2 + 1, 2, 1);
    expect(p.idOf(1)).toBe(a);
  });

  it('give every one of 90 000 vectors its own id (4 of them share a hash bucket with another), and the same id again', () => {
    const p = ids(2, 1);
    const seen = new Map<number, number>();
    for (let a = 0; a < 300; a++) {
      for (let b = 0; b < 300; b++) {
        p.changed(0, a, 0);
        p.changed(1, b, 1);
        seen.set(p.idOf(0), a * 300 + b);
      }
    }
    expect(seen.size).toBe(90_000);
    expect(p.size).toBe(90_000);
    p.changed(0, 7, 0);
    p.changed(1, 11, 1);
    expect(seen.get(p.idOf(0))).toBe(7 * 300 + 11);
  });

  it('never reuse an id after clear(): equal counts get a fresh id, different counts never an old one', () => {
    const p = ids(1, 2);
    p.changed(0, 3, 0);
    const before = p.idOf(0);
    p.clear();
    expect(p.size).toBe(0);
    const after = p.idOf(0);
    expect(after).not.toBe(before);
    expect(p.idOf(1)).not.toBe(before); // cluster 1: zero pods, another vector
  });

  it('equal ids if and only if equal counts (property)', () => {
    const change = fc.tuple(fc.nat(5), fc.nat(3), fc.nat(3)); // group of 3 services × 2 clusters, ready, lost
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        const p = ids(3, 2);
        const ready = new Int32Array(6);
        const lost = new Int32Array(6);
        const byVector = new Map<string, number>();
        for (const [group, r, l] of changes) {
          p.changed(group, r, l);
          ready[group] = r;
          lost[group] = l;
          for (let c = 0; c < 2; c++) {
            const vector = [0, 1, 2].map((s) => `${ready[s * 2 + c]}/${lost[s * 2 + c]}`).join(' ');
            const id = p.idOf(c);
            const known = byVector.get(vector);
            if (known === undefined) {
              expect([...byVector.values()]).not.toContain(id);
              byVector.set(vector, id);
            } else expect(id).toBe(known);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
