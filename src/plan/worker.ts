import { serveJobs } from '../run/pool/serveJobs.js';
import { jobEvaluator, type EvaluatorInit, type Job } from './evaluator.js';

/** Plan worker: evaluates the jobs it is sent, one at a time, caching prepared configs. */
serveJobs<EvaluatorInit, Job, string>(jobEvaluator);
