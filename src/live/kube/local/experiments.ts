/** `validate kube --local --experiment`: the experiments on a local control plane, in the order `all` runs them (cli/definitions/liveDefaults.ts keeps a copy for the help text). */
export const LOCAL_EXPERIMENTS = ['node-failure', 'api-outage', 'zone-failure', 'scheduler-throughput'] as const;
export type LocalExperiment = (typeof LOCAL_EXPERIMENTS)[number];
