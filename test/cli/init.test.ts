/** fleetsim init: the starter scenario is written once (atomically), passes check and runs. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from './harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'fleetsim-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TEMPLATE = readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 'templates', 'starter.yaml'), 'utf8');

describe('fleetsim init', () => {
  const file = join(tmp, 'fleetsim.yaml');

  it('writes the starter scenario and says what to do next', async () => {
    const r = await cli('init', file);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(TEMPLATE);
    expect(r.stderr).toContain(`fleetsim check ${file}`);
  });

  it('refuses to overwrite (exit 2, the file untouched) unless --force', async () => {
    writeFileSync(file, 'mine\n');
    const r = await cli('init', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exists: add --force');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    const f = await cli('init', file, '--force');
    expect(f.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(TEMPLATE);
  });

  it('a missing folder is exit 2', async () => {
    const r = await cli('init', join(tmp, 'no', 'such', 'x.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
  });

  it('the template is short, commented, and has a replicated and a segmented design over three clusters in two regions with a mesh', () => {
    const lines = TEMPLATE.split('\n');
    expect(lines.length).toBeLessThan(120);
    expect(lines.filter((l) => l.includes('#')).length).toBeGreaterThan(25);
    const doc = parse(TEMPLATE) as { clusters: { region: string }[]; designs: { name: string; traffic: { mesh?: unknown } }[]; workload: { userRegions: { near: string }[] } };
    expect(doc.clusters.length).toBe(3);
    expect(new Set(doc.clusters.map((c) => c.region)).size).toBe(2);
    expect(doc.designs.map((d) => d.name)).toEqual(['replicated', 'segmented']);
    expect(doc.designs[1].traffic.mesh).toBeDefined();
    expect(doc.workload.userRegions.map((u) => u.near)).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('passes check with no warning, and runs', async () => {
    const c = await cli('check', file);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout + c.stderr).not.toMatch(/warning/i);
    const r = await cli('run', file, '--replications', '2', '--horizon', '7d', '--no-report', '--output', 'json');
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as { designs: { name: string; availability: { mean: number } }[] };
    expect(results.designs.map((d) => d.name)).toEqual(['replicated', 'segmented']);
    for (const d of results.designs) expect(d.availability.mean).toBeGreaterThan(0.99);
  }, 120_000);
});
