import { serveJobs } from '../run/pool/serveJobs.js';
import { chunkEvaluator, type EvaluatorInit, type Job } from './evaluator.js';

/** Plan worker: evaluates the chunks of jobs it takes, one job at a time, caching prepared configs. */
serveJobs<EvaluatorInit, readonly Job[], string[]>(chunkEvaluator);
