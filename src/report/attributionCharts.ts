import type { TopLevelSpec } from 'vega-lite';
import { MONTH_MINUTES, type DesignResult, type Results } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { designScale } from './palette.js';
import { stackedBarsPerDesign } from './stackedBars.js';

/** failedBy's causes in results.json, with the words the report uses for them. */
export const CAUSES = [
  ['deadEndpoint', 'dead endpoint'],
  ['noReplica', 'no replica'],
  ['shed', 'shed (overload)'],
  ['unroutable', 'unroutable'],
  ['impaired', 'impaired'],
  ['timeout', 'timeout'],
] as const;

/**
 * A design's downtime a month split by what ended the failed requests: each cause's share of the
 * failed requests (designs[].traffic.failedBy) times the design's downtime a month. Shares, not
 * independent estimates: the parts add up to the downtime shown in the availability chart.
 */
export function downtimeByCause(d: DesignResult): { cause: string; minutes: number; share: number }[] {
  const t = d.traffic;
  const a = d.availability.mean;
  if (t === null || a === null) return [];
  const counts = CAUSES.map(([k, label]) => ({ cause: label, count: t.failedBy[k] ?? 0 }));
  const total = counts.reduce((s, c) => s + c.count, 0);
  if (!(total > 0)) return [];
  const downtime = Math.max(0, 1 - a) * MONTH_MINUTES;
  return counts.filter((c) => c.count > 0).map((c) => ({ cause: c.cause, minutes: (downtime * c.count) / total, share: c.count / total }));
}

export function downtimeByCauseChart(r: Results): Chart {
  const values = r.designs.flatMap((d) => downtimeByCause(d).map((x) => ({ design: d.name, ...x, sharePct: x.share * 100, causeOrder: CAUSES.findIndex(([, label]) => label === x.cause) })));
  if (values.length === 0) {
    return { id: 'downtime-by-cause', title: 'Downtime by cause', spec: null, missingReason: 'No failed requests to attribute: either no request failed, or these results have no traffic model (failedBy is absent).' };
  }
  const causes = CAUSES.map(([, label]) => label as string).filter((c) => values.some((v) => v.cause === c));
  return {
    id: 'downtime-by-cause',
    title: 'Downtime by cause',
    caption: 'Why requests failed, as minutes of downtime a month: each cause\'s share of the failed requests (results.json failedBy) times the design\'s downtime. dead endpoint: sent to a pod that had died before the endpoints caught up; no replica: no ready pod anywhere it could go; shed: refused by an overloaded pool; unroutable: no healthy cluster or path for the user; impaired: a bad change, brownout, expired certificate or unavailable datastore.',
    spec: stackedBarsPerDesign(r, {
      title: 'Downtime per month by cause of the failed requests',
      values,
      valueField: 'minutes',
      valueTitle: 'downtime, minutes per month',
      categoryField: 'cause',
      categoryTitle: 'cause',
      categories: causes,
      orderField: 'causeOrder',
      tooltip: [{ field: 'design' }, { field: 'cause' }, { field: 'minutes', title: 'min / month', format: '.2f' }, { field: 'sharePct', title: '% of failed requests', format: '.1f' }],
    }),
    missingReason: null,
  };
}

/**
 * Error budget used over the run (designs[].traffic.errorBudgetUsedRatio): the share of the SLO's
 * allowance of bad minutes the design spent. Its interval is clipped at 0 (a negative use is
 * impossible); above 100% the budget was overspent.
 */
export function errorBudgetChart(r: Results): Chart {
  const title = 'Error budget used over the run';
  if (r.scenario.slo === null) return { id: 'error-budget', title, spec: null, missingReason: 'The scenario sets no SLO (run.slo), so there is no error budget to spend.' };
  const values = r.designs
    .filter((d) => d.traffic !== null && d.traffic.errorBudgetUsedRatio.mean !== null)
    .map((d) => {
      const e = d.traffic!.errorBudgetUsedRatio;
      return { design: d.name, usedPct: e.mean! * 100, lowerPct: Math.max(0, e.lower ?? e.mean!) * 100, upperPct: Math.max(0, e.upper ?? e.mean!) * 100 };
    });
  if (values.length === 0) return { id: 'error-budget', title, spec: null, missingReason: 'These results have no traffic model, so no minute was judged against the SLO.' };
  const highest = Math.max(...values.map((v) => Math.max(v.upperPct, v.usedPct)));
  // Far below the budget, a 0–110% axis would flatten every bar onto 0: zoom to the data, and say so.
  const zoomed = highest < 50;
  const top = zoomed ? Math.max(highest * 1.2, 0.01) : Math.max(110, highest * 1.05);
  const x = { field: 'usedPct', type: 'quantitative', title: '% of the error budget used (100% = all of it)', scale: { domain: [0, top], nice: false } } as const;
  const y = { field: 'design', type: 'nominal', title: null, sort: null, scale: { domain: r.designs.map((d) => d.name) } } as const;
  const colour = { field: 'design', type: 'nominal', scale: designScale(r), legend: null } as const;
  const tooltip = [{ field: 'design' }, { field: 'usedPct', title: '% used', format: '.1f' }, { field: 'lowerPct', title: '95% CI from', format: '.1f' }, { field: 'upperPct', title: '95% CI to', format: '.1f' }];
  return {
    id: 'error-budget',
    title,
    caption: 'The share of the SLO\'s error budget each design spent over the simulated horizon (minutes judged outside the SLO against the minutes it allows), with its 95% interval clipped at 0. Past the dashed line at 100% the budget was overspent. This is where the burn ended; its course over the run is the next chart.',
    spec: {
      $schema: SCHEMA,
      title: zoomed ? `Error budget used (95% CI); every design below ${Math.ceil(highest)}% of it, axis zoomed` : 'Error budget used (95% CI)',
      config: CONFIG,
      width: CHART_WIDTH,
      height: Math.max(90, 34 * values.length),
      data: { values },
      layer: [
        { mark: { type: 'bar', opacity: 0.35 }, encoding: { y, x, color: colour, tooltip } },
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { ...x, field: 'lowerPct' }, x2: { field: 'upperPct' }, color: colour, tooltip } },
        ...(zoomed ? [] : [{ data: { values: [{ full: 100 }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00' }, encoding: { x: { field: 'full', type: 'quantitative' } } }]),
      ],
    } as TopLevelSpec,
    missingReason: null,
  };
}
