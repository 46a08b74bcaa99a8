import { bestOf } from '../isolate.js';
import { round } from '../measure.js';
import type { PholdConfig } from '../pholdModel.js';
import type { BenchOptions, Row, Suite, SuiteResult } from '../types.js';

const CONFIGS: ReadonlyArray<Omit<PholdConfig, 'seed' | 'lookaheadS'>> = [
  { lps: 1_000, eventsPerLp: 10, remoteFraction: 0.1 },
  { lps: 1_000, eventsPerLp: 10, remoteFraction: 1.0 },
  { lps: 10_000, eventsPerLp: 10, remoteFraction: 0.1 },
  { lps: 10_000, eventsPerLp: 10, remoteFraction: 1.0 },
  // The scheduling path the model used before Simulator.afterExp (same event times), for comparison.
  { lps: 1_000, eventsPerLp: 10, remoteFraction: 0.1, schedule: 'after' },
];

export const pholdSuite: Suite = {
  name: 'phold',
  description: 'PHOLD on the Simulator with seedrandom streams: events/s for remote fractions 0.1 and 1.0 (and the after() path for comparison)',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, log } = options;
    const repeats = quick ? 1 : 2;
    const batch = quick ? 50_000 : 200_000;
    const timing = { timeMs: quick ? 300 : 1500, warmupMs: quick ? 50 : 200 };
    const rows: Row[] = [];
    for (const c of CONFIGS) {
      const schedule = c.schedule ?? 'afterExp';
      log(`phold: ${c.lps} LPs, remote ${c.remoteFraction}, ${schedule}`);
      const pending = c.lps * c.eventsPerLp;
      const warmupEvents = quick ? 200_000 : 4 * pending + 1_000_000;
      const t = await bestOf(repeats, 'phold', { config: { ...c, lookaheadS: 0.1, seed: 7 }, warmupEvents, batch, timing });
      rows.push({
        lps: c.lps,
        pending,
        remoteFraction: c.remoteFraction,
        schedule,
        nsPerEvent: round(t.nsPerOp),
        eventsPerS: Math.round(1e9 / t.nsPerOp),
        spreadPct: round(t.spreadPct),
      });
    }
    return {
      rows,
      notes: [
        `${10} events per LP; each event draws 2-3 seedrandom (xor4096) numbers and one log; delay 0.1 s lookahead + Exp(1)`,
        'schedule afterExp: uniforms through nextInto(), the delay drawn and scheduled by sim.afterExp() (no double crosses a call); after: next() and after(0.1 + exponential(1).sample(stream)), the same event times',
        `median sample of a tinybench run in a fresh process, best of ${repeats}`,
      ],
    };
  },
};
