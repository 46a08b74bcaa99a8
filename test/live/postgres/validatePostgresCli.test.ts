import { describe, expect, it } from 'vitest';
import { cli } from '../../cli/harness.js';

/** `fleetsim validate postgres`: bad input exits 2 with a sentence, before any server is started. */
describe('fleetsim validate postgres: input errors', () => {
  it('refuses an unknown kill, a bad RTT, too few connections, a missing PostgreSQL, a missing folder', async () => {
    const kill = await cli('validate', 'postgres', '--kill', 'meteor');
    expect(kill.code).toBe(2);
    expect(kill.stderr).toMatch(/--kill: unknown "meteor"; one of crash, cut/);
    const rtt = await cli('validate', 'postgres', '--rtt', '0ms,fast');
    expect(rtt.code).toBe(2);
    expect(rtt.stderr).toMatch(/--rtt: expected/);
    // 200 writes/s at 100 ms RTT hold about 24 connections at once.
    const conns = await cli('validate', 'postgres', '--rtt', '100ms', '--connections', '4');
    expect(conns.code).toBe(2);
    expect(conns.stderr).toMatch(/--connections must be 24..30 for 200 writes\/s at 100 ms RTT/);
    const detection = await cli('validate', 'postgres', '--detection', '100ms', '--check-interval', '100ms');
    expect(detection.code).toBe(2);
    expect(detection.stderr).toMatch(/--detection \(100 ms\) must be at least twice --check-interval/);
    const bin = await cli('validate', 'postgres', '--pg-bin', '/nonexistent/bin');
    expect(bin.code).toBe(2);
    expect(bin.stderr).toMatch(/--pg-bin \/nonexistent\/bin lacks one of initdb, postgres, pg_basebackup.*apt-get install -y postgresql/);
    const dir = await cli('validate', 'postgres', '--tmp-dir', '/nonexistent/dir');
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/--tmp-dir: "\/nonexistent\/dir" is not a directory/);
    for (const r of [kill, rtt, conns, detection, bin, dir]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
