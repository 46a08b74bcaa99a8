import { msInterval, minutesInterval, usd } from '../run/numberFormat.js';
import type { Results } from '../run/results.js';
import { headline, type Delta } from './deltas.js';
import { escapeHtml } from './htmlParts.js';

/** Decimals that show an interval's width with two significant digits. */
function decimals(d: Delta, max: number): number {
  const width = d.lower !== null && d.upper !== null ? (d.upper - d.lower) / 2 : Math.abs(d.mean ?? 0);
  if (!(width > 0)) return Math.min(max, 1);
  return Math.min(max, Math.max(0, 1 - Math.floor(Math.log10(width))));
}

const MINUS = '−';
function signed(x: number, digits: number, prefix = '', suffix = ''): string {
  const body = `${prefix}${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${suffix}`;
  return Number(x.toFixed(digits)) === 0 ? body : x < 0 ? `${MINUS}${body}` : `+${body}`;
}

/**
 * One cell: "−$433 [−$440, −$426]" with a verdict word. Lower is better for every metric here
 * (cost, downtime, latency), so a significant negative difference is "better".
 */
export function deltaCell(d: Delta | null, unit: { prefix?: string; suffix?: string; max: number }): string {
  if (d === null || d.mean === null) return '<td class="num">—</td>';
  const k = decimals(d, unit.max);
  const f = (x: number) => signed(x, k, unit.prefix, unit.suffix);
  const ci = d.lower !== null && d.upper !== null ? ` <span class="ci">[<span class="nw">${f(d.lower)}</span>, <span class="nw">${f(d.upper)}</span>]</span>` : '';
  const cls = !d.significant ? 'same' : d.mean < 0 ? 'better' : 'worse';
  const word = !d.significant ? 'not significant' : d.mean < 0 ? 'lower, significant' : 'higher, significant';
  const how = d.method === 'unpaired' ? '<sup title="unpaired: Welch interval from the two designs’ own intervals">u</sup>' : '';
  return `<td class="num delta ${cls}">${escapeHtml(f(d.mean))}${ci}${how}<br><small>${word}</small></td>`;
}

/**
 * The Δ-first headline: what each design changes against the baseline, before any chart. Metrics are
 * rows and designs columns: a fleet has few designs but may have many user regions, so the table
 * grows down, not sideways.
 */
export function headlineHtml(r: Results): string {
  const h = headline(r);
  if (h === null) return '';
  const base = r.designs[0];
  const hasLatency = h.designs.some((d) => d.p99Ms !== null);
  const hasCost = h.designs.some((d) => d.costUsdPerMonth !== null);
  const abs = (text: string) => `<td class="num base">${escapeHtml(text)}</td>`;
  const rows: string[] = [];
  const row = (label: string, baseline: string, cells: string[]) => rows.push(`<tr><th scope="row">${escapeHtml(label)}</th>${abs(baseline)}${cells.join('')}</tr>`);
  if (hasCost) row('Δ cost / month', base.cost ? usd(base.cost.monthlyUsd.mean) : '—', h.designs.map((d) => deltaCell(d.costUsdPerMonth, { prefix: '$', max: 2 })));
  row('Δ downtime, min / month', minutesInterval(base.downtimeMinutesPerMonth), h.designs.map((d) => deltaCell(d.downtimeMinutesPerMonth, { suffix: ' min', max: 3 })));
  if (hasLatency) {
    row('Δ p99, all users', base.latency ? msInterval(base.latency.overall.p99S) : '—', h.designs.map((d) => deltaCell(d.p99Ms, { suffix: ' ms', max: 2 })));
    r.scenario.userRegions.forEach((region, k) =>
      row(`Δ p99, users in ${region}`, base.latency ? msInterval(base.latency.byUserRegion[k].p99S) : '—', h.designs.map((d) => deltaCell(d.p99MsByRegion[k]?.delta ?? null, { suffix: ' ms', max: 2 }))),
    );
  }
  const head = `<th></th><th class="num">${escapeHtml(base.name)} <small>(baseline, absolute)</small></th>${h.designs.map((d) => `<th class="num">${escapeHtml(d.design)} − ${escapeHtml(base.name)}</th>`).join('')}`;
  return `<section id="headline" class="headline">
<h2>What each design changes against ${escapeHtml(h.baseline)}</h2>
<div class="scroll"><table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
<p class="foot">Each cell: the design minus ${escapeHtml(h.baseline)}, with its 95% interval in brackets; lower is better for all three. Green: significantly lower; red: significantly higher; grey: the interval includes 0, so the data cannot tell the two apart. Baseline: ${escapeHtml(h.why)}. ${h.designs.some((d) => d.costUsdPerMonth?.method === 'unpaired' || d.p99MsByRegion.some((x) => x.delta.method === 'unpaired')) ? 'Differences are paired by replication (both designs saw the same faults) except those marked u: unpaired Welch intervals, because these results hold no paired difference for them (wider than paired ones, so a significant one is certainly real).' : 'Every difference is paired by replication: both designs saw the same faults (common random numbers), so the noise they share cancels.'}</p>
</section>`;
}
