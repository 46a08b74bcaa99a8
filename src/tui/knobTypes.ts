import type { WhatIf } from './whatIf.js';

/** What a knob is (knobs.ts builds the scenario's; fileKnobs.ts the ones that edit the YAML): apart, so neither imports the other. */
export type KnobValue = number | string;
export type KnobValues = Readonly<Record<string, KnobValue>>;

export interface Knob {
  readonly id: string;
  readonly group: 'nodes' | 'replicas' | 'etcd' | 'traffic' | 'failover' | 'run';
  readonly label: string;
  readonly base: KnobValue;
  step(v: KnobValue, dir: 1 | -1): KnobValue;
  format(v: KnobValue): string;
  /** A typed value, read with the scenario's own unit parsers: the value, or what was expected. */
  parse(text: string): ParsedKnob;
  /** What to type, shown in the input ("a count ≥ 1", "a duration like 30s"). */
  readonly expects: string;
  /** null when the knob does not apply with the other knobs' values (a TTL under anycast). */
  toWhatIf(v: KnobValue, values: KnobValues): WhatIf | null;
  /** Shown after the value at once, before any run (an instance type's shape and Δ list cost). */
  note?(v: KnobValue): string | null;
}

export type ParsedKnob = { readonly ok: true; readonly value: KnobValue } | { readonly ok: false; readonly message: string };
