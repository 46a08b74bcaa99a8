import { COST_CATEGORIES, type CostCategory, type CostLine, type MonthlyCost } from './model.js';
import { CATEGORY_WORDS } from './lines.js';
import { HOURS_PER_MONTH } from './month.js';

/**
 * Why two designs' bills differ: the difference by cluster, by category and line by line, largest
 * first, and one English sentence naming the biggest causes. Pure; the verdict and the report quote it.
 */

/** One line of the bill as it differs between the designs (matched by cluster, category and what it prices). */
export interface CostDeltaLine {
  readonly cluster: string | null;
  readonly category: CostCategory;
  /** The line's label in the `to` bill (in `from` when `to` has no such line). */
  readonly item: string;
  readonly fromUsd: number;
  readonly toUsd: number;
  /** to − from. */
  readonly deltaUsd: number;
  readonly fromQuantity: number;
  readonly toQuantity: number;
  readonly quantityUnit: string;
  /** The catalog key of the `to` line (else `from`'s): names the instance type of a node line. */
  readonly priceKey: string;
}

export interface CostDelta {
  readonly from: string;
  readonly to: string;
  /** to.totalUsd − from.totalUsd. */
  readonly totalUsd: number;
  /** Per cluster (null: provider-wide lines), largest absolute difference first; zero rows left out. */
  readonly byCluster: readonly { readonly cluster: string | null; readonly deltaUsd: number }[];
  readonly byCategory: readonly { readonly category: CostCategory; readonly deltaUsd: number }[];
  readonly lines: readonly CostDeltaLine[];
  /** "active-active pays $1,234 more than replicated: nodes in us-1 (+$900, 2 more m6i.xlarge on average), …". */
  readonly cause: string;
}

export interface CostDeltaOptions {
  /** Causes named in the sentence at most; default 3. */
  readonly maxCauses?: number;
  /** Differences below this many dollars a month are not causes (nor rows); default $0.005. */
  readonly minUsd?: number;
}


/**
 * Lines are matched by cluster, category and label with counts taken out ("3 gateways" and
 * "2 gateways" are the same line, priced for a different number of gateways).
 */
const lineKey = (l: CostLine): string => `${l.cluster ?? ''}\u0000${l.category}\u0000${l.item.replace(/\d+(\.\d+)?/g, '#')}`;

/** The difference `to` − `from`, broken down and explained. */
export function costDelta(from: MonthlyCost, to: MonthlyCost, options: CostDeltaOptions = {}): CostDelta {
  const minUsd = options.minUsd ?? 0.005;
  const maxCauses = options.maxCauses ?? 3;
  const rows = new Map<string, { from: CostLine[]; to: CostLine[] }>();
  const slot = (l: CostLine) => {
    const k = lineKey(l);
    let r = rows.get(k);
    if (r === undefined) rows.set(k, (r = { from: [], to: [] }));
    return r;
  };
  for (const l of from.lines) slot(l).from.push(l);
  for (const l of to.lines) slot(l).to.push(l);

  const sum = (ls: readonly CostLine[], f: (l: CostLine) => number) => ls.reduce((a, l) => a + f(l), 0);
  const lines: CostDeltaLine[] = [];
  for (const r of rows.values()) {
    const head = r.to[0] ?? r.from[0];
    const fromUsd = sum(r.from, (l) => l.monthlyUsd);
    const toUsd = sum(r.to, (l) => l.monthlyUsd);
    if (Math.abs(toUsd - fromUsd) < minUsd) continue;
    lines.push({
      cluster: head.cluster,
      category: head.category,
      item: head.item,
      fromUsd,
      toUsd,
      deltaUsd: toUsd - fromUsd,
      fromQuantity: sum(r.from, (l) => l.quantityPerMonth),
      toQuantity: sum(r.to, (l) => l.quantityPerMonth),
      quantityUnit: head.quantityUnit,
      priceKey: head.priceKey,
    });
  }
  lines.sort(byMagnitude);

  const clusterTotals = new Map<string | null, number>();
  for (const l of lines) clusterTotals.set(l.cluster, (clusterTotals.get(l.cluster) ?? 0) + l.deltaUsd);
  const byCluster = [...clusterTotals].map(([cluster, deltaUsd]) => ({ cluster, deltaUsd })).filter((x) => Math.abs(x.deltaUsd) >= minUsd).sort(byMagnitude);
  const byCategory = COST_CATEGORIES.map((category) => ({ category, deltaUsd: to.byCategory[category] - from.byCategory[category] }))
    .filter((x) => Math.abs(x.deltaUsd) >= minUsd)
    .sort(byMagnitude);
  const totalUsd = to.totalUsd - from.totalUsd;
  return { from: from.design, to: to.design, totalUsd, byCluster, byCategory, lines, cause: causeSentence(from.design, to.design, totalUsd, lines, maxCauses, minUsd) };
}

/**
 * One design's bills over replications averaged line by line (lines matched as costDelta matches
 * them; a line missing from a replication counts 0 there): what to compare two designs' mean costs
 * with. Idle capacity and requests are averaged too; notes are those of every replication, once.
 */
export function meanBill(bills: readonly MonthlyCost[]): MonthlyCost {
  if (bills.length === 0) throw new RangeError('no bills to average');
  const n = bills.length;
  const acc = new Map<string, { line: CostLine; usd: number; quantity: number }>();
  for (const b of bills) {
    for (const l of b.lines) {
      const k = lineKey(l);
      const a = acc.get(k);
      if (a === undefined) acc.set(k, { line: l, usd: l.monthlyUsd, quantity: l.quantityPerMonth });
      else {
        a.usd += l.monthlyUsd;
        a.quantity += l.quantityPerMonth;
      }
    }
  }
  const lines: CostLine[] = [...acc.values()].map(({ line, usd: total, quantity }) => ({
    ...line,
    monthlyUsd: total / n,
    quantityPerMonth: quantity / n,
    usdPerUnit: quantity > 0 ? total / quantity : line.usdPerUnit,
  }));
  const avg = (f: (b: MonthlyCost) => number) => bills.reduce((a, b) => a + f(b), 0) / n;
  const avgOrNull = (f: (b: MonthlyCost) => number | null) => (bills.every((b) => f(b) !== null) ? avg((b) => f(b)!) : null);
  const first = bills[0];
  return {
    design: first.design,
    clusters: first.clusters,
    totalUsd: avg((b) => b.totalUsd),
    byCategory: Object.fromEntries(COST_CATEGORIES.map((k) => [k, avg((b) => b.byCategory[k])])) as Record<CostCategory, number>,
    lines,
    idle: { unallocatedUsd: avg((b) => b.idle.unallocatedUsd), allocatedUnusedUsd: avgOrNull((b) => b.idle.allocatedUnusedUsd) },
    requestsPerMonth: avgOrNull((b) => b.requestsPerMonth),
    perMillionRequestsUsd: avgOrNull((b) => b.perMillionRequestsUsd),
    catalogVersion: first.catalogVersion,
    notes: [...new Set(bills.flatMap((b) => b.notes))],
  };
}

const byMagnitude = (a: { deltaUsd: number }, b: { deltaUsd: number }) => Math.abs(b.deltaUsd) - Math.abs(a.deltaUsd);

/** A cause: the lines of one category in one cluster (or one provider-wide line), summed. */
interface Cause {
  readonly label: string;
  readonly deltaUsd: number;
  readonly detail: string | undefined;
}

function causeSentence(fromName: string, toName: string, totalUsd: number, lines: readonly CostDeltaLine[], maxCauses: number, minUsd: number): string {
  if (Math.abs(totalUsd) < minUsd && lines.length === 0) return `${toName} and ${fromName} cost the same (${usd(0)} difference)`;
  const groups = new Map<string, CostDeltaLine[]>();
  for (const l of lines) {
    const k = l.cluster !== null ? `${l.category} in ${l.cluster}` : l.item;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [l]);
    else g.push(l);
  }
  const causes: Cause[] = [...groups].map(([k, ls]) => ({
    label: ls[0].cluster !== null ? `${CATEGORY_WORDS[ls[0].category]} in ${ls[0].cluster}` : k,
    deltaUsd: ls.reduce((a, l) => a + l.deltaUsd, 0),
    detail: ls[0].category === 'nodes' ? nodeDetail(ls) : undefined,
  }));
  causes.sort(byMagnitude);
  const named = causes.filter((c) => Math.abs(c.deltaUsd) >= minUsd).slice(0, maxCauses);
  const head =
    Math.abs(totalUsd) < minUsd
      ? `${toName} costs the same as ${fromName} overall`
      : `${toName} pays ${usd(Math.abs(totalUsd))} ${totalUsd > 0 ? 'more' : 'less'} than ${fromName}`;
  if (named.length === 0) return head;
  const rest = causes.length - named.length;
  const parts = named.map((c) => `${c.label} (${signedUsd(c.deltaUsd)}${c.detail !== undefined ? `, ${c.detail}` : ''})`);
  return `${head}: ${parts.join(', ')}${rest > 0 ? `, and ${rest} smaller difference${rest === 1 ? '' : 's'}` : ''}`;
}

/**
 * "2 more m6i.xlarge on average" from the node-hour lines of one cluster, per instance type (read
 * from the catalog key; a price written in the scenario names no type: "nodes").
 */
function nodeDetail(ls: readonly CostDeltaLine[]): string | undefined {
  if (!ls.every((l) => l.quantityUnit === 'node-hours')) return undefined;
  const byType = new Map<string, number>();
  for (const l of ls) {
    const type = /^instance\/[^/]+\/([^@\s]+)/.exec(l.priceKey)?.[1] ?? 'nodes';
    byType.set(type, (byType.get(type) ?? 0) + (l.toQuantity - l.fromQuantity) / HOURS_PER_MONTH);
  }
  const parts = [...byType].filter(([, n]) => Math.abs(n) >= 0.05).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  if (parts.length === 0) return undefined;
  return `${parts.map(([type, n]) => `${formatCount(Math.abs(n))} ${n > 0 ? 'more' : 'fewer'} ${type}`).join(' and ')} on average`;
}

function formatCount(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** $1,234 from $100 up, $12.34 below. */
export function usd(x: number): string {
  const a = Math.abs(x);
  const s = a >= 100 ? groupThousands(Math.round(a)) : a.toFixed(2);
  return `${x < 0 ? '−' : ''}$${s}`;
}

const signedUsd = (x: number) => `${x >= 0 ? '+' : '−'}${usd(Math.abs(x))}`;

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
