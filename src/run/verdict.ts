import { pricePerNine } from '../cost/nines.js';
import { histogramQuantile, interval } from './intervals.js';
import { humanDuration, minutesInterval, ms, msInterval, percent, percentInterval, signedPercentInterval } from './numberFormat.js';
import type { Comparison, DesignResult, Interval, SloCheck, SloResult, SloStatus, Verdict } from './results.js';
import type { ScenarioInfo, TrafficSummary } from './types.js';

type Slo = NonNullable<ScenarioInfo['slo']>;

/** Met only when the whole 95% interval is on the right side of the target; not met when wholly on the wrong side. */
function status(i: Interval, comparison: '>=' | '<=', target: number): SloStatus {
  if (i.mean === null) return 'unknown';
  if (i.lower === null || i.upper === null) return 'uncertain';
  if (comparison === '>=') return i.lower >= target ? 'met' : i.upper < target ? 'not met' : 'uncertain';
  return i.upper <= target ? 'met' : i.lower > target ? 'not met' : 'uncertain';
}

const SEVERITY: readonly SloStatus[] = ['not met', 'uncertain', 'unknown', 'met'];

/** Shorter than this, a measured window shows nothing about a design (a fault's detection alone takes longer). */
export const MIN_MEASURED_WINDOW_S = 60;

/**
 * Why the measured window cannot support "met" at 95% confidence, or null. Besides a window of
 * less than a minute: with traffic, the rule of three — after N requests without a single failure
 * the 95% upper bound on the failure ratio is 3/N — so fewer than 3 / (1 − target) requests over all
 * replications cannot show the target even if none failed (a 1 ns horizon once came out as "met").
 */
export function measuredWindowProblem(slo: Slo, windowS: number, totalRequests: number | null): string | null {
  if (!(windowS >= MIN_MEASURED_WINDOW_S)) return `the measured window (${humanDuration(Math.max(0, windowS))} after warm-up) is too short to judge the SLO: lengthen run.horizon`;
  const needed = minRequestsToShow(slo.availabilityRatio);
  if (totalRequests !== null && totalRequests < needed) {
    return `the measured window is too short to judge the SLO: ${Math.round(totalRequests).toLocaleString('en-US')} requests were measured, and showing availability ≥ ${percent(slo.availabilityRatio, decimalsOf(slo.availabilityRatio))} with 95% confidence takes at least ${Math.ceil(needed).toLocaleString('en-US')} even with none failing: lengthen run.horizon or add replications`;
  }
  return null;
}

/** Requests (over all replications) without which availability ≥ `target` cannot be shown at 95% confidence, by the rule of three. */
export function minRequestsToShow(target: number): number {
  return 3 / (1 - target);
}

/** `windowS`: measured seconds per replication (horizon − warm-up); a window too short to show anything makes every check unknown. */
export function judgeSlo(slo: Slo, availability: Interval, traffic: readonly TrafficSummary[] | null, windowS = Number.POSITIVE_INFINITY): SloResult {
  const tooShort = measuredWindowProblem(slo, windowS, traffic === null ? null : traffic.reduce((a, t) => a + t.requests, 0)) !== null;
  const judged = (st: SloStatus): SloStatus => (tooShort ? 'unknown' : st);
  const checks: SloCheck[] = [{ what: 'availability', comparison: '>=', target: slo.availabilityRatio, estimate: availability, status: judged(status(availability, '>=', slo.availabilityRatio)) }];
  for (const l of slo.latency) {
    const regions = l.userRegion !== null ? [l.userRegion] : (traffic?.[0]?.byUserRegion.map((u) => u.name) ?? ['all']);
    for (const region of regions) {
      const what = `p${l.percentile} ${region}`;
      if (traffic === null) {
        checks.push({ what, comparison: '<=', target: l.maxS, estimate: interval([]), status: 'unknown' });
        continue;
      }
      const values = traffic
        .map((t) => histogramQuantile(t.byUserRegion.find((u) => u.name === region)?.latency.histogram ?? null, l.percentile / 100))
        .filter((v): v is number => v !== null);
      const estimate = interval(values);
      checks.push({ what, comparison: '<=', target: l.maxS, estimate, status: judged(status(estimate, '<=', l.maxS)) });
    }
  }
  const worst = SEVERITY.find((s) => checks.some((c) => c.status === s)) ?? 'met';
  return { status: worst, checks };
}

function sloText(slo: Slo): string {
  const parts = [`availability ≥ ${percent(slo.availabilityRatio, decimalsOf(slo.availabilityRatio))}`];
  for (const l of slo.latency) parts.push(`p${l.percentile}${l.userRegion ? ` ${l.userRegion}` : ''} ≤ ${ms(l.maxS)}`);
  return parts.join(', ');
}

/** 0.9995 → 2 decimals in percent ("99.95%"); 0.99999 → 3. */
function decimalsOf(ratio: number): number {
  for (let d = 0; d <= 6; d++) if (Math.abs(Number((ratio * 100).toFixed(d)) - ratio * 100) < 1e-9) return d;
  return 6;
}

const list = (names: readonly string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

function failing(d: DesignResult): string {
  const bad = d.slo?.checks.filter((c) => c.status !== 'met') ?? [];
  return bad
    .map((c) => {
      if (c.status === 'unknown') return `${c.what} not measured`;
      const est = c.what === 'availability' ? percentInterval(c.estimate) : msInterval(c.estimate);
      const target = c.what === 'availability' ? percent(c.target, decimalsOf(c.target)) : ms(c.target);
      return `${c.what} ${est} vs ${c.comparison === '>=' ? '≥' : '≤'} ${target} (${c.status})`;
    })
    .join('; ');
}

const monthly = (d: DesignResult): number => d.cost?.monthlyUsd.mean ?? Number.POSITIVE_INFINITY;

function costTie(d: DesignResult, cheapest: DesignResult): boolean {
  const tolerance = Math.max(cheapest.cost?.monthlyUsd.halfWidth ?? 0, 0.005 * monthly(cheapest));
  return monthly(d) - monthly(cheapest) <= tolerance;
}

function usd(x: number): string {
  return `$${x.toLocaleString('en-US', { maximumFractionDigits: x < 100 ? 2 : 0, minimumFractionDigits: x < 100 ? 2 : 0 })}`;
}

/**
 * The plain-language answer: which design, why, with how much confidence. Designs that "meet" the
 * SLO do so with 95% confidence; without cost (results written before the cost model) the most available qualifying design wins.
 */
export function verdictOf(info: ScenarioInfo, designs: readonly DesignResult[], comparisons: readonly Comparison[], replications: number): Verdict {
  const byAvailability = [...designs].sort((a, b) => (b.availability.mean ?? 0) - (a.availability.mean ?? 0));
  const costKnown = designs.every((d) => d.cost !== null);
  const { recommended, headline } = headlineOf(info, designs, comparisons, byAvailability, costKnown);

  const reasons: string[] = [];
  for (const d of designs) {
    const proxy = d.availabilitySource === 'capacity' ? ' (capacity proxy)' : '';
    const sloPart = d.slo ? `; SLO ${d.slo.status}${d.slo.status === 'met' ? '' : `: ${failing(d)}`}` : '';
    reasons.push(`${d.name}: availability ${percentInterval(d.availability)}${proxy}, about ${minutesInterval(d.downtimeMinutesPerMonth)} of downtime a month${sloPart}.`);
  }
  for (const c of comparisons) {
    const i = c.availability;
    const significant = i.lower !== null && i.upper !== null && (i.lower > 0 || i.upper < 0);
    const who = significant ? `${(i.mean ?? 0) > 0 ? c.design : c.baseline} is more available` : 'no significant difference';
    reasons.push(`${c.design} − ${c.baseline}: availability ${signedPercentInterval(i)} (paired over ${i.n} replications with the same faults): ${who}.`);
  }
  const recov = designs.filter((d) => d.recovery.worstRecoveryS !== null);
  if (recov.length > 0) {
    reasons.push(
      `Worst recovery to full capacity after a fault that took pods down: ${recov.map((d) => `${d.name} ${humanDuration(d.recovery.worstRecoveryS)} (${d.recovery.worstFault!.kind} ${d.recovery.worstFault!.target})`).join('; ')}.`,
    );
  }
  const censored = designs.filter((d) => d.recovery.censored > 0);
  if (censored.length > 0) reasons.push(`Faults still not recovered when a replication ended: ${censored.map((d) => `${d.name} ${d.recovery.censored}`).join(', ')}.`);
  if (designs.some((d) => d.availabilitySource === 'capacity')) {
    reasons.push('Availability is a capacity proxy (time with no ready replica plus share of dead endpoints, per service): this build has no traffic model, so latency is not measured.');
  }
  if (!costKnown) reasons.push('These results carry no cost (made before the cost model existed): the cost columns are empty.');
  else reasons.push(...costReasons(designs, comparisons, byAvailability[0]));
  reasons.push(`${replications} replication${replications === 1 ? '' : 's'} of ${humanDuration(info.horizonS - info.warmupS)} each (seed ${info.seed}); intervals are 95% Student-t over replications${replications < 2 ? ' — with one replication there is no interval' : ''}.`);
  return { recommended, headline, reasons };
}

/** The recommendation and the sentence that gives it: against the SLO when there is one, else on availability alone. */
function headlineOf(
  info: ScenarioInfo,
  designs: readonly DesignResult[],
  comparisons: readonly Comparison[],
  byAvailability: readonly DesignResult[],
  costKnown: boolean,
): { recommended: string | null; headline: string } {
  const windowS = info.horizonS - info.warmupS;
  const shortBy = info.slo ? designs.map((d) => measuredWindowProblem(info.slo!, windowS, d.traffic === null ? null : (d.traffic.requests.mean ?? 0) * d.traffic.requests.n)).find((p) => p !== null) : undefined;
  if (info.slo && shortBy !== undefined) return { recommended: null, headline: `No verdict: ${shortBy}.` };
  if (info.slo) {
    const slo = info.slo;
    const met = designs.filter((d) => d.slo?.status === 'met');
    if (met.length > 0) {
      const cheapest = costKnown ? [...met].sort((a, b) => monthly(a) - monthly(b))[0] : null;
      // Costs that cannot be told apart (within the cheaper one's interval, or 0.5%) are a tie:
      // among tied designs the more available one wins.
      const tied = cheapest ? met.filter((d) => costTie(d, cheapest)) : [];
      const pick = cheapest ? byAvailability.find((d) => tied.includes(d))! : byAvailability.find((d) => met.includes(d))!;
      let headline: string;
      if (met.length === 1) headline = `${pick.name}: the only design that meets the SLO (${sloText(slo)}) with 95% confidence.`;
      else if (costKnown && tied.length > 1)
        headline = `${pick.name}: ${list(tied.map((d) => d.name))} meet the SLO (${sloText(slo)}) with 95% confidence at the same cost (${usd(monthly(cheapest!))} a month); ${pick.name} is the most available.`;
      else if (costKnown) headline = `${pick.name}: the cheapest of the ${met.length} designs that meet the SLO (${sloText(slo)}) with 95% confidence (${usd(monthly(pick))} a month).`;
      else headline = `${pick.name}: ${list(met.map((d) => d.name))} ${met.length === 2 ? 'both' : 'all'} meet the SLO (${sloText(slo)}) with 95% confidence; ${pick.name} is the most available. Cost is not modelled yet, so weigh price before choosing.`;
      return { recommended: pick.name, headline };
    }
    const open = designs.filter((d) => d.slo?.status === 'uncertain' || d.slo?.status === 'unknown');
    const headline =
      open.length > 0
        ? `No design is shown to meet the SLO (${sloText(slo)}) with 95% confidence: ${list(open.map((d) => d.name))} ${open.length === 1 ? 'is' : 'are'} too close to call or not measured; add replications (--target-ci) before deciding.`
        : `No design meets the SLO (${sloText(slo)}). The closest is ${byAvailability[0].name} (availability ${percentInterval(byAvailability[0].availability)}).`;
    return { recommended: null, headline };
  }
  const best = byAvailability[0];
  const clear = comparisons.every((c) => {
    const i = c.availability;
    return i.lower !== null && i.upper !== null && (i.lower > 0 || i.upper < 0);
  });
  if (designs.length === 1 || clear) {
    return { recommended: best.name, headline: `${best.name} is the most available design (${percentInterval(best.availability)}). The scenario sets no SLO (run.slo), so nothing was judged against a target.` };
  }
  return { recommended: null, headline: `The designs are not distinguishable on availability at 95% confidence; the scenario sets no SLO (run.slo). Add replications or decide on other grounds.` };
}

/** What each design costs, and the price of each extra nine between the most available design (`best`) and each other one. */
function costReasons(designs: readonly DesignResult[], comparisons: readonly Comparison[], best: DesignResult): string[] {
  const reasons: string[] = [];
  for (const d of designs) {
    const c = d.cost!;
    const top = [...c.breakdown].sort((a, b) => b.monthlyUsd - a.monthlyUsd).filter((b) => b.monthlyUsd > 0).slice(0, 3);
    reasons.push(`${d.name} costs ${usd(monthly(d))} ± ${usd(c.monthlyUsd.halfWidth ?? 0)} a month (${top.map((b) => `${b.category} ${usd(b.monthlyUsd)}`).join(', ')}); idle node capacity ${usd(c.idle.unallocatedUsd)}.`);
  }
  for (const d of designs) {
    if (d === best) continue;
    if (d.availability.mean === null || best.availability.mean === null) continue;
    const price = pricePerNine({ monthlyUsd: monthly(d), availability: d.availability.mean }, { monthlyUsd: monthly(best), availability: best.availability.mean });
    if (price === null) continue;
    const extra = monthly(best) - monthly(d);
    const pair = comparisons.find((c) => (c.design === d.name && c.baseline === best.name) || (c.design === best.name && c.baseline === d.name));
    const i = pair?.availability;
    const significant = i !== undefined && i.lower !== null && i.upper !== null && (i.lower > 0 || i.upper < 0);
    if (!significant) {
      reasons.push(`${best.name} and ${d.name} differ by ${usd(Math.abs(extra))} a month, but not significantly in availability: no price per nine can be quoted.`);
      continue;
    }
    reasons.push(
      Math.abs(extra) < 0.005 * Math.max(monthly(best), 1)
        ? `${best.name}'s extra availability over ${d.name} costs nothing more a month.`
        : `${best.name} costs ${usd(Math.abs(extra))} a month ${extra > 0 ? 'more' : 'less'} than ${d.name}: ${usd(Math.abs(price))} per extra nine of availability.`,
    );
  }
  return reasons;
}
