import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/scenario/hints.js';

describe('did-you-mean', () => {
  it('edit distance: textbook values, swaps count once', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('ab', 'ba')).toBe(1);
  });

  it('suggests plausible typos only, deterministically', () => {
    expect(closest('eu-west-2x', ['eu-west-1', 'us-east-1'])).toBe('eu-west-1');
    expect(closest('nodepools', ['nodePools', 'name'])).toBe('nodePools');
    expect(closest('node_pools', ['nodePools'])).toBe('nodePools');
    expect(closest('banana', ['eu-west-1', 'us-east-1'])).toBeUndefined();
    expect(closest('ab', ['ac', 'ad'])).toBe('ac');
  });
});
