/**
 * Names and defaults of the live validations, as their help text shows them. The originals live
 * beside the code that uses them (live/etcd/predict.ts, live/proxy/validateProxy.ts,
 * live/postgres/validatePostgres.ts), which loads pg, the engine and the model: `fleetsim --help`
 * must not. test/cli/startup.test.ts checks that these copies equal the originals.
 */
export const ETCD_EXPERIMENTS = ['leader-kill', 'leader-pause', 'minority-kill', 'majority-restore', 'leader-partition'] as const;
export const PROXY_EXPERIMENTS = ['dead-backend', 'overload', 'latency', 'per-try-timeout', 'retry-storm'] as const;
export const DEFAULT_PROXY_TOLERANCE = { ratioAbs: 0.06, goodputRelative: 0.15, latencyRelative: 0.1 } as const;
export const DEFAULT_STORM = { serviceMs: 50, loadFactor: 0.6, perTryTimeoutMs: 200, pauseMs: 1000 } as const;
export const DEFAULT_POSTGRES_TOLERANCE = { lostRelative: 0.4 } as const;
/** `validate kube --local --experiment` (live/kube/local/experiments.ts). */
export const LOCAL_EXPERIMENTS = ['node-failure', 'api-outage', 'zone-failure', 'scheduler-throughput'] as const;
