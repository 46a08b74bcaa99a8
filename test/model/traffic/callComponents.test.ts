import { describe, expect, it } from 'vitest';
import { CallComponents } from '../../../src/model/traffic/callComponents.js';

describe('CallComponents: clusters joined by calls', () => {
  it('joins the clusters calls went between, keeps each route\'s target, and tells a split route', () => {
    const k = new CallComponents(2, 6);
    k.sentAll(1, 0, 0); // local
    k.sentAll(1, 2, 3);
    k.sentAll(0, 4, 3);
    expect(k.allSingle).toBe(true);
    const root = (c: number) => k.root(c);
    expect(root(2)).toBe(root(3));
    expect(root(4)).toBe(root(3));
    expect(root(0)).not.toBe(root(2));
    expect(root(1)).toBe(1);
    expect(root(5)).toBe(5);
    expect(k.target[1 * 6 + 2]).toBe(3);
    expect(k.target[0 * 6 + 4]).toBe(3);
    expect(k.target[0 * 6 + 2]).toBe(-1);
    k.sentSome(5, 1);
    expect(k.allSingle).toBe(false);
    expect(root(5)).toBe(root(1));
  });

  it('forgets a whole component\'s calls without touching the others', () => {
    const k = new CallComponents(1, 5);
    k.sentAll(0, 1, 2);
    k.sentAll(0, 3, 4);
    k.resetClusters(Int32Array.of(1, 2), 1);
    expect(k.root(1)).toBe(1);
    expect(k.root(2)).toBe(2);
    expect(k.root(3)).toBe(k.root(4));
    expect(k.target[1]).toBe(-1);
    expect(k.target[3]).toBe(4);
    k.reset();
    expect([0, 1, 2, 3, 4].map((c) => k.root(c))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(k.target)).toEqual([-1, -1, -1, -1, -1]);
  });
});
