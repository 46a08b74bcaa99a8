import type { CostCategory, CostUsage, PriceCatalog, PriceCatalogData } from '../cost/index.js';
import { LogHistogram } from '../engine/stats/logHistogram.js';
import { resolveScenario, ScenarioInvalidError, simulateAndCost, validateScenario, type ResolvedScenario } from '../run/pipeline.js';
import type { LatencyTarget } from '../scenario/index.js';

/** What one replication of one point leaves behind: JSON-safe (null, never NaN). */
export interface Sample {
  /** Request-weighted availability after warm-up. */
  readonly availability: number;
  /** The SLO's latency percentiles, in the order of its targets; null when no request succeeded. */
  readonly latencyS: readonly (number | null)[];
  readonly monthlyUsd: number;
  readonly byCategory: Readonly<Record<CostCategory, number>>;
  readonly perMillionRequestsUsd: number | null;
  readonly idleUnallocatedUsd: number;
  /** Requests measured after warm-up (absent in files written before it was recorded). */
  readonly requests?: number;
}

export type PreparedConfig = ({ readonly ok: true } & ResolvedScenario) | { readonly ok: false; readonly error: string };

/** Parse and resolve a config's scenario text once (the pipeline's first stages); a config the knobs made invalid says why. */
export function prepareConfig(text: string, fileName: string): PreparedConfig {
  let scenario;
  try {
    scenario = validateScenario(text, fileName);
  } catch (err) {
    if (!(err instanceof ScenarioInvalidError)) throw err;
    return { ok: false, error: err.errors.filter((e) => e.severity === 'error').map((e) => `${e.path}: ${e.message}`).join('; ') };
  }
  try {
    return { ok: true, ...resolveScenario(scenario) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export interface CostData {
  readonly catalog: PriceCatalogData;
  readonly usage: CostUsage;
}

/**
 * One replication of one design of a prepared config: faults drawn from (seed, replication) as in
 * `run`, the traffic model on, the month's bill from the measured quantities. Deterministic in its
 * inputs alone, which is what lets any worker compute any job.
 */
export function evaluateSample(cfg: Extract<PreparedConfig, { ok: true }>, design: string, replication: number, cost: { catalog: PriceCatalog; usage: CostUsage }, latency: readonly LatencyTarget[]): Sample {
  const d = cfg.scenario.designs.findIndex((x) => x.name === design);
  if (d < 0) throw new RangeError(`no design "${design}"`);
  const { result, bill } = simulateAndCost(cfg, d, replication, cost);
  const t = result.traffic!;
  return {
    availability: t.availability,
    latencyS: latency.map((l) => {
      const src = l.userRegion === undefined ? t.latency : t.byUserRegion.find((u) => u.name === l.userRegion)?.latency;
      if (src === undefined) return null;
      const q = LogHistogram.from(src.histogram).quantile(l.percentile / 100);
      return Number.isFinite(q) ? q : null;
    }),
    monthlyUsd: bill.totalUsd,
    byCategory: bill.byCategory,
    perMillionRequestsUsd: bill.perMillionRequestsUsd,
    idleUnallocatedUsd: bill.idle.unallocatedUsd,
    requests: t.requests,
  };
}

