import { pricePerNine } from '../cost/nines.js';
import { histogramQuantile, interval } from './intervals.js';
import { humanDuration, minutesInterval, ms, msInterval, percent, percentInterval, signedPercentInterval } from './numberFormat.js';
import type { Comparison, DesignResult, Interval, SloCheck, SloResult, SloStatus, Verdict } from './results.js';
import { userRecoveryOf } from './summarize.js';
import type { ScenarioInfo, TrafficSummary } from './types.js';
import { COST_CATEGORIES, type CostCategory, type MonthlyCost } from '../cost/model.js';
import { CATEGORY_WORDS } from '../cost/lines.js';
import { costDelta } from '../cost/delta.js';

/** design − baseline, paired by replication (same faults), for one pair of designs. */
export interface PairedDifference {
  readonly design: string;
  readonly baseline: string;
  readonly availability: Interval;
  /** null when the results carry no cost. */
  readonly monthlyUsd: Interval | null;
}

/** +1: the whole 95% interval is above 0; −1: wholly below; 0: it contains 0 (or cannot be told). */
export function significantSign(i: Interval | null | undefined): -1 | 0 | 1 {
  if (i === null || i === undefined || i.lower === null || i.upper === null) return 0;
  return i.lower > 0 ? 1 : i.upper < 0 ? -1 : 0;
}

/** a − b from the pairs, whichever way round the pair was stored; null when the pair is unknown. */
function difference(pairs: readonly PairedDifference[], a: string, b: string, what: 'availability' | 'monthlyUsd'): Interval | null {
  const p = pairs.find((x) => (x.design === a && x.baseline === b) || (x.design === b && x.baseline === a));
  const i = p?.[what] ?? null;
  if (p === undefined || i === null) return null;
  if (p.design === a) return i;
  const neg = (x: number | null) => (x === null ? null : -x);
  return { n: i.n, mean: neg(i.mean), halfWidth: i.halfWidth, lower: neg(i.upper), upper: neg(i.lower) };
}

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
  const totalRequests = traffic === null ? null : traffic.reduce((a, t) => a + t.requests, 0);
  const latency = slo.latency.flatMap((l) => (l.userRegion !== null ? [l.userRegion] : (traffic?.[0]?.byUserRegion.map((u) => u.name) ?? ['all'])).map((region) => ({ l, region })));
  return judgeChecks(slo, availability, latency, traffic, windowS, totalRequests);
}

/**
 * One user region judged on its own: its availability against the SLO's target, and the latency
 * targets that cover it (those for every region and its own) — the same checks judgeSlo makes of
 * it, with the measured window's size counted in the region's requests alone.
 */
export function judgeRegionSlo(slo: Slo, region: string, availability: Interval, traffic: readonly TrafficSummary[], windowS = Number.POSITIVE_INFINITY): SloResult {
  const totalRequests = traffic.reduce((a, t) => a + (t.byUserRegion.find((u) => u.name === region)?.requests ?? 0), 0);
  const latency = slo.latency.filter((l) => l.userRegion === null || l.userRegion === region).map((l) => ({ l, region }));
  return judgeChecks(slo, availability, latency, traffic, windowS, totalRequests);
}

/** The availability check and the given latency checks; all unknown when the window (or its requests) cannot show the target. */
function judgeChecks(
  slo: Slo,
  availability: Interval,
  latency: readonly { readonly l: Slo['latency'][number]; readonly region: string }[],
  traffic: readonly TrafficSummary[] | null,
  windowS: number,
  totalRequests: number | null,
): SloResult {
  const target = slo.availabilityRatio;
  const tooShort = measuredWindowProblem(slo, windowS, totalRequests) !== null;
  const judged = (st: SloStatus): SloStatus => (tooShort ? 'unknown' : st);
  const checks: SloCheck[] = [{ what: 'availability', comparison: '>=', target, estimate: availability, status: judged(status(availability, '>=', target)) }];
  for (const { l, region } of latency) {
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

/** Below this share of the smaller bill a cost difference, however significant, is no reason to choose. */
export const MATERIAL_COST_RATIO = 0.005;

/**
 * How two bills compare: 'differ' when the paired difference excludes 0 and is at least 0.5% of the
 * smaller bill; 'immaterial' when it excludes 0 but is smaller; 'not significant' otherwise.
 */
function costDifference(pairs: readonly PairedDifference[], a: DesignResult, b: DesignResult): 'differ' | 'immaterial' | 'not significant' {
  const i = difference(pairs, a.name, b.name, 'monthlyUsd');
  if (significantSign(i) === 0) return 'not significant';
  return Math.abs(i!.mean ?? 0) >= MATERIAL_COST_RATIO * Math.min(monthly(a), monthly(b)) ? 'differ' : 'immaterial';
}

/** The bills cannot be told apart, or differ by less than 0.5%: cost is no reason to choose between them. */
function costTie(pairs: readonly PairedDifference[], d: DesignResult, cheapest: DesignResult): boolean {
  return d === cheapest || costDifference(pairs, d, cheapest) !== 'differ';
}

/** `d` is more available than every other design of `among`, each by a significant paired difference. */
function significantlyMostAvailable(pairs: readonly PairedDifference[], d: DesignResult, among: readonly DesignResult[]): boolean {
  return among.every((o) => o === d || significantSign(difference(pairs, d.name, o.name, 'availability')) === 1);
}

function usd(x: number): string {
  return `$${x.toLocaleString('en-US', { maximumFractionDigits: x < 100 ? 2 : 0, minimumFractionDigits: x < 100 ? 2 : 0 })}`;
}

/**
 * The plain-language answer: which design, why, with how much confidence. Designs that "meet" the
 * SLO do so with 95% confidence; without cost (results written before the cost model) the most available qualifying design wins.
 */
export function verdictOf(
  info: ScenarioInfo,
  designs: readonly DesignResult[],
  comparisons: readonly Comparison[],
  replications: number,
  pairs: readonly PairedDifference[] = pairsOf(comparisons),
  /** Rare-stratum replications beside the plain ones (docs/run.md, "Rare faults"), and whether availability was stratified with them: named, since the paired differences count them. */
  rareStratum: { readonly count: number; readonly used: boolean } = { count: 0, used: false },
): Verdict {
  const byAvailability = [...designs].sort((a, b) => (b.availability.mean ?? 0) - (a.availability.mean ?? 0));
  const costKnown = designs.every((d) => d.cost !== null);
  const { recommended, headline } = headlineOf(info, designs, pairs, byAvailability, costKnown);

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
  const usersReason = usersRecoveryReason(designs);
  if (usersReason !== null) reasons.push(usersReason);
  const censored = designs.filter((d) => d.recovery.censored > 0);
  if (censored.length > 0) reasons.push(`Faults still not recovered when a replication ended: ${censored.map((d) => `${d.name} ${d.recovery.censored}`).join(', ')}.`);
  const usersOut = designs.filter((d) => (userRecoveryOf(d)?.censored ?? 0) > 0);
  if (usersOut.length > 0) reasons.push(`Faults whose users were still outside the SLO when a replication ended: ${usersOut.map((d) => `${d.name} ${userRecoveryOf(d)!.censored}`).join(', ')}.`);
  if (designs.some((d) => d.availabilitySource === 'capacity')) {
    reasons.push('Availability is a capacity proxy (time with no ready replica plus share of dead endpoints, per service): this build has no traffic model, so latency is not measured.');
  }
  if (!costKnown) reasons.push('These results carry no cost (made before the cost model existed): the cost columns are empty.');
  else reasons.push(...costReasons(designs, pairs, byAvailability[0]));
  const { count } = rareStratum;
  const rare =
    count === 0
      ? ''
      : `, plus ${count} rare-stratum replication${count === 1 ? '' : 's'} in which a region outage was made to happen, ${rareStratum.used ? 'with which availability is stratified' : 'unused: too few replications to stratify availability'} (docs/run.md, "Rare faults")`;
  reasons.push(`${replications} replication${replications === 1 ? '' : 's'} of ${humanDuration(info.horizonS - info.warmupS)} each (seed ${info.seed})${rare}; intervals are 95% Student-t over replications${replications < 2 ? ' — with one replication there is no interval' : ''}.`);
  return { recommended, headline, reasons };
}

/**
 * Recovery as users felt it, beside the capacity sentence: the longest time any fault kept users
 * outside the SLO, per design (null without the traffic model or without faults).
 */
function usersRecoveryReason(designs: readonly DesignResult[]): string | null {
  const felt = designs.map((d) => ({ d, users: userRecoveryOf(d) })).filter((x) => x.users !== null && x.users.faults > 0);
  if (felt.length === 0) return null;
  // No worst fault: either users never noticed one, or none they noticed was over before the run
  // ended (censored): not the same thing, and the second is the worse news.
  const part = ({ d, users }: (typeof felt)[number]) =>
    users!.worstFault
      ? `${d.name} ${humanDuration(users!.worstS)} (${users!.worstFault.kind} ${users!.worstFault.target})`
      : users!.censored > 0
        ? `${d.name}: none over before the run ended (${users!.censored} still outside the SLO)`
        : `${d.name}: users never noticed a fault`;
  return `Worst recovery as users felt it (the time they spent outside the SLO because of one fault, a relapse included): ${felt.map(part).join('; ')}.`;
}

/** The recommendation and the sentence that gives it: against the SLO when there is one, else on availability alone. */
function headlineOf(
  info: ScenarioInfo,
  designs: readonly DesignResult[],
  pairs: readonly PairedDifference[],
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
      // Bills whose paired difference does not exclude 0 cannot be told apart: among those, a design
      // wins on availability only when it is significantly more available than each of the others.
      const tied = cheapest ? met.filter((d) => costTie(pairs, d, cheapest)) : [];
      const candidates = cheapest ? byAvailability.filter((d) => tied.includes(d)) : byAvailability.filter((d) => met.includes(d));
      const clearlyBest = candidates.find((d) => significantlyMostAvailable(pairs, d, candidates));
      const pick = clearlyBest ?? cheapest ?? candidates[0];
      const meet = `meet the SLO (${sloText(slo)}) with 95% confidence`;
      let headline: string;
      if (met.length === 1) headline = `${pick.name}: the only design that meets the SLO (${sloText(slo)}) with 95% confidence.`;
      else if (costKnown && tied.length > 1) {
        const costs = `with no significant cost difference of 0.5% or more (${tied.map((d) => `${d.name} ${usd(monthly(d))}`).join(', ')} a month)`;
        headline = clearlyBest
          ? `${pick.name}: ${list(tied.map((d) => d.name))} ${meet}, ${costs}; ${pick.name} is significantly the most available.`
          : `No single choice: ${list(tied.map((d) => d.name))} ${meet}, ${costs} and no significant difference in availability; decide on other grounds (residency, operations) or add replications.`;
      } else if (costKnown) headline = `${pick.name}: the cheapest of the ${met.length} designs that ${meet} (${usd(monthly(pick))} a month; each paired cost difference is significant and at least 0.5%).`;
      else
        headline = clearlyBest
          ? `${pick.name}: ${list(met.map((d) => d.name))} ${met.length === 2 ? 'both' : 'all'} ${meet}; ${pick.name} is significantly the most available. Cost is not modelled yet, so weigh price before choosing.`
          : `No single choice: ${list(met.map((d) => d.name))} ${met.length === 2 ? 'both' : 'all'} ${meet}, with no significant difference in availability. Cost is not modelled yet, so weigh price before choosing.`;
      // Nothing significant separates the designs that meet the SLO: recommending one would pass noise off as a finding.
      const undecided = met.length > 1 && clearlyBest === undefined && (!costKnown || tied.length > 1);
      return { recommended: undecided ? null : pick.name, headline };
    }
    const open = designs.filter((d) => d.slo?.status === 'uncertain' || d.slo?.status === 'unknown');
    const headline =
      open.length > 0
        ? `No design is shown to meet the SLO (${sloText(slo)}) with 95% confidence: ${list(open.map((d) => d.name))} ${open.length === 1 ? 'is' : 'are'} too close to call or not measured; add replications (--target-ci) before deciding.`
        : `No design meets the SLO (${sloText(slo)}). The closest is ${byAvailability[0].name} (availability ${percentInterval(byAvailability[0].availability)}).`;
    return { recommended: null, headline };
  }
  const best = byAvailability[0];
  if (significantlyMostAvailable(pairs, best, designs)) {
    return { recommended: best.name, headline: `${best.name} is the most available design (${percentInterval(best.availability)}). The scenario sets no SLO (run.slo), so nothing was judged against a target.` };
  }
  return { recommended: null, headline: `No significant difference in availability between the designs at 95% confidence; the scenario sets no SLO (run.slo). Add replications or decide on other grounds.` };
}

/** Availability-only pairs (no cost): what verdictOf falls back on when no pairs are given. */
function pairsOf(comparisons: readonly Comparison[]): PairedDifference[] {
  return comparisons.map((c) => ({ design: c.design, baseline: c.baseline, availability: c.availability, monthlyUsd: null }));
}


/** Differences under half a dollar a month are rounding, not a cause. */
const MIN_CAUSE_USD = 0.5;

type CostOf = NonNullable<DesignResult['cost']>;

function categoriesOf(c: CostOf, cluster: string | null): Map<CostCategory, number> {
  const m = new Map<CostCategory, number>();
  for (const b of c.byCluster.find((x) => x.cluster === cluster)?.breakdown ?? []) m.set(b.category, (m.get(b.category) ?? 0) + b.monthlyUsd);
  return m;
}

const categoryList = (m: ReadonlyMap<CostCategory, number>, signed: boolean): string =>
  [...m]
    .filter(([, v]) => Math.abs(v) >= MIN_CAUSE_USD)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([k, v]) => `${CATEGORY_WORDS[k]} ${signed ? (v < 0 ? '−' : '+') : ''}${usd(Math.abs(v))}`)
    .join(', ');

/**
 * Why `dearer` costs more than `cheaper`, from their mean bills per cluster and category: the
 * clusters only one of them pays for, with what each of those costs, then the categories that
 * differ on the clusters both pay for (and the provider-wide lines: internet egress, logs).
 */
export function costCause(cheaper: DesignResult, dearer: DesignResult): string {
  const a = cheaper.cost!;
  const b = dearer.cost!;
  const parts: string[] = [];
  const onlyDearer = b.clusters.filter((c) => !a.clusters.includes(c));
  const onlyCheaper = a.clusters.filter((c) => !b.clusters.includes(c));
  if (onlyDearer.length > 0) parts.push(`no ${clusterWords(onlyDearer)}${detailOf(b, onlyDearer)}`);
  if (onlyCheaper.length > 0) parts.push(`though it pays for the ${clusterWords(onlyCheaper)}, which ${dearer.name} does not use${detailOf(a, onlyCheaper)}`);
  // cheaper − dearer per category, over the clusters both use and the provider-wide lines.
  const shared = new Map<CostCategory, number>();
  for (const c of [...a.clusters.filter((x) => b.clusters.includes(x)), null]) {
    for (const [k, v] of categoriesOf(a, c)) shared.set(k, (shared.get(k) ?? 0) + v);
    for (const [k, v] of categoriesOf(b, c)) shared.set(k, (shared.get(k) ?? 0) - v);
  }
  const rest = categoryList(shared, true);
  if (rest) parts.push(`${parts.length > 0 ? 'and ' : ''}on what both pay for, ${cheaper.name} pays ${rest}`);
  const lines = lineCauses(cheaper, dearer);
  if (lines) parts.push(`line by line: ${lines}`);
  return parts.length > 0 ? parts.join('; ') : 'both pay for the same clusters, and no category differs by $0.50 or more';
}

/**
 * The biggest line-level differences on what both pay for (which pools, how many more or fewer nodes
 * of which type, which transfer or fee), cheaper − dearer, from the mean bills (cost/delta.ts). The
 * clusters only one of them uses are already named whole.
 */
function lineCauses(cheaper: DesignResult, dearer: DesignResult): string {
  const both = (cluster: string | null) => cluster === null || (cheaper.cost!.clusters.includes(cluster) && dearer.cost!.clusters.includes(cluster));
  const bill = (d: DesignResult): MonthlyCost => {
    const c = d.cost!;
    return {
      design: d.name,
      clusters: c.clusters,
      totalUsd: c.monthlyUsd.mean ?? 0,
      byCategory: Object.fromEntries(COST_CATEGORIES.map((k) => [k, c.breakdown.find((b) => b.category === k)?.monthlyUsd ?? 0])) as Record<CostCategory, number>,
      lines: c.lines.filter((l) => both(l.cluster)),
      idle: c.idle,
      requestsPerMonth: null,
      perMillionRequestsUsd: null,
      catalogVersion: c.catalogAsOf,
      notes: c.notes,
    };
  };
  const cause = costDelta(bill(dearer), bill(cheaper), { maxCauses: 3, minUsd: 0.5 }).cause;
  const at = cause.indexOf(': ');
  return at < 0 ? '' : cause.slice(at + 2);
}

/** "tokyo-1 cluster", "bos and nyc clusters". */
const clusterWords = (names: readonly string[]) => `${list(names)} cluster${names.length === 1 ? '' : 's'}`;

/** What those clusters cost the design, per category, summed over them (" (nodes $842, NAT $99)"). */
function detailOf(c: CostOf, clusters: readonly string[]): string {
  const m = new Map<CostCategory, number>();
  for (const x of clusters) for (const [k, v] of categoriesOf(c, x)) m.set(k, (m.get(k) ?? 0) + v);
  const detail = categoryList(m, false);
  return detail ? ` (${detail})` : '';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What each design costs and which clusters it pays for; then, between the most available design
 * (`best`) and each other one, what differs significantly (paired over the same faults): availability,
 * cost with its cause, and the price of each extra nine when both differ.
 */
function costReasons(designs: readonly DesignResult[], pairs: readonly PairedDifference[], best: DesignResult): string[] {
  const reasons: string[] = [];
  for (const d of designs) {
    const c = d.cost!;
    const top = [...c.breakdown].sort((a, b) => b.monthlyUsd - a.monthlyUsd).filter((b) => b.monthlyUsd > 0).slice(0, 3);
    const pays = c.clusters.length > 0 ? ` for ${plural(c.clusters.length, 'cluster')} (${list(c.clusters)})` : '';
    reasons.push(`${d.name} costs ${usd(monthly(d))} ± ${usd(c.monthlyUsd.halfWidth ?? 0)} a month${pays} (${top.map((b) => `${b.category} ${usd(b.monthlyUsd)}`).join(', ')}); idle node capacity ${usd(c.idle.unallocatedUsd)}.`);
  }
  for (const d of designs) {
    if (d === best) continue;
    const availability = significantSign(difference(pairs, best.name, d.name, 'availability'));
    const costDiff = difference(pairs, best.name, d.name, 'monthlyUsd');
    const kind = costDifference(pairs, best, d);
    const cost = kind === 'differ' ? significantSign(costDiff) : 0;
    const extra = monthly(best) - monthly(d);
    const identical = costDiff !== null && costDiff.mean === 0 && (costDiff.halfWidth ?? 0) === 0;
    const [cheaper, dearer] = extra > 0 ? [d, best] : [best, d];
    let costText: string;
    if (kind === 'differ') costText = `${cheaper.name} costs ${usd(Math.abs(extra))} a month less than ${dearer.name}: ${costCause(cheaper, dearer)}`;
    else if (identical) costText = `${best.name} and ${d.name} cost the same in every replication`;
    else if (kind === 'immaterial') costText = `${cheaper.name} costs ${Math.abs(extra) < 0.005 ? 'under $0.01' : `only ${usd(Math.abs(extra))}`} a month less than ${dearer.name} (under 0.5% of the bill): ${costCause(cheaper, dearer)}`;
    else costText = `no significant difference in cost (${best.name} − ${d.name}: ${signedUsd(costDiff?.mean ?? extra)} ± ${usd(costDiff?.halfWidth ?? 0)} a month)`;
    if (availability === 0) {
      reasons.push(`${best.name} and ${d.name}: no significant difference in availability; ${costText}.`);
      continue;
    }
    const [more, less] = availability > 0 ? [best, d] : [d, best];
    if (cost === 0) {
      reasons.push(`${more.name} is significantly more available than ${less.name}${identical ? `, and its extra availability costs nothing more a month` : ''}; ${costText}.`);
      continue;
    }
    if (cheaper === more) {
      reasons.push(`${more.name} is significantly more available than ${less.name} and costs less; ${costText}.`);
      continue;
    }
    const price = best.availability.mean !== null && d.availability.mean !== null ? pricePerNine({ monthlyUsd: monthly(less), availability: less.availability.mean! }, { monthlyUsd: monthly(more), availability: more.availability.mean! }) : null;
    reasons.push(`${more.name} is significantly more available than ${less.name}; ${costText}${price !== null && price > 0 ? `; ${usd(price)} per extra nine of availability` : ''}.`);
  }
  return reasons;
}

function signedUsd(x: number): string {
  return `${x < 0 ? '−' : '+'}${usd(Math.abs(x))}`;
}
