import type { TopLevelSpec } from 'vega-lite';
import { minutesInterval } from '../run/numberFormat.js';
import { MONTH_MINUTES, type Interval, type Results, type SloStatus } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { scaled } from './deltas.js';
import { deltaCell } from './headlineHtml.js';
import { escapeHtml } from './htmlParts.js';
import { designScale } from './palette.js';

const clip01 = (x: number) => Math.min(1, Math.max(0, x));

/** Per user region and design: downtime a month (from the region's share of requests served) with its interval clipped to what is possible. */
export function regionRows(r: Results) {
  return r.designs.flatMap((d) =>
    (d.traffic?.byUserRegion ?? []).flatMap((u) => {
      const a = u.availability;
      if (a.mean === null) return [];
      return [{
        design: d.name,
        userRegion: u.name,
        downtimeMin: (1 - a.mean) * MONTH_MINUTES,
        lowerMin: (1 - clip01(a.upper ?? a.mean)) * MONTH_MINUTES,
        upperMin: (1 - clip01(a.lower ?? a.mean)) * MONTH_MINUTES,
        availabilityPct: a.mean * 100,
        requestsPerRun: u.requests.mean,
      }];
    }),
  );
}

export function regionAvailabilityChart(r: Results): Chart {
  const title = 'Availability per user region';
  const values = regionRows(r);
  if (values.length === 0) return { id: 'region-availability', title, spec: null, missingReason: 'These results hold no per-region availability (made without the traffic model, or before fleetsim kept one: designs[].traffic.byUserRegion).' };
  const regions = [...new Set(values.map((v) => v.userRegion))];
  const budget = r.scenario.slo ? (1 - r.scenario.slo.availabilityRatio) * MONTH_MINUTES : null;
  const domain: [number, number] = [0, Math.max(1e-3, ...values.map((v) => v.upperMin), budget ?? 0) * 1.1];
  const x = { field: 'downtimeMin', type: 'quantitative', title: 'downtime its users saw, minutes per month (lower is better)', scale: { domain, nice: false, zero: true } } as const;
  const y = { field: 'userRegion', type: 'nominal', title: 'users in', sort: regions, scale: { domain: regions } } as const;
  const yOffset = { field: 'design', type: 'nominal', sort: r.designs.map((d) => d.name), scale: { domain: r.designs.map((d) => d.name), paddingOuter: 0.3 } } as const;
  const colour = { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' } as const;
  const tooltip = [{ field: 'design' }, { field: 'userRegion', title: 'user region' }, { field: 'downtimeMin', title: 'downtime min/month', format: '.2f' }, { field: 'lowerMin', title: '95% CI from', format: '.2f' }, { field: 'upperMin', title: '95% CI to', format: '.2f' }, { field: 'availabilityPct', title: 'availability %', format: '.4f' }];
  return {
    id: 'region-availability',
    title,
    caption: 'Per user region, the share of its requests served, as downtime a month ((1 − share) × 43,800 min), with its 95% interval clipped to what is possible; dashed red: the SLO\'s downtime budget. A region behind a cut link or far from the surviving clusters can fare worse than the fleet-wide figure says. The table below gives each design\'s difference from the baseline, paired by replication.',
    spec: {
      $schema: SCHEMA,
      title: 'Downtime per month seen from each user region (95% CI)',
      config: CONFIG,
      width: CHART_WIDTH,
      height: Math.max(90, regions.length * (14 * r.designs.length + 20)),
      data: { values },
      layer: [
        { mark: { type: 'rule', strokeWidth: 3 }, encoding: { y, yOffset, x: { ...x, field: 'lowerMin' }, x2: { field: 'upperMin' }, color: colour, tooltip } },
        { mark: { type: 'point', filled: true, size: 80, stroke: 'white', strokeWidth: 1, opacity: 1 }, encoding: { y, yOffset, x, color: colour, tooltip } },
        ...(budget !== null ? [{ data: { values: [{ budgetMin: budget, label: `SLO error budget: ${budget.toFixed(1)} min a month` }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00', strokeWidth: 1.5 }, encoding: { x: { field: 'budgetMin', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'SLO' }] } }] : []),
      ],
    } as TopLevelSpec,
    missingReason: null,
  };
}

const pct = (i: Interval) => (i.mean === null ? '—' : `${(i.mean * 100).toFixed(4)}%`);

/**
 * Per user region: the baseline's availability (and requests per run), then each design's
 * availability with its difference from the baseline as downtime minutes a month, paired by replication.
 */
export function regionTableHtml(r: Results): string {
  if (!r.designs.some((d) => d.traffic?.byUserRegion !== undefined)) return '';
  const base = r.designs[0];
  const head = `<th>users in</th><th class="num">share of requests</th><th class="num">${escapeHtml(base.name)} <small>(baseline)</small></th>${r.designs
    .slice(1)
    .map((d) => `<th class="num">${escapeHtml(d.name)}</th><th class="num">Δ downtime, min / month</th>`)
    .join('')}`;
  const total = (base.traffic?.byUserRegion ?? []).reduce((a, u) => a + (u.requests.mean ?? 0), 0);
  const rows = r.scenario.userRegions.map((region) => {
    const own = (name: string) => r.designs.find((d) => d.name === name)?.traffic?.byUserRegion?.find((u) => u.name === region);
    const b = own(base.name);
    const share = b && total > 0 && b.requests.mean !== null ? `${((b.requests.mean / total) * 100).toFixed(1)}%` : '—';
    const cells = r.designs.slice(1).map((d) => {
      const a = own(d.name);
      const paired = r.comparisons.find((c) => c.design === d.name)?.byUserRegion?.find((u) => u.name === region)?.availability;
      return `<td class="num">${a ? pct(a.availability) : '—'}</td>${deltaCell(paired ? scaled(paired, -MONTH_MINUTES) : null, { suffix: ' min', max: 3 })}`;
    });
    return `<tr><th scope="row">${escapeHtml(region)}</th><td class="num">${share}</td><td class="num base">${b ? pct(b.availability) : '—'}</td>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table class="regions">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
<p class="foot">Availability: the share of the region's requests served, mean over replications. Δ: the design's downtime a month minus ${escapeHtml(base.name)}'s for the same users, paired by replication, with its 95% interval; green lower, red higher, grey not significant.</p>
`;
}

/** Whether these results judge each user region against the SLO (an SLO, and replications made since per-region SLO minutes). */
export function hasRegionSlo(r: Results): boolean {
  return r.scenario.slo !== null && r.designs.some((d) => d.traffic?.byUserRegion?.some((u) => (u.minutesOutsideSlo?.n ?? 0) > 0) ?? false);
}

const pairedMinutes = (i: Interval | null | undefined) => (i === null || i === undefined ? null : scaled(i, 1));

const STATUS_CLASS: Record<SloStatus, string> = { met: 'better', 'not met': 'worse', uncertain: 'same', unknown: 'same' };

/** One design's cell: minutes outside the SLO (95% interval), the share of the budget used, and the SLO's status. */
function sloCell(minutes: Interval | null | undefined, budget: Interval | null | undefined, status: SloStatus | undefined, base = false): string {
  if (minutes === null || minutes === undefined || minutes.mean === null) return '<td class="num">—</td>';
  const used = budget && budget.mean !== null ? ` · ${(budget.mean * 100).toFixed(budget.mean < 0.1 ? 2 : 0)}% of budget` : '';
  const word = status ?? 'unknown';
  return `<td class="num${base ? ' base' : ''} ${STATUS_CLASS[word]}">${escapeHtml(minutesInterval(minutes))}<br><small>${escapeHtml(word)}${used}</small></td>`;
}

/**
 * Per user region (and all users together, first): each design's minutes outside the SLO judged on
 * the region's own requests, its error budget used and whether it meets the SLO, and each design's
 * difference in minutes from the baseline, paired by replication. '' when the results have none.
 */
export function regionSloTableHtml(r: Results): string {
  if (!hasRegionSlo(r)) return '';
  const base = r.designs[0];
  const head = `<th>users in</th><th class="num">${escapeHtml(base.name)} <small>(baseline)</small></th>${r.designs
    .slice(1)
    .map((d) => `<th class="num">${escapeHtml(d.name)}</th><th class="num">Δ min outside SLO</th>`)
    .join('')}`;
  const comparison = (name: string) => r.comparisons.find((c) => c.design === name);
  const all = `<tr><th scope="row">all users</th>${sloCell(base.traffic?.minutesOutsideSlo, base.traffic?.errorBudgetUsedRatio, base.slo?.status, true)}${r.designs
    .slice(1)
    .map((d) => `${sloCell(d.traffic?.minutesOutsideSlo, d.traffic?.errorBudgetUsedRatio, d.slo?.status)}${deltaCell(pairedMinutes(comparison(d.name)?.minutesOutsideSlo), { suffix: ' min', max: 2 })}`)
    .join('')}</tr>`;
  const rows = r.scenario.userRegions.map((region) => {
    const own = (name: string) => r.designs.find((d) => d.name === name)?.traffic?.byUserRegion?.find((u) => u.name === region);
    const b = own(base.name);
    const cells = r.designs.slice(1).map((d) => {
      const a = own(d.name);
      const paired = pairedMinutes(comparison(d.name)?.byUserRegion?.find((u) => u.name === region)?.minutesOutsideSlo);
      return `${sloCell(a?.minutesOutsideSlo, a?.errorBudgetUsedRatio, a?.slo?.status)}${deltaCell(paired, { suffix: ' min', max: 2 })}`;
    });
    return `<tr><th scope="row">${escapeHtml(region)}</th>${sloCell(b?.minutesOutsideSlo, b?.errorBudgetUsedRatio, b?.slo?.status, true)}${cells.join('')}</tr>`;
  });
  return `<h3>Minutes outside the SLO, per user region</h3>
<div class="scroll"><table class="regions region-slo">
<thead><tr>${head}</tr></thead>
<tbody>
${[all, ...rows].join('\n')}
</tbody>
</table></div>
<p class="foot">Each minute after warm-up is judged on the region's own requests by the SLO's rules: outside when under ${escapeHtml(String(Number(((r.scenario.slo?.availabilityRatio ?? 0) * 100).toPrecision(10))))}% of them succeeded or a latency target covering the region was missed in it; mean over replications with its 95% interval. Budget: the region's failed requests over (1 − target) × its requests. Met / not met: the region's availability and latency over the run against the SLO, as the design's own verdict judges all users (green met, red not met, grey uncertain or unknown). A region can miss the SLO while all users together meet it. Δ: the design's minutes minus ${escapeHtml(base.name)}'s for the same users, paired by replication.</p>
`;
}
