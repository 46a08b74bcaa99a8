import { describe, expect, it } from 'vitest';
import { cli } from '../../cli/harness.js';

/** `fleetsim validate proxy`: bad input exits 2 with a sentence, before anything is started. */
describe('fleetsim validate proxy: input errors', () => {
  it('refuses an unknown experiment, impossible counts, a rate above the live backends, a missing haproxy', async () => {
    const unknown = await cli('validate', 'proxy', '--experiment', 'meltdown');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown "meltdown"; one of dead-backend, overload, latency, per-try-timeout, retry-storm, all/);
    const dead = await cli('validate', 'proxy', '--backends', '3', '--dead', '3');
    expect(dead.code).toBe(2);
    expect(dead.stderr).toMatch(/--dead must be an integer in 1..2, got 3/);
    const rate = await cli('validate', 'proxy', '--rate', '5000');
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate must be .* at most 80% of the 2 live backends' capacity \(800\/s\)/);
    const bin = await cli('validate', 'proxy', '--haproxy-bin', '/nonexistent/haproxy');
    expect(bin.code).toBe(2);
    expect(bin.stderr).toMatch(/cannot run haproxy \(\/nonexistent\/haproxy\).*apt-get install -y haproxy/);
    const dir = await cli('validate', 'proxy', '--tmp-dir', '/nonexistent/dir');
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/--tmp-dir: "\/nonexistent\/dir" is not a directory/);
    // The new experiments' inputs: a storm needs a load under capacity and a timeout above the service time.
    const storm = await cli('validate', 'proxy', '--experiment', 'retry-storm', '--storm-load', '1.5');
    expect(storm.code).toBe(2);
    expect(storm.stderr).toMatch(/--storm-load must be in \(0, 1\) of the capacity, got 1.5/);
    const tail = await cli('validate', 'proxy', '--experiment', 'per-try-timeout', '--timeout-service-p99', '10ms');
    expect(tail.code).toBe(2);
    expect(tail.stderr).toMatch(/--timeout-service-p99 must be above --timeout-service-time \(20 ms\)/);
    for (const r of [unknown, dead, rate, bin, dir, storm, tail]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
