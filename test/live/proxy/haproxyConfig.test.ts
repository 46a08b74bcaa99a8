import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haproxyConfig, type HaproxyConfigInput } from '../../../src/live/proxy/haproxyConfig.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

const base: HaproxyConfigInput = {
  frontendPort: 18080,
  backendPorts: [18081, 18082, 18083],
  attempts: 3,
  maxConnPerServer: 4,
  queueTimeoutMs: 250,
  connectTimeoutMs: 100,
  serverTimeoutMs: 10_000,
  statsSocket: '/tmp/x/stats.sock',
};
const lines = (text: string) => text.split('\n').map((l) => l.trim());

describe('haproxyConfig', () => {
  it('keeps killed backends in rotation: no health check on any server, loopback only', () => {
    const cfg = lines(haproxyConfig(base));
    const servers = cfg.filter((l) => l.startsWith('server '));
    expect(servers).toEqual(['server b1 127.0.0.1:18081 maxconn 4 weight 256', 'server b2 127.0.0.1:18082 maxconn 4 weight 256', 'server b3 127.0.0.1:18083 maxconn 4 weight 256']);
    expect(cfg.some((l) => /\bcheck\b/.test(l))).toBe(false);
    expect(cfg).toContain('bind 127.0.0.1:18080');
  });

  it('k attempts: retries k−1, redispatch on every retry, only refused connections retried', () => {
    const cfg = lines(haproxyConfig(base));
    expect(cfg).toContain('retries 2');
    expect(cfg).toContain('option redispatch 1');
    expect(cfg).toContain('retry-on conn-failure');
    expect(cfg).toContain('balance random(1)');
    expect(cfg).toContain('timeout queue 250ms');
  });

  it('one attempt: retries 0 and no redispatch', () => {
    const cfg = lines(haproxyConfig({ ...base, attempts: 1 }));
    expect(cfg).toContain('retries 0');
    expect(cfg.some((l) => l.startsWith('option redispatch'))).toBe(false);
  });

  it('per-try timeout: timeout server T, timed-out attempts retried too, no maxconn so requests wait where T sees them', () => {
    const cfg = lines(haproxyConfig({ ...base, serverTimeoutMs: 100, retryOnTimeout: true, queueInBackends: true }));
    expect(cfg).toContain('timeout server 100ms');
    expect(cfg).toContain('retry-on conn-failure response-timeout');
    expect(cfg).toContain('server b1 127.0.0.1:18081 weight 256');
    expect(cfg.filter((l) => l.startsWith('server ')).some((l) => l.includes('maxconn'))).toBe(false);
  });

  it('refuses nonsense', () => {
    expect(() => haproxyConfig({ ...base, attempts: 0 })).toThrow(/attempts must be 1..10/);
    expect(() => haproxyConfig({ ...base, backendPorts: [] })).toThrow(/at least one backend/);
  });
});

const haproxy = realProgram({ program: 'haproxy', candidates: ['haproxy', '/usr/sbin/haproxy'], install: 'apt-get install -y haproxy' });
describeWithPrograms([haproxy], 'haproxyConfig against real HAProxy', () => {
  it('haproxy -c accepts the generated configuration, with and without retries, and retrying timeouts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-haproxy-cfg-'));
    try {
      for (const [attempts, retryOnTimeout] of [[1, false], [3, false], [3, true]] as const) {
        const file = join(dir, `h${attempts}${retryOnTimeout}.cfg`);
        writeFileSync(file, haproxyConfig({ ...base, attempts, retryOnTimeout, queueInBackends: retryOnTimeout, statsSocket: join(dir, 's.sock') }));
        const out = execFileSync(haproxy.path!, ['-c', '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(out).toMatch(/Configuration file is valid/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
