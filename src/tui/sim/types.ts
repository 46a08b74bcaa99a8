import type { FaultKind } from '../../run/pipeline.js';
import type { Results } from '../../run/results.js';
import type { WhatIf } from '../whatIf.js';

/** What the UI asks the worker to simulate: the scenario file's text and the what-ifs on top. */
export interface SimJob {
  readonly id: number;
  readonly text: string;
  readonly fileName: string;
  readonly whatIfs: readonly WhatIf[];
}

/** One fault of the replayed window, absolute seconds. */
export interface ReplayEpisode {
  readonly kind: FaultKind;
  readonly target: string;
  readonly source: 'scripted' | 'stochastic';
  readonly startS: number;
  readonly endS: number;
}

/** A moment in a fault's life, as one design lived it. */
export interface ReplayEvent {
  readonly atS: number;
  readonly what: 'failed' | 'detected' | 'failed over' | 'recovered' | 'cleared';
  readonly fault: string;
}

export interface ReplayDesign {
  readonly design: string;
  /** Ready replicas over required, per step. */
  readonly readyCapacity: readonly number[];
  /** Share of requests served per step (null: a step without requests); null without traffic. */
  readonly successRatio: readonly (number | null)[] | null;
  readonly events: readonly ReplayEvent[];
}

/**
 * One replication, replayed step by step around its most telling fault: what the UI plays back.
 * Times are absolute seconds since the start of the replication.
 */
export interface Replay {
  readonly replication: number;
  readonly focus: ReplayEpisode;
  readonly stepS: number;
  readonly tS: readonly number[];
  readonly episodes: readonly ReplayEpisode[];
  readonly designs: readonly ReplayDesign[];
}

export interface SimOutcome {
  readonly results: Results;
  readonly replay: Replay | null;
  /** Wall time of the run, for the status line. */
  readonly elapsedMs: number;
}

/** The worker's progress reports within one job. */
export interface SimProgress {
  readonly done: number;
  readonly total: number;
}
