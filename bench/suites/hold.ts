import { compileHold, median, runHold, type CHoldRun } from '../cHold.js';
import { SimulatorHold, warmupHolds } from '../holdModel.js';
import { bestOf } from '../isolate.js';
import { round } from '../measure.js';
import type { BenchOptions, Row, Suite, SuiteResult, TargetCheck } from '../types.js';

const PENDING_SIZES = [1_000, 10_000, 100_000, 1_000_000];
/** The goal: at 10^4 pending, the engine runs at >= 60% of the C loop's rate. */
const TARGET_PENDING = 10_000;
const TARGET_RATIO = 0.6;

/**
 * The hold model at 10^3..10^6 pending events, through the public Simulator API, on the bare
 * EventQueue, and as the same algorithm in C (bench/c/hold.c), so the engine is reported as a
 * fraction of this machine's limit measured in the same run.
 */
export const holdSuite: Suite = {
  name: 'hold',
  description: 'Hold model (pop the minimum, push t + Exp(1)): ns per hold vs a C loop of the same algorithm',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, log } = options;
    const repeats = quick ? 1 : 2;
    const batch = quick ? 50_000 : 200_000;
    const timing = { timeMs: quick ? 300 : 1500, warmupMs: quick ? 50 : 200 };
    const notes: string[] = [];

    const compiled = compileHold(options.repoRoot);
    let c: CHoldRun | null = null;
    let trajectoryMatches: boolean | null = null;
    if ('binary' in compiled) {
      log('hold: running the C loop');
      c = runHold(compiled.binary, quick ? 500_000 : 2_000_000, quick ? 3 : 7, PENDING_SIZES);
      trajectoryMatches = checkSameTrajectory(compiled.binary);
      notes.push(`C loop: ${c.compiler}, -O2; its figure is the median of ${quick ? 3 : 7} rounds`);
      if (!trajectoryMatches) notes.push('WARNING: the C loop did not replay the TS trajectory (final times differ)');
    } else {
      notes.push(`C loop skipped: ${compiled.reason}`);
    }

    const expTs = await bestOf(repeats, 'exp', { batch, timing });
    const expC = c ? median(c.expNsPerDraw) : null;

    const rows: Row[] = [];
    for (const pending of PENDING_SIZES) {
      log(`hold: ${pending} pending`);
      const warm = quick ? Math.max(pending, 200_000) : warmupHolds(pending);
      const sim = await bestOf(repeats, 'holdSimulator', { pending, warmupHolds: warm, batch, timing });
      const queue = await bestOf(repeats, 'holdQueue', { pending, warmupHolds: warm, batch, timing });
      const cFig = c?.figures.find((f) => f.pending === pending);
      const cNs = cFig ? median(cFig.nsPerHold) : null;
      rows.push({
        pending,
        simulatorNsPerHold: round(sim.nsPerOp),
        queueNsPerHold: round(queue.nsPerOp),
        cNsPerHold: cNs === null ? null : round(cNs),
        // Rates compare inversely to times: TS rate / C rate = C ns / TS ns.
        simulatorVsC: cNs === null ? null : round(cNs / sim.nsPerOp, 3),
        queueVsC: cNs === null ? null : round(cNs / queue.nsPerOp, 3),
        // The same ratio with each language's own Exp(1) draw cost taken out: queue and kernel alone.
        simulatorVsCWithoutExp: cNs === null || expC === null ? null : round((cNs - expC) / (sim.nsPerOp - expTs.nsPerOp), 3),
        simulatorSpreadPct: round(sim.spreadPct),
      });
    }
    notes.push(`TS figures: median sample of a tinybench run in a fresh process, best of ${repeats} process(es); spread = (worst - best) / best across them`);
    if (trajectoryMatches) notes.push('check passed: TS and C replay the same trajectory (equal final clock after 1.1 M holds at 1000 pending)');

    const ratio = rows.find((r) => r.pending === TARGET_PENDING)?.simulatorVsC;
    const targets: TargetCheck[] = [
      {
        name: `hold at ${TARGET_PENDING} pending, Simulator API vs C loop`,
        target: `>= ${TARGET_RATIO * 100}% of the C rate`,
        measured: typeof ratio === 'number' ? `${round(ratio * 100)}%` : 'n/a (no C compiler)',
        pass: typeof ratio === 'number' ? ratio >= TARGET_RATIO : null,
      },
    ];
    const figures = {
      expNsPerDrawTs: round(expTs.nsPerOp),
      expNsPerDrawC: expC === null ? null : round(expC),
      sameTrajectoryAsC: trajectoryMatches,
    };
    return { rows, figures, targets, notes };
  },
};

/** Both loops must pop the same events in the same order: compare the final clock bit for bit. */
function checkSameTrajectory(binary: string): boolean {
  const holds = 100_000;
  const pending = 1_000;
  const c = runHold(binary, holds, 1, [pending]).figures[0];
  const ts = new SimulatorHold(pending);
  ts.run(c.warmupHolds + holds);
  return ts.nowS === c.finalTimeS;
}
