import { monthlyCost, type CostCategory, type CostUsage, PriceCatalog, type PriceCatalogData } from '../cost/index.js';
import { LogHistogram } from '../engine/stats/logHistogram.js';
import { resolveFleet } from '../model/fleet/resolveFleet.js';
import type { Fleet } from '../model/fleet/types.js';
import { generateFaultSchedule } from '../model/faults/schedule.js';
import { resolveDesigns, type ResolvedDesign } from '../model/placement/resolveDesigns.js';
import { runReplication } from '../model/runtime/replication.js';
import { parseScenario, type LatencyTarget, type Scenario } from '../scenario/index.js';

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

export type PreparedConfig =
  | { readonly ok: true; readonly scenario: Scenario; readonly fleet: Fleet; readonly designs: readonly ResolvedDesign[] }
  | { readonly ok: false; readonly error: string };

/** Parse and resolve a config's scenario text once; a config the knobs made invalid says why. */
export function prepareConfig(text: string, fileName: string): PreparedConfig {
  const loaded = parseScenario(text, fileName);
  if (!loaded.ok) return { ok: false, error: loaded.errors.filter((e) => e.severity === 'error').map((e) => `${e.path}: ${e.message}`).join('; ') };
  try {
    const fleet = resolveFleet(loaded.scenario);
    return { ok: true, scenario: loaded.scenario, fleet, designs: resolveDesigns(loaded.scenario, fleet) };
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
  const { scenario, fleet } = cfg;
  const d = scenario.designs.findIndex((x) => x.name === design);
  if (d < 0) throw new RangeError(`no design "${design}"`);
  const { horizonS, warmupS, seed } = scenario.run;
  const faults = generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS, seed, replication });
  const r = runReplication({ fleet, clusters: scenario.clusters, design: scenario.designs[d], resolved: cfg.designs[d], faults, seed, replication, horizonS, warmupS, scenario });
  const t = r.traffic!;
  const bill = monthlyCost({ scenario, fleet, resolved: cfg.designs[d], observation: r, catalog: cost.catalog, usage: cost.usage });
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

