import { describe, expect, it } from 'vitest';
import { once } from '../../src/scenario/once.js';

describe('once', () => {
  it('makes the value on first use only, and gives the same one after', () => {
    let calls = 0;
    const get = once(() => ({ n: ++calls }));
    expect(calls).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(calls).toBe(1);
  });

  it('keeps a value that is undefined too', () => {
    let calls = 0;
    const get = once((): undefined => void calls++);
    get();
    get();
    expect(calls).toBe(1);
  });

  it('makes it again after a throw (nothing half made is kept)', () => {
    let calls = 0;
    const get = once(() => {
      if (++calls === 1) throw new Error('first');
      return calls;
    });
    expect(() => get()).toThrow('first');
    expect(get()).toBe(2);
    expect(get()).toBe(2);
  });
});
