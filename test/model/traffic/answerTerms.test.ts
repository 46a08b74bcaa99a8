import { describe, expect, it } from 'vitest';
import { AnswerTerms, SortedClusterSet } from '../../../src/model/traffic/answerTerms.js';

describe('SortedClusterSet', () => {
  it('keeps its members ascending through inserts and removals, each once', () => {
    const set = new SortedClusterSet(10);
    for (const c of [7, 2, 9, 2, 0, 5]) set.set(c, true);
    expect(set.list).toEqual([0, 2, 5, 7, 9]);
    set.set(5, false);
    set.set(5, false);
    set.set(3, false);
    set.set(9, false);
    expect(set.list).toEqual([0, 2, 7]);
    set.set(9, true);
    expect(set.list).toEqual([0, 2, 7, 9]);
  });
});

describe('AnswerTerms', () => {
  it('indexes the clusters of its route and forgets those of the previous one', () => {
    const terms = new AnswerTerms(6);
    terms.setRoute({ clusters: [1, 4, 5], weights: [1 / 3, 1 / 3, 1 / 3] });
    expect(Array.from(terms.indexOf)).toEqual([-1, 0, -1, -1, 1, 2]);
    terms.setRoute({ clusters: [0, 4], weights: [0.5, 0.5] });
    expect(Array.from(terms.indexOf)).toEqual([0, -1, -1, -1, 1, -1]);
  });

  it('sums its terms in route order from +0, as a full evaluation does', () => {
    const terms = new AnswerTerms(3);
    terms.setRoute({ clusters: [0, 1, 2], weights: [1 / 3, 1 / 3, 1 / 3] });
    terms.terms.set([0.1, 0.2, 0.3]);
    expect(terms.success()).toBe(0.1 + 0.2 + 0.3);
    // Not the other order's sum (the two differ in the last bit): the order is the route's.
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1);
    terms.terms.set([0, 0, 0]);
    expect(Object.is(terms.success(), 0)).toBe(true);
  });
});
