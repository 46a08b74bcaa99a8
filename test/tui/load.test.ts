import { describe, expect, it } from 'vitest';
import { loadForTui } from '../../src/tui/load.js';

describe('loadForTui', () => {
  it('stops reading an endless file at the scenario size limit instead of hanging', () => {
    const r = loadForTui('/dev/zero');
    expect(typeof r).toBe('string');
    expect(r as string).toMatch(/larger than \d+ bytes/);
  });

  it('names a missing file', () => {
    expect(loadForTui('/nonexistent/fleetsim.yaml')).toMatch(/no such file/);
  });

  it('loads the bundled default scenario', () => {
    const r = loadForTui(new URL('../../scenarios/default.yaml', import.meta.url).pathname);
    expect(typeof r).not.toBe('string');
  });
});
