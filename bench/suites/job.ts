import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round } from '../measure.js';
import { alternate, fleetsim, median, summary } from '../processRuns.js';
import type { BenchOptions, Row, Suite, SuiteResult, TargetCheck } from '../types.js';

/**
 * Two copies of one single-threaded run at once, in separate processes: the wall time until both
 * end. Two copies share nothing, so 2 × (one alone) / (both together) is the most any layout can gain
 * from a second core on this machine for this work (shared caches, memory bandwidth, or vCPUs that
 * are hyperthreads of one core lower it below 2): the ceiling the pool's speed-up is read against.
 */
async function pairWallS(repoRoot: string, args: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    [0, 1].map(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [join(repoRoot, 'dist/src/cli/main.js'), ...args], { cwd: repoRoot, stdio: 'ignore' });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fleetsim ${args.join(' ')} exited ${code}`))));
        }),
    ),
  );
  return (performance.now() - t0) / 1000;
}

/** 50 headroom values × 2 designs = the 100-point grid of the default scenario, a week per replication. */
export const PLAN_GRID_HORIZON = '7d';
function hundredPointScenario(defaultText: string): string {
  const at = defaultText.search(/^plan:/m);
  if (at < 0) throw new Error('scenarios/default.yaml has no plan section');
  const values = Array.from({ length: 50 }, (_, i) => round(0.05 + 0.01 * i, 2));
  return `${defaultText.slice(0, at)}plan:
  knobs:
    - name: headroom
      path: designs[*].sizing.headroom
      values: [${values.join(', ')}]
  designs: [replicated, segmented]
  replications: { min: 2, max: 2 }
  horizon: ${PLAN_GRID_HORIZON}
`;
}

/**
 * Issue 18's parallel-runs targets. The main job (`npm start`'s run: scenarios/default.yaml, 3
 * designs × 10 replications × 365 days) with `--workers 0`, with the default layout and with the
 * pool forced (`--workers 2`), without the report folder, and with it for `--workers 0` and the
 * default; the pool's speed-up over `--workers 0` (target ≥ 1.6× on 2 cores), the default's (it
 * must not lose: small runs choose one thread) and its wall time (target ≤ 1.0 s). Then `fleetsim plan` on a 100-point grid of the default
 * scenario, in points per second, on this thread and on the default worker count.
 */
export const jobSuite: Suite = {
  name: 'job',
  description: 'Main job (npm start\'s run) with --workers 0, the default layout and the pool (--workers 2), speed-ups; plan points per second on a 100-point grid (issue 18)',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, repoRoot } = options;
    const log = (line: string) => options.log(`job: ${line}`);
    const repeats = quick ? 3 : 5;
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-bench-job-'));
    try {
      const run = (args: readonly string[]) => fleetsim(repoRoot, args);
      const job = ['run', 'scenarios/default.yaml'];
      const noReport = [...job, '--no-report'];
      const report = [...job, '--report-dir', join(dir, 'reports')];
      // The default layout (one thread for the main job since autoLayout weighs a thread's cold
      // start) and a pool forced with --workers 2 (two workers, this thread coordinating).
      const [seqNo, autoNo, poolNo, seqRep, autoRep] = alternate([[...noReport, '--workers', '0'], noReport, [...noReport, '--workers', '2'], [...report, '--workers', '0'], report], repeats, run, log).map(summary);

      const pairs: number[] = [];
      for (let k = 0; k < (quick ? 1 : 3); k++) {
        pairs.push(await pairWallS(repoRoot, [...noReport, '--workers', '0']));
        log(`two copies of --workers 0 at once: ${pairs.at(-1)!.toFixed(2)} s wall`);
      }
      const pairS = median(pairs);
      const ceiling = (2 * seqNo.wallS) / pairS;

      const planFile = join(dir, 'plan-100.yaml');
      writeFileSync(planFile, hundredPointScenario(readFileSync(join(repoRoot, 'scenarios/default.yaml'), 'utf8')));
      const plan = (extra: readonly string[]) => ['plan', planFile, '--search', 'grid', '--output', 'json', '--fresh', '--journal', join(dir, `journal-${Math.random()}.jsonl`), ...extra];
      const planRuns = alternate([plan(['--workers', '0']), plan([]), plan(['--workers', '2'])], quick ? 1 : 3, run, log);
      const points = (JSON.parse(planRuns[0][0].stdout) as { evaluatedPoints: number }).evaluatedPoints;
      const [planSeq, planAuto, planPool] = planRuns.map(summary);

      const rows: Row[] = [
        { case: 'main job --workers 0 --no-report', wallS: round(seqNo.wallS, 2), cpuS: seqNo.cpuS === null ? null : round(seqNo.cpuS, 2) },
        { case: 'main job (default layout) --no-report', wallS: round(autoNo.wallS, 2), cpuS: autoNo.cpuS === null ? null : round(autoNo.cpuS, 2) },
        { case: 'main job --workers 2 --no-report (the pool)', wallS: round(poolNo.wallS, 2), cpuS: poolNo.cpuS === null ? null : round(poolNo.cpuS, 2) },
        { case: 'two copies of main job --workers 0 at once (the ceiling)', wallS: round(pairS, 2), cpuS: null },
        { case: 'main job --workers 0, with report', wallS: round(seqRep.wallS, 2), cpuS: seqRep.cpuS === null ? null : round(seqRep.cpuS, 2) },
        { case: 'main job (default layout), with report', wallS: round(autoRep.wallS, 2), cpuS: autoRep.cpuS === null ? null : round(autoRep.cpuS, 2) },
        { case: `plan: ${points}-point grid, ${PLAN_GRID_HORIZON} × 2 replications, --workers 0`, wallS: round(planSeq.wallS, 2), cpuS: planSeq.cpuS === null ? null : round(planSeq.cpuS, 2), pointsPerS: round(points / planSeq.wallS, 1) },
        { case: `plan: ${points}-point grid, ${PLAN_GRID_HORIZON} × 2 replications, default workers`, wallS: round(planAuto.wallS, 2), cpuS: planAuto.cpuS === null ? null : round(planAuto.cpuS, 2), pointsPerS: round(points / planAuto.wallS, 1) },
        { case: `plan: ${points}-point grid, ${PLAN_GRID_HORIZON} × 2 replications, --workers 2`, wallS: round(planPool.wallS, 2), cpuS: planPool.cpuS === null ? null : round(planPool.cpuS, 2), pointsPerS: round(points / planPool.wallS, 1) },
      ];
      const speedup = seqNo.wallS / poolNo.wallS;
      const autoSpeedup = seqNo.wallS / autoNo.wallS;
      const targets: TargetCheck[] = [
        { name: 'main job: the pool (--workers 2) vs --workers 0 (--no-report)', target: '>= 1.6x', measured: `${round(speedup, 2)}x`, pass: speedup >= 1.6 },
        // Small runs choose one thread by themselves: the default is not slower than --workers 0 (5% for noise).
        { name: 'main job: default layout vs --workers 0 (--no-report)', target: '>= 0.95x', measured: `${round(autoSpeedup, 2)}x`, pass: autoSpeedup >= 0.95 },
        { name: 'main job wall time (default, with report)', target: '<= 1.0 s', measured: `${round(autoRep.wallS, 2)} s`, pass: autoRep.wallS <= 1.0 },
      ];
      return {
        rows,
        figures: { planPointsPerS: round(points / planAuto.wallS, 1), planSpeedup: round(planSeq.wallS / planPool.wallS, 2), mainJobSpeedup: round(speedup, 2), defaultLayoutSpeedup: round(autoSpeedup, 2), twoCoreCeiling: round(ceiling, 2) },
        targets,
        notes: [
          `medians of ${repeats} fresh processes per main-job case (plan: ${quick ? 1 : 3}), cases alternating; wall includes Node start-up and module loading, as a user feels it`,
          `two copies at once: ${round(pairS, 2)} s for two runs against ${round(seqNo.wallS, 2)} s for one, so no layout can be more than ${round(ceiling, 2)}x faster than --workers 0 on this machine for this work`,
          'cpuS: user + system CPU of the process, all threads (from /proc); the pool\'s extra CPU over --workers 0 is its overhead (each thread starts cold: docs/run.md "Worker layout")',
          `plan grid: the default scenario's headroom knob at 50 values (0.05…0.54) × replicated and segmented = 100 points, ${PLAN_GRID_HORIZON} per replication (a year would make the suite minutes long), 2 replications each; points per second include process start-up`,
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
