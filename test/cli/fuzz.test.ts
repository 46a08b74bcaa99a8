import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliProcess, type CliRun } from './harness.js';

/**
 * Fuzz the flags of run, check, merge and k8s-job on a tiny scenario: whatever the mix of valid,
 * out-of-range and nonsense values, the CLI answers with exit 0 or 2 (3 when --gate judged the
 * SLO), a message rather than "internal error" or a stack trace, no raw control character, and in
 * bounded time. In-process for speed; a few cases in a child process that a hang would not survive.
 */
// Made when the tests run, not at import: a filtered run that skips them creates nothing.
const tmp = join(tmpdir(), `fleetsim-cli-fuzz-${process.pid}-${Date.now()}`);
const TINY = join(tmp, 'tiny.yaml');
const HOSTILE = join(tmp, 'hostile.yaml');
const SHARD = join(tmp, 'shard-0.json');
const GARBAGE = join(tmp, 'garbage.json');
const A_FILE = join(tmp, 'a-file');
const REPORTS = join(tmp, 'reports');
const FOLDER = join(tmp, 'folder');

beforeAll(async () => {
  mkdirSync(tmp);
  // The default scenario over one simulated day, two replications: milliseconds per run.
  const text = readFileSync('scenarios/default.yaml', 'utf8').replace('horizon: 365d', 'horizon: 1d').replace('replications: 10', 'replications: 2');
  writeFileSync(TINY, text);
  writeFileSync(HOSTILE, text.replace(/description: Two EKS.*\n/, 'description: "\\e[2J\\e]0;x\\a<b>hi</b>\\rOK"\n'));
  writeFileSync(GARBAGE, '{"schema": "fleetsim/partial-results", "replications": [1e999]}');
  writeFileSync(A_FILE, 'x');
  mkdirSync(FOLDER);
  const shard = await cli('run', TINY, '--workers', '0', '--shard', '0/1');
  expect(shard.code).toBe(0);
  writeFileSync(SHARD, shard.stdout);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A flag with a value drawn from `values`, absent three times in four: with a dozen flags, most
 * cases must still be valid, or the fuzz only ever tests the first error message.
 */
const flag = (name: string, values: fc.Arbitrary<string>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: values.map((v) => [name, v]), weight: 1 });
/** Strings of any code points, control characters and lone surrogates included. */
/** Strings a person or a script might pass by mistake: empty, signs, exponents, hex, spaces, controls. */
const junk = fc.constantFrom('', '-1', '0', '1e21', '1e400', 'NaN', 'Infinity', '0x10', ' 2', '2.5', 'abc', '\u001b[2J', '9007199254740993');
/** Strings of any code points, control characters included. */
const anyString = fc.string({ unit: 'binary', maxLength: 8 });
const count = (valid: fc.Arbitrary<string>) => fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: junk, weight: 2 }, { arbitrary: anyString, weight: 1 });
/** Mostly valid values, sometimes nonsense. */
const mostly = (valid: fc.Arbitrary<string>, invalid: fc.Arbitrary<string>) => fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: invalid, weight: 1 }, { arbitrary: anyString, weight: 1 });

function argv(command: string, files: fc.Arbitrary<string[]>, flags: fc.Arbitrary<string[] | undefined>[], bare: fc.Arbitrary<string | undefined>[] = []): fc.Arbitrary<string[]> {
  return fc.tuple(files, fc.tuple(...flags), fc.tuple(...bare)).map(([f, fs, bs]) => [command, ...f, ...fs.flatMap((x) => x ?? []), ...bs.flatMap((b) => (b === undefined ? [] : [b]))]);
}

/** `arb` one time in `oneIn`, else undefined. */
const sometimes = <T,>(arb: fc.Arbitrary<T>, oneIn: number) => fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });
const bareFlag = (name: string) => sometimes(fc.constant(name), 10);
// Always given: the default (./reports) would fill the work tree with the fuzz's reports.
const reportDir = fc.oneof({ arbitrary: fc.constant(REPORTS), weight: 4 }, { arbitrary: fc.constantFrom(A_FILE, join(A_FILE, 'x'), '/proc/fleetsim-fuzz', '', FOLDER), weight: 1 }).map((d) => ['--report-dir', d]);
const scenarioFile = fc.oneof({ arbitrary: fc.constantFrom(TINY, HOSTILE), weight: 6 }, { arbitrary: fc.constantFrom(join(tmp, 'missing.yaml'), FOLDER, A_FILE, GARBAGE), weight: 1 });

const runArgv = argv(
  'run',
  scenarioFile.map((f) => [f]),
  [
    flag('--replications', count(fc.integer({ min: 1, max: 3 }).map(String))),
    // Threads take seconds to start under a test runner (the default is one per core): mostly 0,
    // rarely one or too many (clamped), sometimes nonsense.
    fc.oneof({ arbitrary: fc.constant('0'), weight: 12 }, { arbitrary: fc.constantFrom('1', '1000'), weight: 1 }, { arbitrary: junk, weight: 2 }).map((v) => ['--workers', v]),
    flag('--horizon', mostly(fc.constantFrom('1h', '12h', '1d'), fc.constantFrom('0s', '-1d', '1e20d', '5', '1000000y'))),
    flag('--seed', anyString),
    flag('--output', fc.constantFrom('table', 'json', 'yaml', 'md', 'xml', '')),
    flag('--target-ci', mostly(fc.constantFrom('availability:0.5', 'availability:50%', 'capacity:0.5'), fc.constantFrom('speed:1', 'availability:-1', 'availability:', 'p99:'))),
    flag('--max-replications', count(fc.constantFrom('1', '2', '3'))),
    flag('--shard', mostly(fc.constantFrom('0/1', '0/2', '1/2'), fc.constantFrom('2/2', '0/0', '-1/2', '1e21/1e22', 'a/b'))),
    sometimes(fc.constantFrom<string[]>(['--gate'], ['--gate', 'replicated'], ['--gate', 'nope']), 4),
    // A report costs a second of chart rendering: mostly none.
    sometimes(fc.constant<string[]>([]), 5).map((x) => (x === undefined ? ['--no-report'] : x)),
    reportDir,
  ],
  [bareFlag('--bogus')],
);

const checkArgv = argv(
  'check',
  fc.constantFrom(TINY, HOSTILE, join(tmp, 'missing.yaml'), FOLDER, A_FILE, GARBAGE).map((f) => [f]),
  [flag('--output', fc.constantFrom('table', 'json', 'yaml', ''))],
);

const mergeArgv = argv(
  'merge',
  fc.subarray([SHARD, SHARD, GARBAGE, A_FILE, FOLDER, join(tmp, 'missing.json'), TINY], { minLength: 1, maxLength: 3 }),
  [
    flag('--output', fc.constantFrom('table', 'json', 'yaml', 'md', 'xml')),
    sometimes(fc.constantFrom<string[]>(['--gate'], ['--gate', 'active-active'], ['--gate', 'nope']), 4),
    sometimes(fc.constant<string[]>([]), 5).map((x) => (x === undefined ? ['--no-report'] : x)),
    reportDir,
    flag('--chart', fc.constantFrom(join(tmp, 'frontier.svg'), A_FILE, FOLDER)),
  ],
);

const k8sArgv = argv(
  'k8s-job',
  scenarioFile.map((f) => [f]),
  [
    fc.oneof({ arbitrary: count(fc.constantFrom('1', '2')).map((v) => ['--shards', v]), weight: 9 }, { arbitrary: fc.constant<string[]>(['--shards', '100001']), weight: 1 }),
    fc.oneof({ arbitrary: mostly(fc.constantFrom('ghcr.io/acme/fleetsim:0.1.0', 'fleetsim'), fc.constantFrom('', 'a b')).map((v) => ['--image', v]), weight: 9 }, { arbitrary: fc.constant<string[]>([]), weight: 1 }),
    flag('--name', mostly(fc.constantFrom('sim', 'fleetsim-a'), fc.constantFrom('Sim_1', '-x', 'a'.repeat(60)))),
    flag('--namespace', mostly(fc.constant('sims'), fc.constantFrom('Team_A', ''))),
    flag('--command', mostly(fc.constantFrom('fleetsim', 'node /app/main.js', "it's"), fc.constant('   '))),
    flag('--replications', count(fc.constantFrom('2', '3'))),
    flag('--seed', anyString),
    flag('--workers-per-pod', count(fc.constantFrom('1', '2'))),
    flag('--cpu', mostly(fc.constantFrom('500m', '2', '1.5'), fc.constantFrom('lots', '-1'))),
    flag('--memory', mostly(fc.constantFrom('1Gi', '512Mi', '1e3'), fc.constantFrom('Gi', ''))),
    flag('--storage', mostly(fc.constantFrom('1Gi', '10G'), fc.constant('big'))),
    flag('--storage-class', mostly(fc.constant('efs-sc'), fc.constantFrom('EFS SC', ''))),
    flag('--deadline', mostly(fc.constantFrom('6h', '1s'), fc.constantFrom('0s', '1e20d', 'soon'))),
    flag('--output', fc.constantFrom('yaml', 'json', 'xml')),
  ],
);

/** Exit codes the documentation allows: 0, 2, and 3 only when --gate judged the SLO. */
function checkAnswer(args: readonly string[], r: Pick<CliRun, 'stdout' | 'stderr'> & { code: number | null }, ms: number): void {
  const what = JSON.stringify(args);
  const allowed = args.includes('--gate') ? [0, 2, 3] : [0, 2];
  expect(allowed, `${what} exited ${r.code}: ${r.stderr}`).toContain(r.code);
  expect(r.stderr, what).not.toMatch(/internal error/);
  expect(r.stderr, what).not.toMatch(/\n\s+at \S+ \(|\n\s+at file:/);
  // Everything printed is safe for a terminal (colour is off: stdout is not a TTY).
  expect(r.stderr, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  expect(r.stdout, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  // Exit 2 says why: on stderr, or in the JSON answer (`check --output json` lists the errors).
  if (r.code === 2) expect((r.stderr + r.stdout).trim().length, `${what}: exit 2 says why`).toBeGreaterThan(0);
  // A guard against hangs, not a speed bound (speed lives in bench/): generous for a shared 2-core machine.
  expect(ms, `${what} took ${ms} ms`).toBeLessThan(60_000);
}

/** Exit codes seen per command: the fuzz must reach the simulation, not only the first error. */
const seen = new Map<string, number[]>();
async function answer(args: string[]): Promise<void> {
  const t0 = Date.now();
  const r = await cli(...args);
  checkAnswer(args, r, Date.now() - t0);
  seen.set(args[0], [...(seen.get(args[0]) ?? []), r.code]);
}
const share = (command: string, code: number) => (seen.get(command) ?? []).filter((c) => c === code).length / (seen.get(command)?.length ?? 1);

describe('fuzzed flags: exit 0, 2 or 3 with a message, never an internal error or a stack trace', () => {
  it('run', async () => {
    await fc.assert(fc.asyncProperty(runArgv, answer), { numRuns: 60 });
    expect(share('run', 0), 'a fair share of runs simulate').toBeGreaterThan(0.1);
  }, 300_000); // 60 short runs: ~25 s on a quiet machine, over 60 s on a loaded one
  it('check', async () => {
    await fc.assert(fc.asyncProperty(checkArgv, answer), { numRuns: 15 });
  }, 30_000);
  it('merge', async () => {
    await fc.assert(fc.asyncProperty(mergeArgv, answer), { numRuns: 20 });
  }, 30_000);
  it('k8s-job', async () => {
    await fc.assert(fc.asyncProperty(k8sArgv, answer), { numRuns: 60 });
    // About a fifth print manifests (a dozen flags, each sometimes wrong): 5% leaves a wide margin.
    expect(share('k8s-job', 0), 'a fair share print manifests').toBeGreaterThan(0.05);
    expect(share('k8s-job', 2), 'and a fair share are refused').toBeGreaterThan(0.1);
  }, 30_000);

  // A hang in-process would stop the test runner itself: a few cases run as their own process,
  // killed after 20 s (code null fails the exit-code check).
  it('run in a child process, killed if it hangs', () => {
    fc.assert(
      fc.property(runArgv, (args) => {
        const r = cliProcess(args, 20_000);
        checkAnswer(args, r, r.ms);
      }),
      { numRuns: 2 },
    );
  }, 60_000);
});
