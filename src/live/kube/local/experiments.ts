/** `validate kube --local --experiment`: the experiments on a local control plane (cli/definitions/liveDefaults.ts keeps a copy for the help text). */
export const LOCAL_EXPERIMENTS = ['node-failure', 'zone-failure'] as const;
