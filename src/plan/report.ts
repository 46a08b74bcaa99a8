import { nines, pricePerNine, type CostCategory, type CostInterval } from '../cost/index.js';
import { edgeWarnings, type KnobEdgeSource, type PlanWarning } from './edges.js';
import type { SearchOutcome } from './search.js';
import type { KnobValue, Point } from './space.js';
import type { PlanSpec } from './spec.js';
import { paretoFrontier, type PointStatus } from './stats.js';

/** fleetsim plan's answer, JSON-safe and stable (docs/plan.md). */
export interface PlanReport {
  readonly schema: 'fleetsim/plan';
  readonly schemaVersion: 1;
  readonly scenario: string;
  readonly strategy: 'grid' | 'adaptive';
  readonly slo: { readonly availabilityRatio: number; readonly latency: readonly { readonly percentile: number; readonly maxS: number; readonly userRegion: string | null }[] };
  readonly knobs: readonly { readonly name: string; readonly values: readonly KnobValue[]; readonly monotone: boolean }[];
  readonly designs: readonly string[];
  readonly spacePoints: number;
  readonly evaluatedPoints: number;
  readonly jobsRun: number;
  readonly jobsReused: number;
  readonly replications: { readonly min: number; readonly max: number };
  readonly interrupted: boolean;
  readonly catalogVersion: string;
  /** The cheapest point meeting the SLO at 95% confidence; null if none was found. */
  readonly optimum: PointRow | null;
  /** The optimum sits on the edge of a knob's range and the objective improves towards it: widen the range (docs/plan.md). */
  readonly warnings: readonly PlanWarning[];
  /** Every evaluated point, cheapest first. */
  readonly points: readonly PointRow[];
}

export interface PointRow {
  readonly id: number;
  readonly values: Readonly<Record<string, KnobValue>>;
  readonly design: string;
  readonly replications: number;
  readonly status: PointStatus;
  readonly availability: CostInterval;
  readonly latencyS: readonly CostInterval[];
  readonly monthlyUsd: CostInterval;
  readonly perMillionRequestsUsd: number | null;
  readonly byCategory: Readonly<Record<CostCategory, number>> | null;
  readonly onFrontier: boolean;
  /** Why it misses the SLO at 95% confidence (empty when met). */
  readonly misses: readonly string[];
  /** Monthly cost minus the optimum's (null without an optimum). */
  readonly extraUsdVsOptimum: number | null;
  /** Nines of mean availability minus the optimum's. */
  readonly ninesVsOptimum: number | null;
  /** (cost − optimum's) / (nines − optimum's): what each extra nine costs from the optimum; null when dominated or equal. */
  readonly usdPerNineVsOptimum: number | null;
}

/** What the report reads of the space: a Space, or the frame a merge of plan shards rebuilds. */
export interface ReportSpace {
  readonly spec: Pick<PlanSpec, 'slo' | 'designs' | 'minReplications' | 'maxReplications'> & { readonly knobs: readonly { readonly name: string; readonly values: readonly KnobValue[]; readonly monotone: boolean }[] };
  readonly pointCount: number;
  point(id: number): Point;
  valueIndices(config: number): number[];
}

export function buildReport(space: ReportSpace, outcome: SearchOutcome, meta: { scenario: string; catalogVersion: string; edgeSources: readonly (KnobEdgeSource | null)[] }): PlanReport {
  const spec = space.spec;
  const valid = [...outcome.stats.entries()].filter(([, s]) => s.status !== 'invalid' && s.n >= 2 && s.availability.mean !== null);
  const frontier = new Set(paretoFrontier(valid.map(([id, s]) => ({ id, costUsd: s.monthlyUsd.mean!, availability: s.availability.mean! }))).map((p) => p.id));
  const opt = outcome.optimum !== null ? outcome.stats.get(outcome.optimum)! : null;
  const finiteNines = (a: number) => Math.min(nines(Math.min(1, Math.max(0, a))), 12);
  const rows = [...outcome.stats.entries()].map(([id, s]): PointRow => {
    const p = space.point(id);
    const idx = space.valueIndices(p.config);
    const mine = s.availability.mean;
    const cost = s.monthlyUsd.mean;
    const vsOpt = opt !== null && mine !== null && cost !== null && id !== outcome.optimum;
    return {
      id,
      values: Object.fromEntries(spec.knobs.map((k, j) => [k.name, k.values[idx[j]]])),
      design: p.design,
      replications: s.n,
      status: s.status,
      availability: s.availability,
      latencyS: s.latencyS,
      monthlyUsd: s.monthlyUsd,
      perMillionRequestsUsd: s.perMillionRequestsUsd,
      byCategory: s.byCategory,
      onFrontier: frontier.has(id),
      misses: s.misses,
      extraUsdVsOptimum: vsOpt ? cost - opt.monthlyUsd.mean! : null,
      ninesVsOptimum: vsOpt ? finiteNines(mine) - finiteNines(opt.availability.mean!) : null,
      usdPerNineVsOptimum: vsOpt ? buysNines(pricePerNine({ monthlyUsd: opt.monthlyUsd.mean!, availability: opt.availability.mean! }, { monthlyUsd: cost, availability: mine })) : null,
    };
  });
  rows.sort((a, b) => (a.monthlyUsd.mean ?? Infinity) - (b.monthlyUsd.mean ?? Infinity) || a.id - b.id);
  return {
    schema: 'fleetsim/plan',
    schemaVersion: 1,
    scenario: meta.scenario,
    strategy: outcome.strategy,
    slo: { availabilityRatio: spec.slo.availabilityRatio, latency: spec.slo.latency.map((l) => ({ percentile: l.percentile, maxS: l.maxS, userRegion: l.userRegion ?? null })) },
    knobs: spec.knobs.map((k) => ({ name: k.name, values: k.values, monotone: k.monotone })),
    designs: spec.designs,
    spacePoints: space.pointCount,
    evaluatedPoints: outcome.stats.size,
    jobsRun: outcome.jobsRun,
    jobsReused: outcome.jobsReused,
    replications: { min: spec.minReplications, max: spec.maxReplications },
    interrupted: outcome.interrupted,
    catalogVersion: meta.catalogVersion,
    optimum: rows.find((r) => r.id === outcome.optimum) ?? null,
    warnings: edgeWarnings({ knobs: spec.knobs, designs: spec.designs, stats: outcome.stats, optimum: outcome.optimum, sources: meta.edgeSources }),
    points: rows,
  };
}

/** A negative price per nine means one of the two is dominated (dearer and less available): no trade to price. */
function buysNines(usdPerNine: number | null): number | null {
  return usdPerNine !== null && usdPerNine > 0 ? usdPerNine : null;
}
