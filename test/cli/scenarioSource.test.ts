/**
 * Scenario arguments (issue 19 item 5): "-" is standard input, a path is a file, otherwise a bundled
 * scenario's name found beside the package (so it works from any folder), otherwise exit 2 with the list.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundledScenarioNames, bundledScenarioPath, resolveScenarioArg, resolveScenarioPath } from '../../src/cli/scenarioSource.js';
import { UserError } from '../../src/cli/exitCodes.js';
import { cliCommand } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DEFAULT_TEXT = readFileSync(join(ROOT, 'scenarios', 'default.yaml'), 'utf8');

function spawnCli(argv: readonly string[], o: { cwd: string; input?: string }) {
  const { command, args } = cliCommand();
  // From another folder, "--import tsx" (when dist/ is stale) must name tsx by its absolute URL.
  const r = spawnSync(command, [...args.map((a) => (a === 'tsx' ? import.meta.resolve('tsx') : a)), ...argv], { cwd: o.cwd, input: o.input ?? '', encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The ConfigMap k8s-job prints: its key (the scenario's file name) and the text it ships. */
function configMap(yamlText: string): { key: string; text: string } {
  const docs = yamlText.split(/^---$/m).map((d) => parse(d) as { kind?: string; data?: Record<string, string> });
  const cm = docs.find((d) => d?.kind === 'ConfigMap')!;
  const [key, text] = Object.entries(cm.data!)[0];
  return { key, text };
}

describe('resolveScenarioArg', () => {
  it('lists the bundled scenarios from the package\'s scenarios/ folder, not the templates', () => {
    const expected = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(bundledScenarioNames()).toEqual(expected);
    expect(bundledScenarioNames()).toContain('default');
    expect(bundledScenarioNames()).not.toContain('starter');
  });

  it('a bundled name resolves to the packaged file; a path-like name never leaves scenarios/', () => {
    const s = resolveScenarioArg('retail-segmented');
    expect(s.kind).toBe('bundled');
    expect(s.text).toBe(readFileSync(join(ROOT, 'scenarios', 'retail-segmented.yaml'), 'utf8'));
    expect(bundledScenarioPath('../package')).toBeUndefined();
    expect(bundledScenarioPath('templates/starter')).toBeUndefined();
  });

  it('an existing path wins over a bundled name, and "-" reads standard input', () => {
    expect(resolveScenarioArg(join(ROOT, 'scenarios', 'default.yaml')).kind).toBe('file');
    const s = resolveScenarioArg('-', () => 'name: from-stdin\n');
    expect(s).toEqual({ text: 'name: from-stdin\n', name: '<stdin>', kind: 'stdin' });
  });

  it('an unknown name is a UserError (exit 2) listing every bundled name with a hint', () => {
    let err: unknown;
    try {
      resolveScenarioArg('no-such-scenario');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    for (const n of bundledScenarioNames()) expect((err as Error).message).toContain(n);
    expect((err as Error).message).toContain('fleetsim init');
  });

  it('the TUI refuses "-" with the reason', () => {
    expect(() => resolveScenarioPath('-', 'the TUI reads its keys from standard input')).toThrow(/standard input/);
  });
});

describe('scenario arguments in a separate process', () => {
  it('"-" reads the scenario piped on standard input', () => {
    const r = spawnCli(['k8s-job', '-', '--shards', '2', '--image', 'x/fleetsim:1'], { cwd: ROOT, input: DEFAULT_TEXT });
    expect(r.code, r.stderr).toBe(0);
    expect(configMap(r.stdout)).toEqual({ key: 'scenario.yaml', text: DEFAULT_TEXT });
  });

  it('an empty standard input is exit 2, said so', () => {
    const r = spawnCli(['k8s-job', '-', '--shards', '2', '--image', 'x/fleetsim:1'], { cwd: ROOT, input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard input is empty');
  });

  it('a bundled name works from another folder (as after npm install -g)', () => {
    const r = spawnCli(['k8s-job', 'default', '--shards', '2', '--image', 'x/fleetsim:1'], { cwd: tmpdir() });
    expect(r.code, r.stderr).toBe(0);
    expect(configMap(r.stdout)).toEqual({ key: 'default.yaml', text: DEFAULT_TEXT });
  });

  it('an unknown name is exit 2 with the list of bundled scenarios and no stack trace', () => {
    const r = spawnCli(['k8s-job', 'nope', '--shards', '2', '--image', 'x/fleetsim:1'], { cwd: tmpdir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope: no such file, and not a bundled scenario');
    expect(r.stderr).toContain('default, edge-stores');
    expect(r.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('merge reads one shard from "-" and gives what merging the file gives', () => {
    const shard = spawnCli(['run', join(ROOT, 'scenarios', 'retail-segmented.yaml'), '--replications', '2', '--horizon', '7d', '--shard', '0/1', '--output', 'json', '--workers', '0'], { cwd: ROOT });
    expect(shard.code, shard.stderr).toBe(0);
    const text = shard.stdout;
    const file = join(tmpdir(), `fleetsim-shard-${process.pid}.json`);
    writeFileSync(file, text);
    try {
      const fromStdin = spawnCli(['merge', '-', '--no-report', '-o', 'json'], { cwd: ROOT, input: text });
      const fromFile = spawnCli(['merge', file, '--no-report', '-o', 'json'], { cwd: ROOT });
      expect(fromStdin.code, fromStdin.stderr).toBe(0);
      const strip = (t: string) => ({ ...(JSON.parse(t) as Record<string, unknown>), createdAt: null });
      expect(strip(fromStdin.stdout)).toEqual(strip(fromFile.stdout));
      const twice = spawnCli(['merge', '-', '-', '--no-report'], { cwd: ROOT, input: text });
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain('more than once');
    } finally {
      rmSync(file, { force: true });
    }
  }, 300_000);
});
