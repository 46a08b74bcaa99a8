import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { candidateBinDirs } from '../../../src/live/postgres/binaries.js';
import { cli } from '../../cli/harness.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * The command end to end on real PostgreSQL, told a model it must reject: a promotion of 10 s where
 * PostgreSQL promotes in well under a second. One synchronous failover (about 8 s): the JSON report
 * parses, the RTO check and the verdict say disagree, the exit code is 3, and the checks the wrong
 * setting does not touch (sync loss 0, commit latency) still agree.
 */
const postgres = realProgram({ program: 'postgres', candidates: [...candidateBinDirs().map((d) => join(d, 'postgres')), 'postgres'], install: 'apt-get install -y postgresql' });
let base = '';

describeWithPrograms([postgres], 'fleetsim validate postgres: a wrong model exits 3', () => {
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'fleetsim-postgres-cli-'));
    chmodSync(base, 0o711); // run as root, the servers run as postgres, who must enter it
  });
  afterAll(() => {
    try {
      expect(readdirSync(base)).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('--promotion 10s: the RTO check disagrees, JSON on stdout, exit 3', { timeout: 60_000 }, async () => {
    const run = await cli('validate', 'postgres', '--rtt', '10ms', '--commit-samples', '10', '--trials', '0', '--sync-trials', '1', '--detection', '200ms', '--check-interval', '50ms', '--load', '600ms', '--promotion', '10s', '--json', '--tmp-dir', base);
    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as { agree: boolean; checks: { quantity: string; agree: boolean; predicted: number; measured: number }[] };
    expect(report.agree).toBe(false);
    const rto = report.checks.find((c) => c.quantity.startsWith('RTO'))!;
    expect(rto.predicted).toBe(200 + 10_000 + 50);
    expect(rto.measured).toBeLessThan(2000);
    expect(rto.agree).toBe(false);
    expect(report.checks.filter((c) => !c.agree).map((c) => c.quantity)).toEqual([rto.quantity]);
  });
});
