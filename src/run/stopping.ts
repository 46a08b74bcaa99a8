import { parseDuration, parsePercent } from '../scenario/index.js';
import { RunInputError } from './context.js';
import { intervalOfPresent } from './intervals.js';
import type { ReplicationSummary } from './types.js';

/**
 * Sequential stopping: keep adding replications until every design's 95% half-width of a metric is
 * under a target, or a cap is reached. Checkpoints depend only on the results so far (never on the
 * worker count), so a stopped run is as reproducible as a fixed one.
 */
export type StoppingMetric = 'availability' | 'capacity' | 'p99';

export interface StoppingRule {
  readonly metric: StoppingMetric;
  /** Same unit as the metric: a ratio for availability and capacity, seconds for p99. */
  readonly targetHalfWidth: number;
  readonly maxReplications: number;
}

const METRICS: readonly StoppingMetric[] = ['availability', 'capacity', 'p99'];

/** "availability:0.0001", "availability:0.01%", "capacity:0.001", "p99:5ms". */
export function parseTargetCi(text: string): { metric: StoppingMetric; targetHalfWidth: number } {
  const m = /^([a-z0-9]+):(.+)$/i.exec(text.trim());
  if (!m) throw new RunInputError(`--target-ci: expected METRIC:HALF_WIDTH such as availability:0.0001 or p99:5ms, got "${text}"`);
  const metric = m[1] as StoppingMetric;
  if (!METRICS.includes(metric)) throw new RunInputError(`--target-ci: unknown metric "${m[1]}"; use one of ${METRICS.join(', ')}`);
  const raw = m[2].trim();
  let value: number;
  if (metric === 'p99') {
    const d = parseDuration(raw);
    if (!d.ok) throw new RunInputError(`--target-ci p99: "${raw}" is not a duration (e.g. 5ms)`);
    value = d.value;
  } else if (raw.endsWith('%')) {
    const p = parsePercent(raw);
    if (!p.ok) throw new RunInputError(`--target-ci ${metric}: "${raw}" is not a percentage`);
    value = p.value;
  } else {
    value = Number(raw);
  }
  if (!(value > 0) || !Number.isFinite(value)) throw new RunInputError(`--target-ci: the half-width must be a positive number, got "${raw}"`);
  return { metric, targetHalfWidth: value };
}

/** Each design's current half-width (Infinity while it cannot be computed). */
export function halfWidths(metric: StoppingMetric, summaries: readonly ReplicationSummary[]): number[] {
  const designs = summaries[0]?.designs.length ?? 0;
  return Array.from({ length: designs }, (_, d) => {
    const values = summaries.map((s) => {
      const x = s.designs[d];
      return metric === 'availability' ? x.availability : metric === 'capacity' ? x.readyCapacity : (x.traffic?.latency.p99S ?? null);
    });
    return intervalOfPresent(values).halfWidth ?? Number.POSITIVE_INFINITY;
  });
}

/**
 * How many replications to have at the next check: the half-width shrinks as 1/√n, so aim at
 * n·(h/target)² with 10% to spare, growing at least by half and at most fourfold per step.
 */
export function nextCheckpoint(n: number, worstHalfWidth: number, target: number, cap: number): number {
  const predicted = Number.isFinite(worstHalfWidth) ? Math.ceil(n * (worstHalfWidth / target) ** 2 * 1.1) : 2 * n;
  return Math.min(cap, Math.max(n + Math.ceil(n / 2), Math.min(4 * n, predicted)));
}
