// Sizing: the fewest replicas and nodes that carry a design's peak and survive its named failure (docs/sizing.md).
export * from './types.js';
export { sizeDesign, sizingSpecOf } from './sizeDesign.js';
export { applySizing } from './applySizing.js';
export { failureCases } from './failures.js';
export { sizePool, waitQuantileS, utilizationCap, type PoolLoad, type PoolSize } from './poolSizing.js';
export { candidateTimes, demandPerS } from './peakDemand.js';
