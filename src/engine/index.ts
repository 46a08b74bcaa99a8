// The discrete-event kernel. Domain-free: nothing here knows about clusters or Kubernetes.
export { EventQueue, type EventHandle } from './eventQueue.js';
export { Simulator, type EventHandler, type RunLimits, type RunResult, type StopReason, type TraceHook } from './simulator.js';
export { RandomStreams, createStream, streamSeed, type RandomStream, type SeededStream } from './rng.js';
export * from './distributions.js';
export { Welford, type WelfordState } from './stats/welford.js';
export { TimeWeighted } from './stats/timeWeighted.js';
export { LogHistogram, type LogHistogramOptions, type LogHistogramState } from './stats/logHistogram.js';
export { meanConfidence, pairedDifference, tCritical, type ConfidenceInterval } from './stats/confidence.js';
