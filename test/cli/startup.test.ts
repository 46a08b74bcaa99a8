/**
 * Start-up: each command loads only what it uses (issue 18). The CLI runs as its own process (the
 * built dist/ when it is current, else the sources through tsx: see cliCommand) with a module-load
 * tracer (test/support/moduleTrace.mjs) that lists every module the process resolved. Speed is
 * measured by the start-up benchmark (bench/suites/startup.ts), not here: this asserts which
 * modules load, which is what makes start-up fast and could regress with one static import.
 *
 * The built CLI runs from its bundle (scripts/build/bundle.mjs): a loaded chunk of
 * dist/src/cli/bundle/ stands for the sources and bundled packages esbuild put in it (its
 * meta.json), so the assertions below read source files and packages whichever way the CLI runs.
 */
import { spawnSync } from 'node:child_process';
import { build as esbuild } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import * as live from '../../src/cli/definitions/liveDefaults.js';
import { ETCD_EXPERIMENTS } from '../../src/live/etcd/predict.js';
import { LOCAL_EXPERIMENTS } from '../../src/live/kube/local/experiments.js';
import { DEFAULT_POSTGRES_TOLERANCE } from '../../src/live/postgres/validatePostgres.js';
import { DEFAULT_PROXY_TOLERANCE, DEFAULT_STORM, PROXY_EXPERIMENTS } from '../../src/live/proxy/validateProxy.js';
import { cliCommand } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TRACER = join(ROOT, 'test', 'support', 'moduleTrace.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'fleetsim-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Packages no start-up path may load: the terminal UI, the charts, the Kubernetes and PostgreSQL clients. */
const HEAVY = ['ink', 'react', 'vega', 'vega-lite', '@kubernetes/client-node', 'pg'];

/** The npm package a module URL belongs to (the innermost node_modules), or undefined for the project's own files. */
function packageOf(url: string): string | undefined {
  const m = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return m?.[1];
}

/** What runs the sources when dist/ is stale (cliCommand): tsx and its own packages, not the program's. */
const SOURCE_LOADER = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']);

const BUNDLE = join(ROOT, 'dist', 'src', 'cli', 'bundle');
let bundleMeta: Record<string, string[]> | undefined;

/** A module URL, or for a chunk of the CLI's bundle the file URLs of the sources and package files in it. */
function unbundled(url: string): string[] {
  const prefix = `file://${BUNDLE}/`;
  if (!url.startsWith(prefix)) return [url];
  bundleMeta ??= (JSON.parse(readFileSync(join(BUNDLE, 'meta.json'), 'utf8')) as { outputs: Record<string, string[]> }).outputs;
  const inputs = bundleMeta[url.slice(prefix.length)];
  if (inputs === undefined) throw new Error(`${url} is not in the bundle's meta.json: rebuild (npm run build)`);
  return inputs.map((p) => `file://${join(ROOT, p)}`);
}

let traces = 0;
/** Run the CLI with the tracer; the packages and project files it loaded. */
function traced(argv: readonly string[], timeoutMs = 60_000): { code: number | null; stderr: string; packages: Set<string>; files: string[] } {
  const { command, args } = cliCommand();
  const script = args[args.length - 1];
  const trace = join(tmp, `trace-${traces++}.txt`);
  // The tracer goes after tsx's --import (when the sources run): its resolve hook then sees every resolution first.
  const r = spawnSync(command, [...args.slice(0, -1), '--import', TRACER, script, ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    // The ES module bundle's start, also for check (which starts from its code-cached script unless
    // told not to: fastStart.test.ts traces that one): which modules each command loads is its design.
    env: { ...process.env, NO_COLOR: '1', FLEETSIM_MODULE_TRACE: trace, FLEETSIM_NO_FAST_START: '1' },
  });
  const urls = readFileSync(trace, 'utf8').split('\n').filter((l) => l !== '').flatMap(unbundled);
  const packages = new Set(urls.map(packageOf).filter((p): p is string => p !== undefined && !SOURCE_LOADER.has(p)));
  const files = [...new Set(urls.filter((u) => u.startsWith('file:') && packageOf(u) === undefined).map((u) => u.slice(u.indexOf('/src/') + 1)))];
  return { code: r.status, stderr: r.stderr ?? '', packages, files };
}

describe('start-up loads only what the command uses', () => {
  it.each([[['--help']], [['run', '--help']], [['validate', 'proxy', '--help']], [['--version']]])('%j loads commander and the command definitions, no other package and no simulator code', (argv) => {
    const r = traced(argv);
    expect(r.code).toBe(0);
    expect([...r.packages]).toEqual(['commander']);
    expect(r.files).toContainEqual(expect.stringMatching(/^src\/cli\/main\.(js|ts)$/));
    // Neither the model, the engine, the runner nor the scenario schema: only the light parts of cli/.
    expect(r.files.filter((f) => /^src\/(model|engine|tui|live|report\/render|run\/(pipeline|runner))/.test(f))).toEqual([]);
    expect(r.files).not.toContainEqual(expect.stringMatching(/^src\/scenario\/(index|schema)\./));
  });

  it('check loads the scenario loader and the placement model, none of the heavy packages', () => {
    const r = traced(['check', 'scenarios/default.yaml']);
    expect(r.code).toBe(0);
    expect(r.packages).toContain('zod');
    expect(r.packages).toContain('yaml');
    expect(r.files).toContainEqual(expect.stringMatching(/^src\/run\/placement\./));
    for (const p of HEAVY) expect(r.packages, p).not.toContain(p);
  });

  it('check resolves and sizes the designs without the simulator: no pipeline, replication, runtime, state or fault schedule', () => {
    const r = traced(['check', 'scenarios/default.yaml']);
    expect(r.code).toBe(0);
    // Sizing (which default.yaml's designs ask for) needs the traffic model's load flow; nothing that simulates.
    expect(r.files).toContainEqual(expect.stringMatching(/^src\/run\/resolveScenario\./));
    expect(r.files.filter((f) => /^src\/(run\/(pipeline|runner|replicationPool|worker)\.|model\/(replication|runtime|state|faults|etcd)\/|plan\/|tui\/|live\/)/.test(f))).toEqual([]);
    // The split took check from 286 project modules to 178: a static import that pulls the simulator back in shows here
    // (it adds ~100). The price catalog's transfer-by-source module and its two data files (aws-transfer.json,
    // azure-newer-regions.json) are three more: it was 201 with them.
    expect(r.files.length).toBeLessThan(210);
  });

  it('check of a file with errors reports them without loading the fleet model', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nclusters: 3\n');
    const r = traced(['check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(r.files.filter((f) => /^src\/(model\/|run\/(placement|pipeline)\.)/.test(f))).toEqual([]);
  });

  it('schema loads neither the model nor a heavy package', () => {
    const r = traced(['schema']);
    expect(r.code).toBe(0);
    for (const p of HEAVY) expect(r.packages, p).not.toContain(p);
    expect(r.files.filter((f) => f.startsWith('src/model/'))).toEqual([]);
  });

  it('run --no-report simulates without vega, ink, the Kubernetes or the PostgreSQL client', () => {
    const r = traced(['run', 'test/fixtures/two-regions-fixed.yaml', '--replications', '1', '--horizon', '1d', '--workers', '0', '--no-report', '--output', 'json'], 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.files).toContainEqual(expect.stringMatching(/^src\/run\/runner\./));
    for (const p of HEAVY) expect(r.packages, p).not.toContain(p);
  });

  it('run with its report loads vega when it writes the report', () => {
    const r = traced(['run', 'test/fixtures/two-regions-fixed.yaml', '--replications', '1', '--horizon', '1d', '--workers', '0', '--report-dir', join(tmp, 'reports'), '--output', 'json'], 120_000);
    expect(r.code).toBe(0);
    expect(r.packages).toContain('vega');
    expect(r.packages).not.toContain('ink');
    expect(r.packages).not.toContain('@kubernetes/client-node');
  });

  it('plan without --chart loads neither vega nor ink', () => {
    const r = traced(['plan', 'test/plan/fixtures/known-optimum.yaml', '--workers', '0', '--output', 'json', '--journal', join(tmp, 'plan.jsonl')], 120_000);
    expect(r.code).toBe(0);
    expect(r.files).toContainEqual(expect.stringMatching(/^src\/plan\//));
    for (const p of HEAVY) expect(r.packages, p).not.toContain(p);
  });
});

/** The raw trace of a built CLI run from its ES module bundle: the project's own files it read (bundle chunks as themselves). */
function ownFilesRead(argv: readonly string[]): string[] {
  const trace = join(tmp, `trace-${traces++}.txt`);
  const r = spawnSync(process.execPath, ['--import', TRACER, join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', FLEETSIM_MODULE_TRACE: trace, FLEETSIM_NO_FAST_START: '1' } });
  expect(r.status, r.stderr).toBe(0);
  const urls = readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith('file:') && packageOf(l) === undefined);
  return [...new Set(urls)];
}

/** cliCommand runs dist/ only when it is newer than every source: then these check the build itself. */
const built = cliCommand().args[0] === join(ROOT, 'dist', 'src', 'cli', 'main.js');
if (!built) console.warn('startup.test.ts: dist/ is older than src/ (run npm run build): the bundle tests are skipped');

describe.skipIf(!built)('the built CLI runs from its bundle (scripts/build/bundle.mjs)', () => {
  it('reads a few bundle chunks, not one file per module: --help under 15 files, check under 60 (369 modules before the bundle)', () => {
    const help = ownFilesRead(['--help']);
    expect(help.filter((u) => u.startsWith(`file://${BUNDLE}/`)).length).toBeGreaterThan(0);
    expect(help.length).toBeLessThan(15);
    const check = ownFilesRead(['check', 'scenarios/default.yaml']);
    expect(check.length).toBeLessThan(60);
    // Every file but the bin and the module that picks the bundle (fastStart.js) is a chunk of the bundle: no module of dist/src loads one by one.
    expect(check.filter((u) => !u.startsWith(`file://${BUNDLE}/`)).sort()).toEqual([`file://${join(ROOT, 'dist', 'src', 'cli', 'fastStart.js')}`, `file://${join(ROOT, 'dist', 'src', 'cli', 'main.js')}`]);
  });

  // -o yaml loads yaml through a dynamic import, which the bundle once turned into a namespace without
  // named exports ("stringify is not a function"): the built CLI's YAML must be the JSON's object.
  it('check -o yaml prints the object -o json prints', () => {
    const out = (format: string) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'check', 'scenarios/default.yaml', '-o', format], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const json = JSON.parse(out('json')) as unknown;
    expect(parseYaml(out('yaml'))).toEqual(json);
  });

  // Each worker thread starts from one file: its entry bundled with everything it uses (zod, yaml,
  // seedrandom and ~300 project modules were ~350 files read one by one, ~0.5 CPU s per worker).
  // The tracer cannot follow a worker thread, so this reads the files the pools load themselves.
  it.each(['run/worker.js', 'plan/worker.js', 'tui/sim/worker.js'])('the worker %s is one file that imports only node\'s own modules', async (worker) => {
    const meta = (JSON.parse(readFileSync(join(BUNDLE, 'meta.json'), 'utf8')) as { workers: Record<string, { inputs: string[]; imports: string[] }> }).workers[worker];
    expect(meta, 'meta.json lists the worker bundle').toBeDefined();
    expect(meta.inputs).toContain(`src/${worker.replace(/\.js$/, '.ts')}`);
    expect(meta.inputs.filter((i) => i.startsWith('src/')).length).toBeGreaterThan(100);
    expect(meta.imports.filter((i) => !isBuiltin(i))).toEqual([]);
    // The file the pool loads is that bundle, not tsc's module of the same name (which imports its
    // neighbours): esbuild lists every import, require and import() in it.
    const file = join(ROOT, 'dist', 'src', worker);
    const scan = await esbuild({ entryPoints: [file], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent', plugins: [{ name: 'all-external', setup: (b) => b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path, external: true })) }] });
    const imports = Object.values(scan.metafile.inputs)[0].imports.map((i) => i.path);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !isBuiltin(i))).toEqual([]);
  });

  // The pools find their worker files next to their own module (import.meta.url, which the bundle
  // rewrites to the file tsc emitted): workers then give exactly what the main thread computes alone.
  const runJson = (workers: number) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'run', 'test/fixtures/two-regions-fixed.yaml', '--replications', '3', '--horizon', '1d', '--workers', String(workers), '--no-report', '--output', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const { createdAt: _, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
    return rest;
  };
  it('run with 2 worker threads gives the results of --workers 0', () => {
    expect(runJson(2)).toEqual(runJson(0));
  });

  it('plan with 2 worker threads gives the plan of --workers 0', () => {
    const plan = (workers: number) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'plan', 'test/plan/fixtures/known-optimum.yaml', '--workers', String(workers), '--output', 'json', '--journal', join(tmp, `plan-${workers}.jsonl`)], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(plan(2)).toBe(plan(0));
  });
});

describe('the help text of the live validations', () => {
  // cli/definitions/liveDefaults.ts copies these so that the help loads no live code: keep them equal.
  it('shows the names and defaults the validations use', () => {
    expect(live.ETCD_EXPERIMENTS).toEqual(ETCD_EXPERIMENTS);
    expect(live.PROXY_EXPERIMENTS).toEqual(PROXY_EXPERIMENTS);
    expect(live.LOCAL_EXPERIMENTS).toEqual(LOCAL_EXPERIMENTS);
    expect(live.DEFAULT_POSTGRES_TOLERANCE.lostRelative).toBe(DEFAULT_POSTGRES_TOLERANCE.lostRelative);
    for (const k of Object.keys(live.DEFAULT_PROXY_TOLERANCE) as (keyof typeof live.DEFAULT_PROXY_TOLERANCE)[]) expect(live.DEFAULT_PROXY_TOLERANCE[k], k).toBe(DEFAULT_PROXY_TOLERANCE[k]);
    for (const k of Object.keys(live.DEFAULT_STORM) as (keyof typeof live.DEFAULT_STORM)[]) expect(live.DEFAULT_STORM[k], k).toBe(DEFAULT_STORM[k]);
  });
});
