import { formatPath, type SourceLocator } from '../scenario/errors.js';
import { valueIndicesOf, type KnobValue } from './space.js';
import type { Knob } from './spec.js';
import type { PointStats } from './stats.js';

/**
 * An optimum on the edge of a knob's range: the search may have stopped at the range rather than at
 * the best fleet. A knob whose numbers go up (a `range`, or a `values` list in increasing order)
 * has two edges; when the cheapest point meeting the SLO sits on one and its neighbour just inside
 * is worse (misses the SLO, costs more, or was never evaluated), the answer may lie beyond the edge
 * and the plan says so, at the file position of the range, with a hint to widen it. A neighbour
 * that meets the SLO for no more money means the objective is flat there: no warning.
 */

/** Where a knob's range sits in the scenario file, as a plan shard carries it to `merge`. */
export interface KnobEdgeSource {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** "plan.knobs[0].range". */
  readonly path: string;
  readonly field: 'range' | 'values';
  /** range.step; null for a values list. */
  readonly step: number | null;
}

/** A warning of the plan, in the shape of check's warnings (file:line:col, path, message, hint). */
export interface PlanWarning {
  readonly severity: 'warning';
  readonly kind: 'optimumOnRangeEdge';
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly knob: string;
  readonly edge: 'lower' | 'upper';
  readonly value: number;
  readonly message: string;
  readonly hint: string;
}

/** Each knob's source position; null for a knob without edges (names, flags, a single value, values out of order). */
export function knobEdgeSources(knobs: readonly Knob[], file: string, locator: SourceLocator): (KnobEdgeSource | null)[] {
  return knobs.map((k) => {
    if (!hasEdges(k.values)) return null;
    const pos = locator.locate(k.source.path);
    return { file, line: pos.line, col: pos.col, path: formatPath(k.source.path), field: k.source.field, step: k.source.step };
  });
}

function hasEdges(values: readonly KnobValue[]): values is readonly number[] {
  return values.length >= 2 && values.every((v, j) => typeof v === 'number' && (j === 0 || v > (values[j - 1] as number)));
}

/** What the warnings read of the plan: knobs (in space order), designs, and each evaluated point's statistics. */
export interface EdgeInput {
  readonly knobs: readonly { readonly name: string; readonly values: readonly KnobValue[] }[];
  readonly designs: readonly string[];
  readonly stats: ReadonlyMap<number, Pick<PointStats, 'status' | 'monthlyUsd'>>;
  readonly optimum: number | null;
  /** By knob index; null or missing: no warning for that knob. */
  readonly sources: readonly (KnobEdgeSource | null)[];
}

/** Costs within this fraction are a tie, as the search's choice of the optimum treats them (search.ts, cheapestMet). */
const COST_TIE = 0.005;
const round = (x: number) => Math.round(x * 1e9) / 1e9;
const usd = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;

export function edgeWarnings(p: EdgeInput): PlanWarning[] {
  if (p.optimum === null) return [];
  const D = p.designs.length;
  const config = Math.floor(p.optimum / D);
  const design = p.designs[p.optimum % D];
  const idx = valueIndicesOf(p.knobs, config);
  const best = p.stats.get(p.optimum)?.monthlyUsd.mean ?? null;
  const at = p.knobs.map((k, j) => `${k.name}=${k.values[idx[j]]}`).join(' ');
  const out: PlanWarning[] = [];
  p.knobs.forEach((k, j) => {
    const src = p.sources[j];
    if (src == null || !hasEdges(k.values)) return;
    const n = k.values.length;
    const edge = idx[j] === 0 ? 'lower' : idx[j] === n - 1 ? 'upper' : null;
    if (edge === null) return;
    // The neighbour just inside the range, every other knob and the design as at the optimum.
    const inner = [...idx];
    inner[j] += edge === 'upper' ? -1 : 1;
    const innerConfig = inner.reduce((a, v, q) => a * p.knobs[q].values.length + v, 0);
    const s = p.stats.get(innerConfig * D + p.designs.indexOf(design));
    const innerValue = k.values[inner[j]];
    const innerCost = s?.monthlyUsd.mean ?? null;
    let why: string;
    if (s === undefined || s.status === 'invalid') why = `${k.name}=${innerValue} was ${s === undefined ? 'not evaluated' : 'invalid'}`;
    else if (s.status !== 'met') why = `${k.name}=${innerValue} ${s.status === 'not met' ? 'misses' : 'is not shown to meet'} the SLO`;
    else if (innerCost !== null && best !== null && innerCost > best * (1 + COST_TIE)) why = `${k.name}=${innerValue} costs ${usd(innerCost - best)} a month more`;
    else return; // flat: the neighbour meets the SLO for no more money (within the tie)
    const value = k.values[idx[j]] as number;
    const step = src.step ?? Math.abs(value - (innerValue as number));
    const next = round(edge === 'upper' ? value + step : value - step);
    const hint =
      src.field === 'range'
        ? `widen ${src.path} (${k.name}) ${edge === 'upper' ? `beyond ${value}: to: ${next}` : `below ${value}: from: ${next}`} or further`
        : `add values ${edge === 'upper' ? `above ${value}` : `below ${value}`} (e.g. ${next}) to ${src.path} (${k.name})`;
    out.push({
      severity: 'warning',
      kind: 'optimumOnRangeEdge',
      file: src.file,
      line: src.line,
      col: src.col,
      path: src.path,
      knob: k.name,
      edge,
      value,
      message: `the optimum (${at ? `${at} ` : ''}${design}) sits on the ${edge} edge of ${k.name} (${k.values[0]} to ${k.values[n - 1]}) and ${why}: a better point may lie ${edge === 'upper' ? 'above' : 'below'} ${value}`,
      hint,
    });
  });
  return out;
}
