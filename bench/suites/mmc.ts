import { erlangC } from '../../src/model/queueing/erlangC.js';
import { bestOf } from '../isolate.js';
import { round } from '../measure.js';
import type { BenchOptions, Row, Suite, SuiteResult, TargetCheck } from '../types.js';

const CONFIGS = [
  { servers: 1, arrivalRatePerS: 0.5, serviceRatePerS: 1 },
  { servers: 10, arrivalRatePerS: 9, serviceRatePerS: 1 },
  { servers: 100, arrivalRatePerS: 95, serviceRatePerS: 1 },
];
/** The goal, for the c = 10, rho = 0.9 queue. */
const TARGET_CUSTOMERS_PER_S = 2_000_000;

/**
 * The request-level M/M/c model (src/model/queueing/mmcRequestLevel.ts) as a whole: two events per
 * customer, two seedrandom draws and two logs, Welford and histogram updates. One call of runMmc
 * per sample, set-up included.
 */
export const mmcSuite: Suite = {
  name: 'mmc',
  description: 'Request-level M/M/c (runMmc): customers/s on one core',
  async run(options: BenchOptions): Promise<SuiteResult> {
    const { quick, log } = options;
    const repeats = quick ? 1 : 2;
    const params = { warmupCustomers: 10_000, customers: quick ? 200_000 : 1_000_000 };
    const timing = { timeMs: quick ? 500 : 3000, warmupMs: quick ? 100 : 500 };
    const rows: Row[] = [];
    for (const c of CONFIGS) {
      log(`mmc: c = ${c.servers}`);
      const t = await bestOf(repeats, 'mmc', { params: { ...c, ...params }, timing });
      const perCall = params.warmupCustomers + params.customers;
      rows.push({
        servers: c.servers,
        utilization: round(c.arrivalRatePerS / (c.servers * c.serviceRatePerS), 3),
        customersPerRun: perCall,
        nsPerCustomer: round(t.nsPerOp),
        customersPerS: Math.round(1e9 / t.nsPerOp),
        eventsPerCustomer: round(t.eventsPerCall / perCall, 3),
        pWait: round(t.pWait, 4),
        // A sanity check that the run simulated the right queue, not a validation (tests do that).
        erlangCPWait: round(erlangC(c.arrivalRatePerS / c.serviceRatePerS, c.servers), 4),
        spreadPct: round(t.spreadPct),
      });
    }
    const rate = rows.find((r) => r.servers === 10)?.customersPerS;
    const targets: TargetCheck[] = [
      {
        name: 'M/M/10 at utilization 0.9, request level, one core',
        target: `>= ${TARGET_CUSTOMERS_PER_S / 1e6} M customers/s`,
        measured: typeof rate === 'number' ? `${round(rate / 1e6, 2)} M customers/s` : 'n/a',
        pass: typeof rate === 'number' ? rate >= TARGET_CUSTOMERS_PER_S : null,
      },
    ];
    return {
      rows,
      targets,
      notes: [
        'a customer counts once it has started service (warm-up and measured customers); each costs about two events',
        "pWait: the last run's fraction of customers who waited, next to Erlang C's value",
        `median sample of a tinybench run in a fresh process, best of ${repeats}`,
      ],
    };
  },
};
