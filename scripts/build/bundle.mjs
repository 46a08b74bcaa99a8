#!/usr/bin/env node
/**
 * The CLI's start-up build (issue 18), run by `npm run build` after tsc: bundles src/cli/main.ts with
 * esbuild into dist/src/cli/bundle/, one ES module per lazily imported command action (code
 * splitting), and replaces tsc's dist/src/cli/main.js (the package's bin) with a short module that
 * imports the bundle (or starts `check` from its code-cached script: below). A fresh `fleetsim check` then reads a dozen files instead of ~370: loading
 * modules one file at a time (resolve, stat, read, compile, link) was about 40% of its wall time.
 *
 * The worker threads' entries (run/worker.js, plan/worker.js, tui/sim/worker.js) are bundled too,
 * each into one self-contained file written over tsc's, where the pools find them (next to their
 * own module, through import.meta.url): a worker reads one file instead of ~350 modules.
 *
 * What stays as tsc emitted it, beside the bundle:
 * - every other file of dist/src (tests and benchmarks that import dist/ modules directly);
 * - the packages that only some commands need (ink, react, vega, vega-lite, the Kubernetes and
 *   PostgreSQL clients and the rest of node_modules): external, imported from node_modules by the
 *   chunk that uses them, which loads only when its command runs. Bundled are only the packages
 *   every start-up path loads (BUNDLED_PACKAGES).
 *
 * import.meta.url keeps its meaning: in each bundled module it is rewritten to the URL of the file
 * tsc emitted for that module (dist/src/x/y.js), computed from the chunk's own URL, so the worker
 * files, the bundled scenarios (found by walking up to package.json) and the main-module test of
 * main.ts resolve exactly as they do unbundled.
 *
 * The metafile (dist/src/cli/bundle/meta.json) maps each output file to the sources in it: the
 * start-up test (test/cli/startup.test.ts) reads it to assert which sources a command loads.
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(ROOT, 'src');
const DIST_SRC = join(ROOT, 'dist', 'src');
const OUT = join(DIST_SRC, 'cli', 'bundle');
const BIN = join(DIST_SRC, 'cli', 'main.js');

/**
 * Packages inlined into the bundle: what `--help` (commander) and `check` (zod, yaml, jstat) load
 * on every run. Their many small files (zod alone is 240 modules) were most of the loading cost.
 * Everything else in node_modules stays external: loaded from node_modules, lazily, as before.
 */
export const BUNDLED_PACKAGES = ['commander', 'zod', 'yaml', 'jstat'];

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Bare imports of packages outside BUNDLED_PACKAGES stay imports of node_modules. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (BUNDLED_PACKAGES.includes(packageName(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Each project source's import.meta.url becomes the URL of its tsc output, relative to the output
 * file that holds it (every output of one build is in `outDir`, so one relative path is right
 * wherever esbuild puts the module).
 */
const tscLocation = (outDir, base = 'import.meta.url') => ({
  name: 'tsc-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (!args.path.startsWith(SRC + sep)) return undefined;
      const text = await readFile(args.path, 'utf8');
      // Not rewritten (they would name the bundle's folder): refuse them rather than mislead.
      const other = /import\.meta\.(dirname|filename)/.exec(text);
      if (other !== null) return { errors: [{ text: `${relative(ROOT, args.path)} uses ${other[0]}: write it from import.meta.url (fileURLToPath), which the CLI's bundle keeps pointing at the file tsc emits` }] };
      if (!text.includes('import.meta.url')) return undefined;
      const emitted = join(DIST_SRC, relative(SRC, args.path)).replace(/\.tsx?$/, '.js');
      const rel = relative(outDir, emitted).split(sep).join('/');
      const url = `new URL(${JSON.stringify(rel)}, ${base}).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
});

/** JSON data (price lists, machine shapes) as JSON.parse of a string: V8 parses that faster than an object literal. */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};

/** What every build here shares: ES modules for node, the project's tsconfig, data as JSON.parse. */
const common = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(ROOT, 'tsconfig.build.json'),
  // The bundled CommonJS packages (yaml, jstat, seedrandom) require node's own modules: give them a require.
  banner: { js: "import { createRequire as __fleetsimCreateRequire } from 'node:module';\nconst require = __fleetsimCreateRequire(import.meta.url);" },
  // Whitespace and syntax only: V8 scans less source at start-up (about 5% of check's CPU), and
  // names stay as written, so a stack trace (FLEETSIM_DEBUG=1) still names the functions; the source
  // maps beside each output map lines back (node --enable-source-maps).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await rm(OUT, { recursive: true, force: true });
const result = await build({
  ...common,
  entryPoints: { main: join(SRC, 'cli', 'main.ts') },
  outdir: OUT,
  splitting: true,
  chunkNames: '[name]-[hash]',
  plugins: [externalPackages, tscLocation(OUT), jsonAsParse],
});

// Output paths relative to OUT, inputs relative to the repository (src/…, node_modules/…).
const outputs = {};
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.map')) continue;
  // Every module esbuild put in the chunk, those that add no code included (a module of re-exports).
  outputs[relative(OUT, join(ROOT, file)).split(sep).join('/')] = Object.keys(out.inputs).sort();
}

/**
 * The worker threads' entries (the run pool's, the plan evaluator's, the TUI's simulation). Each
 * becomes one self-contained file written over the one tsc emitted (dist/src/run/worker.js, …),
 * where its pool looks for it (workerModule: next to the pool's module), so a worker reads one file
 * instead of ~350 modules. Every package a worker uses is inlined (all are plain JavaScript: zod,
 * yaml, jstat, seedrandom); only node's own modules stay imports. No code splitting: a worker
 * shares nothing with the main thread's bundle, it runs in its own isolate anyway.
 */
export const WORKER_ENTRIES = ['run/worker.ts', 'plan/worker.ts', 'tui/sim/worker.ts'];

const workers = {};
for (const entry of WORKER_ENTRIES) {
  const outfile = join(DIST_SRC, entry.replace(/\.ts$/, '.js'));
  const r = await build({
    ...common,
    entryPoints: [join(SRC, entry)],
    outfile,
    plugins: [tscLocation(dirname(outfile)), jsonAsParse],
  });
  const out = r.metafile.outputs[relative(ROOT, outfile).split(sep).join('/')];
  const imports = out.imports.map((i) => i.path);
  // One file: anything but node's own modules imported at run time would defeat the point.
  const stray = imports.filter((p) => !p.startsWith('node:') && !isBuiltin(p));
  if (stray.length > 0) throw new Error(`the worker bundle of src/${entry} still imports ${stray.join(', ')}: bundle it`);
  workers[relative(DIST_SRC, outfile).split(sep).join('/')] = { inputs: Object.keys(out.inputs).sort(), imports: [...new Set(imports)].sort() };
}

/**
 * `check`'s start (src/cli/fastStart.ts): the whole CLI as one CommonJS script, which the bin runs
 * through vm.Script with V8's code cache of it. Packages stay external as in the ES module bundle
 * (required only if the module that imports them is initialized); those whose ES module graphs await
 * at the top level cannot be required at all (ESM_ONLY), and become a module that throws, so that a
 * check that reached one fails loudly (its tests run the bin) rather than load it some other way.
 */
export const ESM_ONLY = ['ink', 'vega', 'vega-lite'];
const esmOnly = {
  name: 'esm-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (ESM_ONLY.includes(packageName(args.path)) ? { path: args.path, namespace: 'esm-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'esm-only' }, (args) => ({ contents: `module.exports = (() => { throw new Error(${JSON.stringify(`${args.path} is loaded only by the CLI's ES module bundle, yet check's CommonJS bundle reached it (scripts/build/bundle.mjs)`)}); })();`, loader: 'js' }));
  },
};
/**
 * The script runs only check: every other command's action (imported by its definition when it
 * runs) becomes a module that throws, which keeps the simulator, the report and the live
 * validations out of the script (it is read, hashed and deserialized at every check).
 */
const onlyCheck = {
  name: 'only-check',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/commands\/[A-Za-z0-9]+\.js$/ }, (args) =>
      args.importer.startsWith(join(SRC, 'cli', 'definitions') + sep) && args.path !== '../commands/check.js' ? { path: args.path, namespace: 'not-check' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-check' }, (args) => ({ contents: `module.exports = (() => { throw new Error(${JSON.stringify(`${args.path} is not in check's CommonJS bundle (scripts/build/bundle.mjs): only check starts from it`)}); })();`, loader: 'js' }));
  },
};
const CHECK_SCRIPT = join(OUT, 'check.cjs');
const check = await build({
  ...common,
  format: 'cjs',
  banner: {},
  sourcemap: false,
  entryPoints: [join(SRC, 'cli', 'main.ts')],
  outfile: CHECK_SCRIPT,
  // import.meta.url from the script's own path (__filename is vm.Script's wrapper parameter: fastStart.ts).
  plugins: [onlyCheck, esmOnly, externalPackages, tscLocation(OUT, 'require("node:url").pathToFileURL(__filename).href'), jsonAsParse],
});
// A function body now (fastStart wraps it): the entry's #! line must go.
const script = await readFile(CHECK_SCRIPT, 'utf8');
await writeFile(CHECK_SCRIPT, script.startsWith('#!') ? script.slice(script.indexOf('\n') + 1) : script);
const checkInputs = Object.keys(check.metafile.outputs[relative(ROOT, CHECK_SCRIPT).split(sep).join('/')].inputs).sort();

await writeFile(join(OUT, 'meta.json'), JSON.stringify({ bundledPackages: BUNDLED_PACKAGES, esmOnly: ESM_ONLY, outputs, workers, check: checkInputs }, null, 1) + '\n');

// The bin: tsc's main.js gives way to the choice of bundle (src/cli/fastStart.ts).
await writeFile(
  BIN,
  "#!/usr/bin/env node\n// Written by scripts/build/bundle.mjs: check starts from a code-cached CommonJS bundle, every other command from the ES module bundle (docs/cli.md, Start-up).\nimport { startFast } from './fastStart.js';\nif (!startFast(process.argv.slice(2), new URL('./bundle/check.cjs', import.meta.url))) await import('./bundle/main.js');\n",
);
await rm(`${BIN}.map`, { force: true });

// The code cache: one check of the default scenario through the bin, with this node and no V8 flags
// (a cache made under other flags is rejected). Without it check still runs, only slower to start.
const cacheFile = `${CHECK_SCRIPT}.cache`;
await rm(cacheFile, { force: true });
const childEnv = { ...process.env, FLEETSIM_CODE_CACHE_OUT: `${cacheFile}.new`, NODE_OPTIONS: '' };
// The cache is made on the fast start itself, whatever the builder's shell says.
delete childEnv.FLEETSIM_NO_FAST_START;
const made = spawnSync(process.execPath, [BIN, 'check', join(ROOT, 'scenarios', 'default.yaml')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: childEnv });
if (made.status === 0 && existsSync(`${cacheFile}.new`)) await rename(`${cacheFile}.new`, cacheFile);
else {
  // Not a failed build (npm ci runs it): check works without the cache, only slower to start, and
  // its tests (test/cli/fastStart.test.ts) say the cache is missing.
  await rm(`${cacheFile}.new`, { force: true });
  process.stderr.write(`bundle: warning: check of the default scenario (exit ${made.status}) left no code cache, so check starts without one${made.stderr ? `:\n${made.stderr}` : ''}\n`);
}
