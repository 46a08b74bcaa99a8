import { Bench } from 'tinybench';

export interface BatchTiming {
  /** Median over samples of ns per operation; the figure quoted. */
  nsPerOp: number;
  /** Fastest sample, ns per operation. */
  bestNsPerOp: number;
  /** Relative margin of error of the mean sample (95%), in percent: the run's noise. */
  rmePct: number;
  samples: number;
}

export interface BatchOptions {
  /** Measuring budget in ms (tinybench `time`). */
  timeMs: number;
  /** Warm-up budget in ms before sampling, so the JIT has settled. */
  warmupMs: number;
}

/**
 * Time a function that performs `opsPerCall` operations per call, with tinybench. Each sample is one
 * call, so the timer's resolution and overhead are amortised over a whole batch.
 */
export async function timeBatch(name: string, opsPerCall: number, fn: () => void, opts: BatchOptions): Promise<BatchTiming> {
  const bench = new Bench({ time: opts.timeMs, warmupTime: opts.warmupMs, iterations: 5, warmupIterations: 2, throws: true });
  bench.add(name, fn);
  await bench.run();
  const task = bench.getTask(name);
  const result = task?.result;
  if (!result || !('latency' in result)) throw new Error(`benchmark ${name} produced no statistics (${result?.state ?? 'missing'})`);
  const msToNsPerOp = 1e6 / opsPerCall;
  return {
    nsPerOp: result.latency.p50 * msToNsPerOp,
    bestNsPerOp: result.latency.min * msToNsPerOp,
    rmePct: result.latency.rme,
    samples: result.latency.samplesCount,
  };
}

/** Round for display and JSON: figures carry about three significant digits of meaning anyway. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
