import { meanConfidence, mmcLimitProblem, mmcMetrics, runMmc } from '../../run/queueingCheck.js';
import { table } from '../../report/terminalTable.js';
import { UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';

interface MmcOptions {
  lambda?: number;
  mu?: number;
  servers?: number;
  customers: number;
  replications: number;
  seed: string;
  output: string;
}

/** The engine's M/M/c validation: simulated queue beside the Erlang C closed form. */
export function mmcAction(opts: MmcOptions) {
  const custom = [opts.lambda, opts.mu, opts.servers].filter((x) => x !== undefined).length;
  if (custom !== 0 && custom !== 3) throw new UserError('give all of --lambda, --mu and --servers, or none');
  const limits = mmcLimitProblem({ customers: opts.customers, replications: opts.replications, servers: opts.servers });
  if (limits !== null) throw new UserError(limits);
  const queues =
    custom === 3
      ? [{ arrivalRatePerS: opts.lambda!, serviceRatePerS: opts.mu!, servers: opts.servers! }]
      : [
          { arrivalRatePerS: 0.7, serviceRatePerS: 1, servers: 1 },
          { arrivalRatePerS: 8, serviceRatePerS: 1, servers: 10 },
          { arrivalRatePerS: 47.5, serviceRatePerS: 1, servers: 50 },
        ];
  const rows = queues.map((q) => {
    const exact = mmcMetrics(q);
    if (exact.utilization >= 1) throw new UserError(`utilization ${exact.utilization.toFixed(2)} >= 1: the queue grows without bound`);
    const pWait: number[] = [];
    const wait: number[] = [];
    for (let r = 0; r < opts.replications; r++) {
      const res = runMmc({ ...q, seed: opts.seed, replication: r, warmupCustomers: Math.ceil(opts.customers / 10), customers: opts.customers });
      pWait.push(res.pWait);
      wait.push(res.meanWaitS);
    }
    return { queue: q, exact, pWait: meanConfidence(pWait), meanWaitS: meanConfidence(wait) };
  });
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  if (output !== 'table') {
    process.stdout.write(structuredText({ seed: opts.seed, replications: opts.replications, customers: opts.customers, queues: rows }, output));
    return;
  }
  const inside = (ci: { lower: number; upper: number }, x: number) => (x >= ci.lower && x <= ci.upper ? 'yes' : 'NO');
  process.stdout.write(
    `M/M/c on the fleetsim engine vs Erlang C (${opts.replications} replications × ${opts.customers} customers, seed ${opts.seed})\n\n` +
      table(
        ['λ/s', 'μ/s', 'c', 'ρ', 'P(wait) sim ±95%', 'Erlang C', 'in CI', 'mean wait s sim ±95%', 'exact s', 'in CI'],
        rows.map((r) => [
          String(r.queue.arrivalRatePerS),
          String(r.queue.serviceRatePerS),
          String(r.queue.servers),
          r.exact.utilization.toFixed(3),
          `${r.pWait.mean.toFixed(4)} ± ${r.pWait.halfWidth.toFixed(4)}`,
          r.exact.pWait.toFixed(4),
          inside(r.pWait, r.exact.pWait),
          `${r.meanWaitS.mean.toFixed(4)} ± ${r.meanWaitS.halfWidth.toFixed(4)}`,
          r.exact.meanWaitS.toFixed(4),
          inside(r.meanWaitS, r.exact.meanWaitS),
        ]),
      ) +
      '\n',
  );
}
