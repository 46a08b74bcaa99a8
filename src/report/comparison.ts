import { UNSOURCED_PRICE_PREFIX } from '../cost/catalog/types.js';
import { humanDuration, minutesInterval, msInterval, percentInterval, usd } from '../run/numberFormat.js';
import type { Results } from '../run/results.js';
import { userRecoveryOf } from '../run/summarize.js';

/**
 * The comparison table every face shows (terminal, Markdown, HTML): designs as columns, one
 * metric per row. Footnote marks are plain digits so the text survives any terminal.
 */
export interface ComparisonTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly footnotes: readonly string[];
}

export function comparisonTable(r: Results): ComparisonTable {
  const footnotes: string[] = [];
  const mark = (text: string) => {
    let i = footnotes.indexOf(text);
    if (i < 0) i = footnotes.push(text) - 1;
    return `[${i + 1}]`;
  };
  const ds = r.designs;
  const rows: string[][] = [];
  const proxy = ds.some((d) => d.availabilitySource === 'capacity');
  rows.push([
    `availability (95% CI)${proxy ? ` ${mark('Capacity proxy: no traffic model in this build; per service, time with no ready replica plus the share of dead endpoints.')}` : ''}`,
    ...ds.map((d) => percentInterval(d.availability)),
  ]);
  rows.push(['downtime per month', ...ds.map((d) => minutesInterval(d.downtimeMinutesPerMonth))]);
  rows.push(['ready capacity', ...ds.map((d) => percentInterval(d.readyCapacity))]);
  if (ds.every((d) => d.latency !== null)) {
    for (const [k, region] of r.scenario.userRegions.entries()) rows.push([`p99 ${region}`, ...ds.map((d) => msInterval(d.latency!.byUserRegion[k].p99S))]);
  } else {
    rows.push([`p99 per region ${mark('Latency needs the traffic model, which this build does not have.')}`, ...ds.map(() => '—')]);
  }
  rows.push(['worst recovery to full capacity', ...ds.map((d) => (d.recovery.worstFault ? `${humanDuration(d.recovery.worstRecoveryS)} (${d.recovery.worstFault.kind})` : '—'))]);
  rows.push(['worst recovery as users felt it', ...ds.map(usersCell)]);
  if (r.scenario.slo) rows.push(['SLO', ...ds.map((d) => d.slo?.status ?? '—')]);
  // Only when a region misses the SLO that all users together do not: the figure the fleet-wide one hides.
  if (ds.some((d) => regionsMissing(d).length > 0)) rows.push(['SLO by user region', ...ds.map(regionSloCell)]);
  const costMark = ds.some((d) => d.cost === null) ? ` ${mark('No cost in these results (made before the cost model existed).')}` : '';
  // A stand-in price (no source for a region's price) is said next to the cost it went into.
  const standIns = [...new Set(ds.flatMap((d) => d.cost?.notes ?? []).filter((n) => n.startsWith(UNSOURCED_PRICE_PREFIX)))];
  const standInMarks = standIns.map((n) => ` ${mark(`Stand-in price: ${n}.`)}`).join('');
  rows.push([`cost per month${costMark}${standInMarks}`, ...ds.map((d) => (d.cost ? usd(d.cost.monthlyUsd.mean) : '—'))]);
  rows.push([`clusters billed${costMark}`, ...ds.map((d) => clustersCell(d.usedClusters))]);
  rows.push([`cost per million requests${costMark}`, ...ds.map((d) => (d.cost?.perMillionRequestsUsd ? usd(d.cost.perMillionRequestsUsd.mean) : '—'))]);
  return { header: ['', ...ds.map((d) => d.name)], rows, footnotes };
}

/** The user regions that miss the SLO on their own requests while the design, for all users together, does not (results with per-region SLO only). */
export function regionsMissing(d: Results['designs'][number]): string[] {
  if (d.slo === null || d.slo.status === 'not met') return [];
  return (d.traffic?.byUserRegion ?? []).filter((u) => u.slo?.status === 'not met').map((u) => u.name);
}

/** Most regions a cell names; the rest are counted. */
const NAMED_REGIONS = 2;

/** "not met: europe" when regions miss it, else how every region fares ("met" when all do). */
function regionSloCell(d: Results['designs'][number]): string {
  const missing = regionsMissing(d);
  if (missing.length > 0) return `not met: ${missing.slice(0, NAMED_REGIONS).join(', ')}${missing.length > NAMED_REGIONS ? ` +${missing.length - NAMED_REGIONS}` : ''}`;
  const statuses = (d.traffic?.byUserRegion ?? []).map((u) => u.slo?.status).filter((s): s is NonNullable<typeof s> => s !== undefined);
  if (statuses.length === 0) return '—';
  for (const s of ['not met', 'uncertain', 'unknown'] as const) if (statuses.includes(s)) return s === 'not met' ? 'not met' : `${s} in some`;
  return 'met in all';
}

/** The longest time until users were back within the SLO; "not felt" when faults struck but users never noticed one. */
function usersCell(d: Results['designs'][number]): string {
  const users = userRecoveryOf(d);
  if (users === null || users.faults === 0) return '—';
  if (users.worstFault === null) return users.censored > 0 ? `${users.censored} not back` : 'not felt';
  return `${humanDuration(users.worstS)} (${users.worstFault.kind})`;
}

/** The clusters a design pays for: named when few, counted when many (the verdict lists them all). */
function clustersCell(clusters: readonly string[] | null): string {
  if (clusters === null) return '—';
  return clusters.length <= 4 ? clusters.join(', ') || 'none' : `${clusters.length} clusters`;
}
