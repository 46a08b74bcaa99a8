import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomMeshFleet, type Extra } from '../model/traffic/randomFleets.js';
import { cli } from './harness.js';

/**
 * `fleetsim run` end to end on fleets of random shape (test/model/traffic/randomFleets.ts), one and
 * two designs, healthy and hopelessly overloaded: what it prints and the report it writes hold no
 * NaN, Infinity or undefined, and the verdict does not contradict its table. Each of these caught a
 * bug once: a one-design latency chart drawn with stroke-width NaN, "users never noticed a fault"
 * beside "9 not back".
 */
const tmp = join(tmpdir(), `fleetsim-random-fleets-${process.pid}-${Date.now()}`);
beforeAll(() => mkdirSync(tmp, { recursive: true }));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES: [seed: string, extra: Extra, twoDesigns: boolean][] = [
  ['r1', 'none', false], // overloaded: two thirds of requests fail, faults users felt never end
  ['r3', 'none', true],
  ['changes2', 'changes', true],
  ['noMesh3', 'noMesh', false],
  ['held3', 'held', true],
];

/** Every text file of a report folder, by name. */
function reportFiles(dir: string): Map<string, string> {
  const [folder] = readdirSync(dir);
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(join(dir, folder), '');
  return out;
}

describe('run on random fleets', () => {
  for (const [seed, extra, twoDesigns] of CASES) {
    it(`${seed} (${extra}, ${twoDesigns ? 'two designs' : 'one design'}): no NaN, Infinity or undefined, a verdict that agrees with its table`, async () => {
      const file = join(tmp, `${seed}.yaml`);
      writeFileSync(file, randomMeshFleet(seed, extra, twoDesigns));
      const reports = join(tmp, `reports-${seed}`);
      const r = await cli('run', file, '--workers', '0', '--replications', '2', '--horizon', '2d', '--report-dir', reports);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/availability \(95% CI\)/);
      expect(r.stdout).not.toMatch(/NaN|Infinity|undefined/);
      const files = reportFiles(reports);
      expect([...files.keys()]).toEqual(expect.arrayContaining(['index.html', 'summary.md', 'results.json']));
      for (const [name, text] of files) {
        if (name === 'results.json') continue; // JSON holds no NaN by construction; null stands for "not measured"
        expect(text, name).not.toMatch(/NaN|Infinity|undefined/);
      }
      // A design whose column says "N not back" is not one whose users "never noticed a fault".
      const designs = twoDesigns ? ['mesh', 'everywhere'] : ['mesh'];
      const row = /^worst recovery as users felt it {2,}(.*)$/m.exec(r.stdout)?.[1].trim().split(/ {2,}/) ?? [];
      expect(row).toHaveLength(designs.length);
      designs.forEach((d, i) => {
        if (/not back/.test(row[i])) expect(r.stdout, d).not.toContain(`${d}: users never noticed a fault`);
      });
    }, 120_000);
  }
});
