import { Phold, type PholdConfig } from '../pholdModel.js';
import { round, timeBatch } from '../measure.js';
import type { BenchOptions, Row, Suite, SuiteResult } from '../types.js';

const CONFIGS: ReadonlyArray<Omit<PholdConfig, 'seed' | 'lookaheadS'>> = [
  { lps: 1_000, eventsPerLp: 10, remoteFraction: 0.1 },
  { lps: 1_000, eventsPerLp: 10, remoteFraction: 1.0 },
  { lps: 10_000, eventsPerLp: 10, remoteFraction: 0.1 },
  { lps: 10_000, eventsPerLp: 10, remoteFraction: 1.0 },
];

export const pholdSuite: Suite = {
  name: 'phold',
  description: 'PHOLD on the Simulator with seedrandom streams: events/s for remote fractions 0.1 and 1.0',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, log } = options;
    const batch = quick ? 50_000 : 200_000;
    const timing = { timeMs: quick ? 250 : 1500, warmupMs: quick ? 50 : 200 };
    const rows: Row[] = [];
    for (const c of CONFIGS) {
      log(`phold: ${c.lps} LPs, remote ${c.remoteFraction}`);
      const model = new Phold({ ...c, lookaheadS: 0.1, seed: 7 });
      model.run(quick ? 200_000 : 4 * c.lps * c.eventsPerLp + 1_000_000);
      const t = await timeBatch(`phold ${c.lps} ${c.remoteFraction}`, batch, () => model.run(batch), timing);
      rows.push({
        lps: c.lps,
        eventsPerLp: c.eventsPerLp,
        pending: model.sim.pending,
        remoteFraction: c.remoteFraction,
        nsPerEvent: round(t.nsPerOp),
        eventsPerS: Math.round(1e9 / t.nsPerOp),
        rmePct: round(t.rmePct),
      });
    }
    return {
      rows,
      notes: ['each event draws 2-3 seedrandom (xor4096) numbers and one Math.log; lookahead 0.1 s + Exp(1) delay'],
    };
  },
};
