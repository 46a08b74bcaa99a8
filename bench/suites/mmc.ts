import { runMmc } from '../../src/model/queueing/mmcRequestLevel.js';
import { round, timeBatch } from '../measure.js';
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
    const customers = quick ? 200_000 : 1_000_000;
    const warmupCustomers = 10_000;
    const timing = { timeMs: quick ? 500 : 4000, warmupMs: quick ? 100 : 500 };
    const rows: Row[] = [];
    for (const c of CONFIGS) {
      log(`mmc: c = ${c.servers}`);
      let replication = 0;
      let pWait = 0;
      let events = 0;
      // A customer counts once it has started service: warm-up plus measured customers.
      const perCall = warmupCustomers + customers;
      const t = await timeBatch(`mmc ${c.servers}`, perCall, () => {
        const r = runMmc({ ...c, seed: 'bench', replication: replication++, warmupCustomers, customers });
        pWait = r.pWait;
        events = r.events;
      }, timing);
      rows.push({
        servers: c.servers,
        utilization: round(c.arrivalRatePerS / (c.servers * c.serviceRatePerS), 3),
        customersPerRun: perCall,
        nsPerCustomer: round(t.nsPerOp),
        customersPerS: Math.round(1e9 / t.nsPerOp),
        eventsPerCustomer: round(events / perCall, 3),
        rmePct: round(t.rmePct),
        lastPWait: round(pWait, 4),
      });
    }
    const target = rows.find((r) => r.servers === 10);
    const rate = typeof target?.customersPerS === 'number' ? target.customersPerS : Number.NaN;
    const targets: TargetCheck[] = [
      {
        name: 'M/M/10 at rho 0.9, request level, one core',
        target: `>= ${TARGET_CUSTOMERS_PER_S / 1e6} M customers/s`,
        measured: `${round(rate / 1e6, 2)} M customers/s`,
        pass: rate >= TARGET_CUSTOMERS_PER_S,
      },
    ];
    return { rows, targets, notes: ['a customer is counted when it starts service; each costs about two events (arrival, departure)'] };
  },
};
