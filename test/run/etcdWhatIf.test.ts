import { describe, expect, it } from 'vitest';
import { ETCD_LIMITS, etcdLimitProblem } from '../../src/run/etcdWhatIf.js';
import { cli } from '../cli/harness.js';

describe('fleetsim etcd bounds (issue 12)', () => {
  it('refuses huge --bins and --trials with the bound, exit 2, before simulating', async () => {
    for (const [flag, value, message] of [
      ['--bins', '1000000000', /--bins must be a whole number from 1 to 1000, got 1000000000/],
      ['--trials', '1000000000000', /--trials must be a whole number from 1 to 1,000,000, got 1000000000000/],
      ['--trials', '0', /--trials must be a whole number from 1/],
    ] as const) {
      const r = await cli('etcd', flag, value);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('the bounds themselves are accepted; one past them is not', () => {
    expect(etcdLimitProblem({ trials: ETCD_LIMITS.trials, bins: ETCD_LIMITS.bins, electionTimeouts: ETCD_LIMITS.electionTimeouts })).toBeNull();
    expect(etcdLimitProblem({ trials: ETCD_LIMITS.trials + 1, bins: 1, electionTimeouts: 1 })).toMatch(/--trials/);
    expect(etcdLimitProblem({ trials: 1, bins: ETCD_LIMITS.bins + 1, electionTimeouts: 1 })).toMatch(/--bins/);
    expect(etcdLimitProblem({ trials: 1, bins: 1, electionTimeouts: ETCD_LIMITS.electionTimeouts + 1 })).toMatch(/at most 20 at once/);
  });

  it('a small run within the bounds still works', async () => {
    const r = await cli('etcd', '--trials', '20', '--bins', '3', '--output', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { trials: number };
    expect(json.trials).toBe(20);
  });
});
