import type { CostSetup } from '../cost/index.js';
import type { KnobEdgeSource } from './edges.js';
import type { EvaluatorInit } from './evaluator.js';
import type { Space } from './space.js';
import type { PlanSpec } from './spec.js';

/** A plan ready to search: its space, settings, prices and the identity its journal and shards carry. */
export interface PreparedPlan {
  readonly space: Space;
  readonly spec: PlanSpec;
  readonly cost: CostSetup;
  readonly init: EvaluatorInit;
  /** Hash of prices and usage: the journal is valid only under the same ones. */
  readonly costSha: string;
  /** sha256 of the scenario file's text: plan shards merge only with shards of the same file. */
  readonly scenarioSha256: string;
  /** Per knob, where its range is written (null: a knob without edges): the optimum-on-an-edge warnings point there. */
  readonly edgeSources: readonly (KnobEdgeSource | null)[];
}
