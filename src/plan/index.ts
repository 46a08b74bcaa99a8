// Capacity planning: search knobs × designs for the cheapest point meeting the SLO.
export { preparePlan, runPlan, runPlanMeasured, runPlanShard, chooseStrategy, planSpeed, planSize, defaultPlanWorkers, PlanInputError, type PreparedPlan, type PlanRun, type PlanSpeed } from './plan.js';
export { parsePlan, type PlanSpec, type Knob } from './spec.js';
export { Space, applyKnobs, type Config, type Point, type KnobValue } from './space.js';
export { search, jobKey, type Strategy, type SearchOutcome, type SearchOptions } from './search.js';
export { pointStats, paretoFrontier, type PointStats, type PointStatus } from './stats.js';
export { buildReport, type PlanReport, type PointRow } from './report.js';
export { edgeWarnings, knobEdgeSources, type KnobEdgeSource, type PlanWarning } from './edges.js';
export { planMarkdown } from './markdown.js';
export { asciiFrontier, frontierSpec } from './chart.js';
export { InThreadEvaluator, PoolEvaluator, WorkerEvaluator, type Evaluator, type Job, type JobResult } from './evaluator.js';
export { evaluateSample, prepareConfig, type Sample } from './evaluate.js';
export { combinePlanPartials, isPlanPartial, parsePlanPartial, planPartial, shardPoints, PLAN_PARTIAL_SCHEMA, type PlanPartial } from './shard.js';
