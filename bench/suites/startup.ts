import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { median } from '../cHold.js';
import { round } from '../measure.js';
import type { BenchOptions, Row, Suite, SuiteResult, TargetCheck } from '../types.js';

interface Case {
  readonly label: string;
  /** Arguments after `node`; the CLI's are after dist/src/cli/main.js. */
  readonly args: readonly string[];
  /** Wall-time goal for the median (issue 18), or undefined for the floor. */
  readonly targetS?: number;
}

/**
 * GNU time, when the machine has it, reports the child's CPU seconds (user + system, all threads):
 * on a busy machine wall time waits for the cores and CPU time shows what the command itself costs.
 */
const GNU_TIME = '/usr/bin/time';

interface Sample {
  readonly wallS: number;
  readonly cpuS: number | null;
}

/** One fresh process; throws if it fails (a broken command must not look fast). */
function sample(repoRoot: string, args: readonly string[], scratch: string): Sample {
  const timeFile = join(scratch, 'time.txt');
  const [command, argv] = existsSync(GNU_TIME) ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, ...args]] : [process.execPath, [...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  if (command !== GNU_TIME) return { wallS, cpuS: null };
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  return { wallS, cpuS: user + system };
}

/**
 * Start-up (issue 18): the wall time of fresh `fleetsim` processes that do little, where loading
 * modules is most of the time: `--help`, `run --help` and `check` of the default scenario, beside
 * `node -e 0` (Node's own start-up, the floor no command can beat). Each case runs N times, the
 * cases interleaved so that a burst of other work on the machine spreads over all of them; the
 * median is judged against the targets (--help ≤ 0.15 s, check ≤ 0.3 s).
 */
export const startupSuite: Suite = {
  name: 'startup',
  description: 'issue 18: wall time of fresh CLI processes (--help, run --help, check) against node -e 0, and the build when dist/ is current',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, log, repoRoot } = options;
    const main = join(repoRoot, 'dist/src/cli/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
    const n = quick ? 5 : 15;
    const cases: Case[] = [
      { label: 'node -e 0 (floor)', args: ['-e', '0'] },
      { label: 'fleetsim --help', args: [main, '--help'], targetS: 0.15 },
      { label: 'fleetsim run --help', args: [main, 'run', '--help'], targetS: 0.15 },
      { label: 'fleetsim check scenarios/default.yaml', args: [main, 'check', 'scenarios/default.yaml'], targetS: 0.3 },
      // What `npm start` and `npm run bench` run first: with dist/ current, the build's own check (scripts/build/stamp.mjs).
      { label: 'build when dist/ is current', args: [join(repoRoot, 'scripts/build/build.mjs')] },
    ];
    const scratch = mkdtempSync(join(os.tmpdir(), 'fleetsim-startup-'));
    const loadBefore = os.loadavg()[0];
    const samples: Sample[][] = cases.map(() => []);
    try {
      for (const c of cases) sample(repoRoot, c.args, scratch); // warm the file cache; not counted
      for (let i = 0; i < n; i++) {
        cases.forEach((c, k) => samples[k].push(sample(repoRoot, c.args, scratch)));
        log(`startup: round ${i + 1}/${n}`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const loadAfter = os.loadavg()[0];
    // Which bin was timed: the bundle (npm run build) or tsc's own main.js (a build without its bundle step).
    const bundled = readFileSync(main, 'utf8').includes("'./bundle/main.js'");
    const rows: Row[] = [];
    const targets: TargetCheck[] = [];
    cases.forEach((c, k) => {
      const wall = samples[k].map((x) => x.wallS);
      const cpu = samples[k].map((x) => x.cpuS).filter((x): x is number => x !== null);
      const med = median(wall);
      const pass = c.targetS === undefined ? null : med <= c.targetS;
      rows.push({ case: c.label, runs: n, medianS: round(med, 3), minS: round(Math.min(...wall), 3), maxS: round(Math.max(...wall), 3), cpuMedianS: cpu.length > 0 ? round(median(cpu), 3) : null, targetS: c.targetS ?? null, pass });
      if (c.targetS !== undefined) targets.push({ name: c.label, target: `median wall ≤ ${c.targetS} s`, measured: `${round(med, 3)} s`, pass });
    });
    return {
      rows,
      targets,
      notes: [
        `median of ${n} fresh processes per case, cases interleaved; wall time from spawn to exit (through ${GNU_TIME} when present, which adds about a millisecond); cpuMedianS: user + system seconds of the process, all its threads`,
        `1-minute load average ${round(loadBefore, 2)} before, ${round(loadAfter, 2)} after, on ${os.cpus().length} cores: other work on the machine adds to every figure, the floor included`,
        bundled ? 'bin: the bundle (dist/src/cli/bundle/, scripts/build/bundle.mjs)' : 'bin: tsc output, NOT the bundle (run npm run build to time the bundle)',
      ],
    };
  },
};
