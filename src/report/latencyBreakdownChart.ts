import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { categoryScale } from './palette.js';

const PARTS = [
  ['networkMs', 'network'],
  ['queueingMs', 'queueing'],
  ['serviceMs', 'service'],
  ['retriesMs', 'retries'],
] as const;

/**
 * Where the p99 goes (designs[].latencyBreakdown.p99): per design, the mean milliseconds of the
 * requests between p98.5 and p99.5 in each hop's network, queueing, service and retries. A request's
 * hops add up to its latency, so a bar's length is that slice's latency.
 */
export function latencyBreakdownRows(r: Results) {
  return r.designs.flatMap((d) =>
    (d.latencyBreakdown?.p99 ?? []).flatMap((hop) =>
      PARTS.map(([k, part]) => ({ design: d.name, service: hop.service, part, band: `${hop.service} · ${part}`, ms: hop[k].mean ?? 0 })).filter((x) => x.ms > 0),
    ),
  );
}

export function latencyBreakdownChart(r: Results): Chart {
  const values = latencyBreakdownRows(r);
  if (values.length === 0) {
    return { id: 'latency-breakdown', title: 'What makes the p99, hop by hop', spec: null, missingReason: 'These results carry no latency breakdown: set run.latencyBreakdown: true in the scenario to measure where the p99 goes.' };
  }
  const parts = PARTS.map(([, p]) => p as string).filter((p) => values.some((v) => v.part === p));
  return {
    id: 'latency-breakdown',
    title: 'What makes the p99, hop by hop',
    caption: 'The requests between p98.5 and p99.5, split by the service each hop enters and by where the time went: network (round trips into it, the user\'s RTT for the entry service), queueing, the pods\' own service time, and failed attempts with their backoff. Bar length ≈ the p99. Hover a band for its service.',
    spec: {
      $schema: SCHEMA,
      title: 'p99 latency by hop and part (ms, mean over replications)',
      config: CONFIG,
      width: CHART_WIDTH,
      height: Math.max(90, 34 * new Set(values.map((v) => v.design)).size),
      data: { values },
      mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
      encoding: {
        y: { field: 'design', type: 'nominal', title: null, sort: r.designs.map((d) => d.name) },
        x: { field: 'ms', type: 'quantitative', title: 'ms', stack: 'zero' },
        color: { field: 'part', type: 'nominal', title: 'part', scale: categoryScale(parts) },
        tooltip: [{ field: 'design' }, { field: 'service' }, { field: 'part' }, { field: 'ms', format: '.2f' }],
      },
    } as TopLevelSpec,
    missingReason: null,
  };
}
