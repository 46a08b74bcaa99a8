import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../run/results.js';
import { userRecoveryOf } from '../run/summarize.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { designScale } from './palette.js';

/**
 * Downtime by fault kind as users felt it (designs[].recovery.users.byKind): per kind and design, how
 * many faults users noticed out of all, and the time outside the SLO each noticed fault cost them
 * (median, p90, worst). results.json holds these spreads, not a total per kind, so the chart counts
 * faults and shows how long they hurt instead of summing minutes it does not have.
 */
export function faultKindRows(r: Results) {
  return r.designs.flatMap((d) => {
    const users = userRecoveryOf(d);
    return (users?.byKind ?? []).map((k) => ({
      design: d.name,
      kind: k.kind,
      faults: k.count,
      noticed: k.noticed,
      notBack: k.censored,
      feltMedianMin: k.felt.medianS === null ? null : k.felt.medianS / 60,
      feltP90Min: k.felt.p90S === null ? null : k.felt.p90S / 60,
      feltMaxMin: k.felt.maxS === null ? null : k.felt.maxS / 60,
    }));
  });
}

export function faultKindChart(r: Results): Chart {
  const values = faultKindRows(r);
  const title = 'Faults by kind: how many users noticed, and for how long';
  if (values.length === 0) return { id: 'fault-kinds', title, spec: null, missingReason: 'No fault started after warm-up, or these results have no traffic model (recovery.users is null), so no fault was judged as users felt it.' };
  const kinds = [...new Set(values.map((v) => v.kind))];
  const designs = r.designs.map((d) => d.name).filter((d) => values.some((v) => v.design === d));
  const y = { field: 'kind', type: 'nominal', title: 'fault kind', sort: kinds, scale: { domain: kinds } } as const;
  const yOffset = { field: 'design', type: 'nominal', sort: designs, scale: { domain: designs } } as const;
  const tooltip = [
    { field: 'kind', title: 'fault kind' },
    { field: 'design' },
    { field: 'faults', title: 'faults (all replications)' },
    { field: 'noticed', title: 'noticed by users' },
    { field: 'notBack', title: 'users not back by the end' },
    { field: 'feltMedianMin', title: 'minutes outside SLO per fault, median', format: '.1f' },
    { field: 'feltP90Min', title: 'p90', format: '.1f' },
    { field: 'feltMaxMin', title: 'worst', format: '.1f' },
  ];
  return {
    id: 'fault-kinds',
    title,
    caption: 'Per fault kind and design, over all replications: the pale bar counts the faults, the solid bar those users noticed (some minute outside the SLO in the fault\'s impact window). Hover a bar for the minutes each fault kept users outside the SLO (median, p90, worst); the fault recovery table below lists the same per kind.',
    spec: {
      $schema: SCHEMA,
      title: 'Faults per kind: all (pale) and noticed by users (solid)',
      config: CONFIG,
      width: CHART_WIDTH,
      height: { step: 14 } as unknown as number,
      data: { values },
      layer: [
        { mark: { type: 'bar', opacity: 0.25 }, encoding: { y, yOffset, x: { field: 'faults', type: 'quantitative', title: 'faults, all replications' }, color: { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' }, tooltip } },
        { mark: { type: 'bar' }, encoding: { y, yOffset, x: { field: 'noticed', type: 'quantitative' }, color: { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' }, tooltip } },
      ],
    } as TopLevelSpec,
    missingReason: null,
  };
}
