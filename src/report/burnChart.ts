import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { designScale } from './palette.js';

const DAY_S = 86_400;

/** Rows of the burn chart: per design and step, the cumulative share of the budget used (percent) with its interval clipped at 0. */
export function burnRows(r: Results) {
  const warmupDays = r.scenario.warmupS / DAY_S;
  return r.designs.flatMap((d) => {
    const b = d.traffic?.errorBudgetBurn;
    if (b === undefined || b === null) return [];
    return b.endS.map((endS, k) => ({
      design: d.name,
      day: endS / DAY_S - warmupDays,
      usedPct: b.mean[k] * 100,
      lowerPct: Math.max(0, b.lower[k]) * 100,
      upperPct: Math.max(0, b.upper[k]) * 100,
    }));
  });
}

/**
 * The error budget's burn over the horizon (designs[].traffic.errorBudgetBurn): the cumulative share
 * of the whole run's budget spent by each day, mean over replications with its 95% band; the dashed
 * line is 100% (all of it). The last point of each line is the total the error-budget chart shows.
 */
export function burnChart(r: Results): Chart {
  const title = 'Error budget burn over the run';
  if (r.scenario.slo === null) return { id: 'error-budget-burn', title, spec: null, missingReason: 'The scenario sets no SLO (run.slo), so there is no error budget to burn.' };
  const values = burnRows(r);
  if (values.length === 0) return { id: 'error-budget-burn', title, spec: null, missingReason: 'These results hold no burn series (made without the traffic model, or before fleetsim kept one: designs[].traffic.errorBudgetBurn).' };
  const step = r.designs.find((d) => d.traffic?.errorBudgetBurn)!.traffic!.errorBudgetBurn!.stepS;
  const stepWord = step === DAY_S ? 'day' : step === 7 * DAY_S ? 'week' : step >= 3600 ? `${step / 3600} h` : `${step / 60} min`;
  const highest = Math.max(...values.map((v) => v.upperPct));
  const top = Math.max(110, highest * 1.05);
  const x = { field: 'day', type: 'quantitative', title: 'days after warm-up', scale: { nice: false } } as const;
  const y = { field: 'usedPct', type: 'quantitative', title: '% of the run\'s error budget used', scale: { domain: [0, top], nice: false } } as const;
  const colour = { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' } as const;
  const tooltip = [{ field: 'design' }, { field: 'day', title: 'day', format: '.1f' }, { field: 'usedPct', title: '% used', format: '.1f' }, { field: 'lowerPct', title: '95% CI from', format: '.1f' }, { field: 'upperPct', title: '95% CI to', format: '.1f' }];
  return {
    id: 'error-budget-burn',
    title,
    caption: `Cumulative share of the run's error budget ((1 − SLO availability) × its requests) spent by the end of each ${stepWord}: mean over replications, the band its 95% interval (clipped at 0). Past the dashed line at 100% the budget is overspent; a line that crosses it early says when. Each line ends at the design's total in the error-budget chart.`,
    spec: {
      $schema: SCHEMA,
      title: 'Error budget used so far (mean, 95% band)',
      config: CONFIG,
      width: CHART_WIDTH,
      height: 260,
      data: { values },
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'lowerPct' }, y2: { field: 'upperPct' }, color: colour } },
        { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color: colour, tooltip } },
        { data: { values: [{ full: 100, label: '100%: the whole budget' }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00' }, encoding: { y: { field: 'full', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'error budget' }] } },
      ],
    } as TopLevelSpec,
    missingReason: null,
  };
}
