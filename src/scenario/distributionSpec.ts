/**
 * A distribution of durations, in seconds, as the scenario gives it. `toDistribution()` in
 * distributions.ts maps a spec onto src/engine/distributions.ts. A leaf module, so that the type
 * files of every scenario section can use it.
 */
export type DistributionSpec =
  | { readonly kind: 'constant'; readonly valueS: number }
  | { readonly kind: 'uniform'; readonly minS: number; readonly maxS: number }
  | { readonly kind: 'exponential'; readonly meanS: number }
  | { readonly kind: 'normal'; readonly meanS: number; readonly sdS: number }
  /** Lognormal by its median and log-space standard deviation (sigma); p99 inputs are converted. */
  | { readonly kind: 'lognormal'; readonly medianS: number; readonly sigma: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scaleS: number }
  | { readonly kind: 'empiricalSamples'; readonly samplesS: readonly number[] }
  | { readonly kind: 'empiricalCdf'; readonly points: readonly { readonly valueS: number; readonly p: number }[] };
