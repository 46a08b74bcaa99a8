/**
 * check's code-cached start (src/cli/fastStart.ts, scripts/build/bundle.mjs): which arguments take
 * it, and, on the built CLI, that it prints, exits and fails exactly as the ES module bundle does,
 * that V8 accepts the cache the build made, and that it loads none of the heavy packages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startsCheck } from '../../src/cli/fastStart.js';
import { cliCommand } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'fleetsim-fast-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('startsCheck', () => {
  it('is true for check with any options and files, false for help, other commands and options first', () => {
    expect(startsCheck(['check', 'scenarios/default.yaml'])).toBe(true);
    expect(startsCheck(['check', '-', '-o', 'json', '--strict'])).toBe(true);
    expect(startsCheck(['check'])).toBe(true);
    // A file named like an option after --.
    expect(startsCheck(['check', '--', '--help'])).toBe(true);
    expect(startsCheck(['check', '--help'])).toBe(false);
    expect(startsCheck(['check', 'a.yaml', '-h'])).toBe(false);
    expect(startsCheck(['run', 'check'])).toBe(false);
    expect(startsCheck(['--help', 'check'])).toBe(false);
    expect(startsCheck([])).toBe(false);
  });
});

/** The built bin, with the fast start on or off (FLEETSIM_NO_FAST_START), as a user's shell runs it. */
function bin(argv: readonly string[], fast: boolean, extraEnv: Record<string, string> = {}, input?: string): { code: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.FLEETSIM_NO_FAST_START;
  delete env.FLEETSIM_DEBUG;
  Object.assign(env, extraEnv);
  if (!fast) env.FLEETSIM_NO_FAST_START = '1';
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const built = cliCommand().args[0] === BIN;
if (!built) console.warn('fastStart.test.ts: dist/ is older than src/ (run npm run build): the built CLI tests are skipped');

describe.skipIf(!built)('the built CLI starts check from its code-cached bundle', () => {
  it('with the cache the build made, accepted by V8', () => {
    const r = bin(['check', 'scenarios/default.yaml'], true, { FLEETSIM_DEBUG: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/check from .*check\.cjs \(code cache accepted\)/);
  });

  it('prints, exits and fails as the ES module bundle does', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nclusters: 3\n');
    const cases: { argv: string[]; input?: string }[] = [
      { argv: ['check', 'scenarios/default.yaml'] },
      { argv: ['check', 'default', '-o', 'json'] },
      { argv: ['check', 'scenarios/edge-stores.yaml', '-o', 'yaml'] },
      { argv: ['check', 'scenarios/gdpr-eu-us.yaml', '--strict'] },
      { argv: ['check', '-'], input: readFileSync(join(ROOT, 'scenarios', 'anycast-three-regions.yaml'), 'utf8') },
      { argv: ['check', bad] },
      { argv: ['check', join(tmp, 'missing.yaml')] },
      { argv: ['check', 'scenarios/default.yaml', '-o', 'xml'] },
    ];
    for (const { argv, input } of cases) {
      const fast = bin(argv, true, {}, input);
      const esm = bin(argv, false, {}, input);
      expect(fast, argv.join(' ')).toEqual(esm);
    }
    // The cases include failures: bad input is exit 2 with file:line:col, as everywhere.
    expect(bin(['check', bad], true).code).toBe(2);
    expect(bin(['check', bad], true).stderr).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it('loads none of the heavy packages (ink, vega and vega-lite would throw: the build makes them modules that do)', () => {
    const trace = join(tmp, 'trace.txt');
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'support', 'moduleTrace.mjs'), BIN, 'check', 'scenarios/default.yaml'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', FLEETSIM_MODULE_TRACE: trace },
    });
    expect(r.status, r.stderr).toBe(0);
    const loaded = readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith('file:'));
    // Through node's loaders: the bin and fastStart.js (the script itself is read as text), and no package at all.
    expect(loaded.filter((u) => u.includes('/node_modules/'))).toEqual([]);
    expect(loaded.map((u) => u.slice(u.indexOf('/dist/') + 1))).toEqual(expect.arrayContaining(['dist/src/cli/main.js', 'dist/src/cli/fastStart.js']));
    expect(new Set(loaded.map((u) => u.slice(u.indexOf('/dist/') + 1))).size).toBe(2);
  });

  it('runs a script of the definitions and check, with stand-ins for the other actions and the ES-module-only packages; without it, the ES module bundle', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'src', 'cli', 'bundle', 'meta.json'), 'utf8')) as { check: string[]; esmOnly: string[] };
    // The script holds the CLI's definitions and check's action with what it reaches (the placement
    // and sizing model), not the other commands' actions (the simulator, the report, the TUI), and
    // the ES-module-only packages only as throwing stand-ins.
    expect(meta.check).toContain('src/cli/commands/check.ts');
    expect(meta.check).toContain('src/cli/main.ts');
    expect(meta.check).toContain('src/cli/definitions/run.ts');
    expect(meta.check).toContainEqual(expect.stringMatching(/^src\/run\/placement\./));
    expect(meta.check.filter((f) => /^src\/(cli\/commands\/(?!check\.)|run\/(pipeline|runner)\.|model\/replication\/|report\/render\.|tui\/|live\/)/.test(f))).toEqual([]);
    expect(meta.esmOnly).toEqual(['ink', 'vega', 'vega-lite']);
    const r = spawnSync(process.execPath, ['-e', `import('${join(ROOT, 'dist', 'src', 'cli', 'fastStart.js')}').then((m) => console.log(m.startFast(['check', 'x.yaml'], new URL('file://${join(tmp, 'absent.cjs')}'))))`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout.trim()).toBe('false');
  });
});
