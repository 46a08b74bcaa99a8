/**
 * The generated price files are reproducible from what is checked in, and the AWS generator refuses
 * a mis-copied price (scripts/prices/aws-from-skypilot-csv.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'prices', 'aws-from-skypilot-csv.mjs');
const EXCERPT = join(ROOT, 'scripts', 'prices', 'sources', 'aws-skypilot-v8-excerpt.csv');
const dir = mkdtempSync(join(tmpdir(), 'fleetsim-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate(input: string): { code: number | null; stdout: string; stderr: string } {
  const data = JSON.parse(readFileSync(join(ROOT, 'src', 'cost', 'catalog', 'data', 'aws.json'), 'utf8')) as { source: string; asOf: string };
  const commit = /commit ([0-9a-f]{40})/.exec(data.source)![1];
  const r = spawnSync(process.execPath, [SCRIPT, input, commit, data.asOf], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('AWS price data generator', () => {
  it('data/aws.json is exactly what the script makes of the checked-in excerpt', () => {
    const r = generate(EXCERPT);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'src', 'cost', 'catalog', 'data', 'aws.json'), 'utf8'));
  });

  it('refuses a price out of proportion with its family in the same region', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(EXCERPT, 'utf8').replace('m6i.2xlarge,8.0,32.0,0.384,us-west-2', 'm6i.2xlarge,8.0,32.0,0.348,us-west-2'));
    const r = generate(bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/us-west-2.*mis-copied/);
  });

  it('refuses zones of one region that disagree', () => {
    const bad = join(dir, 'zones.csv');
    writeFileSync(bad, `${readFileSync(EXCERPT, 'utf8')}m6i.xlarge,4.0,16.0,0.2,us-west-2\n`);
    const r = generate(bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/m6i\.xlarge in us-west-2: zones disagree/);
  });
});
