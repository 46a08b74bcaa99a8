/**
 * THE PLACE WHERE FLEETSIM'S OWN PREDICTION GOES (issue 16).
 *
 * The proxy experiments are compared today with closed forms (closedForms.ts) only. Once the model
 * reads designs[].traffic.retries (src/scenario/retries.ts, resolved into TrafficPolicy.retries),
 * this function should build the same configuration as a one-cluster scenario (N pods of
 * concurrency c and service time S behind one ingress, D pods crashed for the window, the offered
 * rate, k attempts) and return the request-level and fluid predictions of success ratio, p50/p99
 * and goodput. validateProxy.ts already puts whatever this returns in the report and the table
 * (column "model"), and the tests in test/live/proxy/ hold a skipped comparison waiting for it.
 * Until then it returns undefined with the reason, and nothing claims the model was compared.
 */
export interface ModelPrediction {
  readonly source: 'request-level' | 'fluid';
  readonly successRatio: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly goodputPerS: number;
}

export interface ProxyScenarioConfig {
  readonly backends: number;
  readonly dead: number;
  readonly concurrency: number;
  readonly serviceMs: number;
  readonly ratePerS: number;
  readonly attempts: number;
  readonly queueTimeoutMs: number;
}

export const MODEL_PENDING_REASON = 'the model does not read designs[].traffic.retries yet (issue 16): compared with closed forms only';

export function modelPredictions(_config: ProxyScenarioConfig): { predictions: ModelPrediction[]; pendingReason: string | undefined } {
  return { predictions: [], pendingReason: MODEL_PENDING_REASON };
}
