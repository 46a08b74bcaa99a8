import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { setAt } from './paths.js';
import type { Knob, PlanSpec } from './spec.js';

export type KnobValue = string | number | boolean;

/** One setting of every knob: a fleet to price and simulate. */
export interface Config {
  readonly index: number;
  readonly values: readonly KnobValue[];
  /** The scenario with the knobs applied, as YAML. */
  readonly text: string;
  /** sha256 of the text (16 hex): names the config in the journal. */
  readonly key: string;
}

/** A config under one design: what the search evaluates. */
export interface Point {
  readonly id: number;
  readonly config: number;
  readonly design: string;
}

/**
 * The search space: knobs × designs, enumerated in a fixed order (first knob slowest, design
 * fastest). Configs are materialized on demand, so a large space costs only what is visited.
 */
export class Space {
  readonly configCount: number;
  readonly pointCount: number;
  private readonly cache = new Map<number, Config>();

  constructor(
    private readonly baseDoc: Record<string, unknown>,
    readonly spec: PlanSpec,
  ) {
    this.configCount = spec.knobs.reduce((a, k) => a * k.values.length, 1);
    this.pointCount = this.configCount * spec.designs.length;
  }

  get knobs(): readonly Knob[] {
    return this.spec.knobs;
  }

  /** Index of each knob's value in config `i`. */
  valueIndices(i: number): number[] {
    return valueIndicesOf(this.spec.knobs, i);
  }

  configIndex(indices: readonly number[]): number {
    return indices.reduce((a, v, k) => a * this.spec.knobs[k].values.length + v, 0);
  }

  point(id: number): Point {
    return pointOf(this.spec.designs, id);
  }

  pointId(config: number, design: string): number {
    return config * this.spec.designs.length + this.spec.designs.indexOf(design);
  }

  config(i: number): Config {
    let c = this.cache.get(i);
    if (c === undefined) {
      const idx = this.valueIndices(i);
      const values = idx.map((v, k) => this.spec.knobs[k].values[v]);
      const text = applyKnobs(this.baseDoc, this.spec, values);
      c = { index: i, values, text, key: createHash('sha256').update(text).digest('hex').slice(0, 16) };
      this.cache.set(i, c);
    }
    return c;
  }

  /** "nodes=3, type=m6i.xlarge, design=replicated". */
  describe(p: Point): string {
    const idx = this.valueIndices(p.config);
    return [...this.spec.knobs.map((k, j) => `${k.name}=${k.values[idx[j]]}`), `design=${p.design}`].join(', ');
  }
}

/** Index of each knob's value in config `i` (first knob slowest). Shared with plan shards' merge, which has no scenario. */
export function valueIndicesOf(knobs: readonly { readonly values: readonly unknown[] }[], i: number): number[] {
  const out = new Array<number>(knobs.length);
  for (let k = knobs.length - 1; k >= 0; k--) {
    const n = knobs[k].values.length;
    out[k] = i % n;
    i = Math.floor(i / n);
  }
  return out;
}

/** Point `id` of a space with these designs (design fastest). */
export function pointOf(designs: readonly string[], id: number): Point {
  const D = designs.length;
  return { id, config: Math.floor(id / D), design: designs[id % D] };
}

/** The scenario document with the plan's run settings and the knob values applied, as YAML. */
export function applyKnobs(baseDoc: Record<string, unknown>, spec: PlanSpec, values: readonly KnobValue[]): string {
  const doc = structuredClone(baseDoc);
  delete doc.plan;
  if (spec.horizonS !== undefined) doc.run = { ...((doc.run as Record<string, unknown> | undefined) ?? {}), horizon: `${spec.horizonS}s` };
  spec.knobs.forEach((k, i) => {
    if (k.kind === 'set') for (const p of k.paths) setAt(doc, p, values[i]);
    else cloneCluster(doc, k.template, values[i] as number);
  });
  return stringify(doc, { lineWidth: 0 });
}

/**
 * n clusters where the template was one: copies named <template>-2 … <template>-n in the same
 * region, listed wherever a design names the template (clusterNames, weights).
 */
function cloneCluster(doc: Record<string, unknown>, template: string, n: number): void {
  if (n <= 1) return;
  const clusters = doc.clusters as Record<string, unknown>[];
  const at = clusters.findIndex((c) => c.name === template);
  const names = Array.from({ length: n - 1 }, (_, j) => `${template}-${j + 2}`);
  clusters.splice(at + 1, 0, ...names.map((name) => ({ ...structuredClone(clusters[at]), name })));
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      if (x.includes(template)) x.push(...names);
      x.forEach(walk);
    } else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o[template] === 'number') for (const name of names) o[name] = o[template];
      Object.values(o).forEach(walk);
    }
  };
  walk(doc.designs);
}
