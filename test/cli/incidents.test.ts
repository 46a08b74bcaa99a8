import { describe, expect, it } from 'vitest';
import { cli } from './harness.js';

/** `fleetsim incidents`: the library listed (table and JSON), one timeline, bad input with exit 2. */
const NAMES = ['aws-us-east-1-2021-12-07', 'endpoint-agent-2024-07-19', 'gcp-service-control-2025-06-12', 'aws-us-east-1-2025-10-20', 'azure-front-door-2025-10-29'];

describe('fleetsim incidents', () => {
  it('lists every incident with its date, provider, published duration and source', async () => {
    const r = await cli('incidents');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => NAMES.some((n) => l.startsWith(n)));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(NAMES);
    const aws2025 = rows.find((l) => l.startsWith('aws-us-east-1-2025-10-20'))!;
    // 11:48 PM PDT 19 Oct to 2:20 PM PDT 20 Oct: 14 h 32 min.
    expect(aws2025).toContain('2025-10-20');
    expect(aws2025).toContain('14 h 32 min');
    expect(aws2025).toContain('https://aws.amazon.com/message/101925/');
  });

  it('--output json: the library as data, one object per incident with its timeline in seconds', async () => {
    const r = await cli('incidents', '--output', 'json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; publishedDurationS: number; timeline: { startS: number; forS: number }[] }[];
    expect(list.map((i) => i.name)).toEqual(NAMES);
    const afd = list.find((i) => i.name === 'azure-front-door-2025-10-29')!;
    // 15:45 UTC to 00:05 UTC.
    expect(afd.publishedDurationS).toBe(8 * 3600 + 20 * 60);
    expect(afd.timeline[0]).toMatchObject({ startS: 0, forS: 8 * 3600 + 20 * 60 });
  });

  it('one incident: its timeline in UTC clock times with offsets, and which numbers are published', async () => {
    const r = await cli('incidents', 'gcp-service-control-2025-06-12');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Started 2025-06-12 17:51 UTC');
    // us-central1: 2 h 40 min after 17:51.
    expect(r.stdout).toMatch(/20:31 UTC \(\+2 h 40 min\)\s+us-central1 \(if present\)/);
    expect(r.stdout).toContain('modelling choice');
  });

  it('an unknown name: exit 2, a did-you-mean, no stack trace', async () => {
    const r = await cli('incidents', 'azure-front-door-2025-10-30');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no incident "azure-front-door-2025-10-30"');
    expect(r.stderr).toContain('did you mean "azure-front-door-2025-10-29"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad --output: exit 2', async () => {
    const r = await cli('incidents', '--output', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected one of table, json, yaml, got "xml"');
  });
});
