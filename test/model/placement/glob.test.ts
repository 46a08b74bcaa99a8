import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from '../../../src/model/placement/glob.js';

describe('glob patterns', () => {
  it('* and ? match, everything else is literal and the whole name must match', () => {
    const eu = globToRegExp('eu-*');
    expect(eu.test('eu-west-1')).toBe(true);
    expect(eu.test('eu-')).toBe(true);
    expect(eu.test('europe-west1')).toBe(false);
    expect(eu.test('us-east-1')).toBe(false);
    expect(eu.test('xeu-west-1')).toBe(false);
    expect(globToRegExp('us-?-1').test('us-x-1')).toBe(true);
    expect(globToRegExp('us-?-1').test('us-xy-1')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('(a)[b]+').test('(a)[b]+')).toBe(true);
    expect(matchesAny('europe-west1', ['eu-*', 'europe-*'].map(globToRegExp))).toBe(true);
    expect(matchesAny('x', [])).toBe(false);
  });
});
