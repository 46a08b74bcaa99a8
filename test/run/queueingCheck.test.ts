import { describe, expect, it } from 'vitest';
import { mmcLimitProblem } from '../../src/run/queueingCheck.js';
import { cli } from '../cli/harness.js';

describe('fleetsim mmc bounds', () => {
  it('refuses customers, replications and servers beyond the bounds, exit 2', async () => {
    const r = await cli('mmc', '--customers', '1000000000000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--customers must be from 1 to 100,000,000/);
    const s = await cli('mmc', '--lambda', '1', '--mu', '1', '--servers', '10000000');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--servers must be from 1 to 100,000/);
    expect(mmcLimitProblem({ customers: 10, replications: 100_001 })).toMatch(/--replications/);
    expect(mmcLimitProblem({ customers: 10, replications: 2, servers: 3 })).toBeNull();
  });
});
