import type { Command } from 'commander';
import { parseIntOption, parsePositiveNumber } from '../options.js';
import { DEFAULT_POSTGRES_TOLERANCE, ETCD_EXPERIMENTS, LOCAL_EXPERIMENTS } from './liveDefaults.js';
import { lazy } from './lazy.js';
import { registerValidateProxy } from './validateProxy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

function registerValidateEtcd(validate: Command): void {
  validate
    .command('etcd')
    .argument('[scenario]', 'take members, heartbeat, election timeout and pre-vote from a self-managed cluster of this scenario (with --cluster)')
    .description('start a real etcd cluster on 127.0.0.1, inject faults, and compare write unavailability with the simulation')
    .option('--cluster <name>', 'with a scenario: the cluster whose etcd settings to use')
    .option('--members <n>', 'number of members (default 3)', parseIntOption)
    .option('--heartbeat <duration>', 'heartbeat interval (default 100ms)')
    .option('--election-timeout <duration>', 'election timeout (default 1000ms)')
    .option('--pre-vote', 'enable pre-vote (default: the binary\'s default, off in 3.4, on from 3.5)')
    .option('--no-pre-vote', 'disable pre-vote')
    .option('--experiment <list>', `comma-separated: ${ETCD_EXPERIMENTS.join(', ')}, or all`, 'leader-kill')
    .option('--trials <n>', 'real trials per experiment', parseIntOption, 10)
    .option('--sim-trials <n>', 'simulated trials per experiment', parseIntOption, 2000)
    .option('--seed <seed>', 'simulation seed', '1')
    .option('--peer-delay <duration>', 'one-way delay the peer proxy adds to every message (RTT grows by twice this)', '0ms')
    .option('--proxy', 'route peer traffic through the user-space proxy even without delay', false)
    .option('--fsync <duration|auto>', 'fdatasync time for the simulation; auto measures it in the data directory', 'auto')
    .option('--pause <duration>', 'leader-pause: how long the leader stays stopped (default 3 × election timeout)')
    .option('--hold <duration>', 'majority-restore: how long the majority stays down (default 2 × election timeout)')
    .option('--etcd-bin <path>', 'etcd binary (default: etcd on PATH)')
    .option('--alpha <p>', 'KS test significance level', '0.01')
    .option('--median-tolerance <percent>', 'allowed median difference, relative to the simulated median', '25%')
    .option('--tmp-dir <dir>', 'parent of the data directories (default: the OS temp dir)')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim validate etcd --heartbeat 50ms --election-timeout 500ms --trials 10\n' +
        '  fleetsim validate etcd --experiment all --peer-delay 5ms\n  fleetsim validate etcd scenario.yaml --cluster us-1 --experiment leader-kill,leader-pause\n' +
        '\nExit codes: 0 agree, 3 disagree beyond the tolerance, 2 bad input or no etcd, 1 failure.\n',
    )
    .action(lazy(async () => (await import('../commands/validate.js')).validateEtcdAction));
}

function registerValidateKube(validate: Command): void {
  validate
    .command('kube')
    .description(
      'run a node-stop or pod-kill experiment on a real (kind) cluster, or with --local a node failure, an API outage, a zone failure or a mass eviction (scheduler throughput) on a real control plane started on 127.0.0.1 (no Docker), and compare with the simulation',
    )
    .option('--local', 'start etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK nodes on 127.0.0.1 (built by scripts/kube/build.sh) and stop nodes', false)
    .option('--context <name>', 'kind path (required without --local): kubeconfig context of a kind cluster on this machine (loopback API server, kind:// nodes) unless --allow-context names it')
    .option('--allow-context <name>', 'allow a destructive experiment on this context although it is not a kind cluster (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--experiment <kind>', `kind path: node-stop or pod-kill (default pod-kill); --local: ${LOCAL_EXPERIMENTS.join(', ')} (node-failure the default), a comma-separated list, or all`)
    .option('--namespace <ns>', 'namespace of the workload', 'default')
    .option('--deployment <name>', 'kind path (required without --local): the Deployment (or StatefulSet) to watch')
    .option('--trials <n>', 'real trials', parseIntOption, 3)
    .option('--pods <n>', 'pod-kill: pods deleted per trial', parseIntOption, 1)
    .option('--sim-trials <n>', 'simulated trials', parseIntOption, 200)
    .option('--seed <seed>', 'simulation seed', '1')
    .option('--poll <duration>', 'API polling period, the resolution (default 1s; with --local 100ms)')
    .option('--timeout <duration>', 'give up on a trial after', '15m')
    .option('--docker <path>', 'docker CLI, to stop kind nodes', 'docker')
    .option('--request-timeout <duration>', 'give up on one API request after', '10s')
    .option('--median-tolerance <percent>', 'allowed median difference, relative to the simulated median', '25%')
    .option('--nodes <n>', '--local: KWOK nodes', parseIntOption, 3)
    .option('--zones <n>', '--local: zones the nodes are spread over', parseIntOption, 3)
    .option('--replicas <n>', '--local: replicas of the Deployment (default 6; scheduler-throughput 90)', parseIntOption)
    .option('--grace-period <duration>', '--local: kube-controller-manager --node-monitor-grace-period (Kubernetes default 50s; default 20s, zone-failure 10s)')
    .option('--monitor-period <duration>', '--local: kube-controller-manager --node-monitor-period (default 5s)')
    .option('--lease-duration <duration>', "--local: the node lease's duration; renewed every quarter of it, like a kubelet's (default 40s, zone-failure 4s)")
    .option('--toleration <duration>', '--local: tolerationSeconds for not-ready and unreachable given to every pod (Kubernetes default 300s; default 10s, zone-failure 300s)')
    .option('--outage <duration>', '--local api-outage: how long kube-apiserver stays down (longer than --grace-period)', '45s')
    .option('--pod-startup <duration>', '--local: time from a pod bound to Ready (KWOK stage delay; the model gets the same)', '1s')
    .option('--eviction-rate <per-second>', '--local: kube-controller-manager --node-eviction-rate, nodes/s (Kubernetes default 0.1; zone-failure 0.5)')
    .option('--secondary-eviction-rate <per-second>', '--local: --secondary-node-eviction-rate, nodes/s (Kubernetes default 0.01; zone-failure 0.2)')
    .option('--unhealthy-zone-threshold <ratio>', '--local: --unhealthy-zone-threshold, e.g. 0.55 or 55% (the default)')
    .option('--large-cluster-size-threshold <n>', '--local: --large-cluster-size-threshold, nodes (Kubernetes default 50; zone-failure 6)', parseIntOption)
    .option('--window <duration>', '--local zone-failure: watch the taints this long after the last failing node turned NotReady', '30s')
    .option('--all-zones-down', '--local zone-failure: stop every node of two zones instead (nothing may be tainted)', false)
    .option('--gap-tolerance <duration>', '--local zone-failure: allowed distance of the mean gap between taints outside the model\'s range, beyond the 1 s resolution of timeAdded', '0.1s')
    .option('--first-taint-tolerance <duration>', '--local zone-failure: allowed distance of "NotReady → first taint" outside the model\'s range; reported, not judged (API write latency, CPU-bound)', '2.5s')
    .option('--heartbeat-tolerance <duration>', '--local: allowed distance of "last heartbeat → NotReady" outside the model\'s range', '1s')
    .option('--recovery-tolerance <duration>', '--local: allowed distance of the recovery times outside the model\'s range', '1.5s')
    .option('--stage-tolerance <duration>', '--local scheduler-throughput: allowed distance of the replacements\' Ready times outside the model\'s range', '1s')
    .option('--rate-tolerance <percent>', '--local scheduler-throughput: allowed difference of the pods-per-second rates, relative to the model\'s', '25%')
    .option('--kube-bin <dir>', '--local: folder with the built programs (default $FLEETSIM_KUBE_BIN or ~/.cache/fleetsim/kube-bin/<version>)')
    .option('--tmp-dir <dir>', '--local: parent of the run folder (default: the OS temp dir)')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim validate kube --local\n  fleetsim validate kube --local --grace-period 50s --toleration 300s\n  fleetsim validate kube --local --experiment api-outage --outage 60s\n  fleetsim validate kube --local --experiment zone-failure\n  fleetsim validate kube --local --experiment scheduler-throughput --replicas 120\n' +
        '  fleetsim validate kube --context kind-fleetsim-eu-1 --namespace shop --deployment web --experiment pod-kill\n  fleetsim validate kube --context kind-fleetsim-eu-1 --deployment web --experiment node-stop --trials 1\n' +
        '\nExit codes: 0 agree, 3 disagree beyond the tolerance, 2 bad input or programs missing, 1 failure.\n',
    )
    .action(lazy(async () => (await import('../commands/validate.js')).validateKubeAction));
}

function registerValidatePostgres(validate: Command): void {
  validate
    .command('postgres')
    .description('start a real PostgreSQL primary and streaming standby on 127.0.0.1 with a delay proxy on the replication link; measure commit latency (async and sync), writes lost and the time to a new primary when the primary is killed under load; compare with the state model')
    .option('--rtt <list>', 'replication round-trip times for the commit-latency experiment, comma-separated (the failovers run at the largest)', '0ms,20ms,50ms')
    .option('--commit-samples <n>', 'commits per mode and RTT', parseIntOption, 50)
    .option('--trials <n>', 'asynchronous failovers per kill mode', parseIntOption, 3)
    .option('--sync-trials <n>', 'synchronous failovers (the link cut with the primary)', parseIntOption, 1)
    .option('--kill <list>', `how the primary dies, comma-separated: crash (in-flight WAL still arrives), cut (the link dies with it)`, 'crash,cut')
    .option('--rate <per-second>', 'steady write load: single-row commits per second', parsePositiveNumber, 200)
    .option('--connections <n>', 'client connections of the write load (default: enough for the rate at the largest RTT)', parseIntOption)
    .option('--load <duration>', 'steady load before each kill', '1500ms')
    .option('--detection <duration>', 'failover manager: the primary is lost after this long without a successful health check (the model\'s detection)', '1s')
    .option('--check-interval <duration>', 'failover manager: health-check period', '100ms')
    .option('--promotion <duration>', 'the model\'s promotion time for this configuration (PostgreSQL\'s own promotion)', '50ms')
    .option('--reconnect <duration>', 'clients retry a failed connection after this long (also the model\'s reconnect)', '50ms')
    .option('--lost-tolerance <percent>', 'allowed difference of the mean writes lost, relative to the prediction (at least 3 writes)', `${Math.round(DEFAULT_POSTGRES_TOLERANCE.lostRelative * 100)}%`)
    .option('--pg-bin <dir>', 'directory of initdb, postgres and pg_basebackup (default: found from initdb on PATH or /usr/lib/postgresql/N/bin)')
    .option('--tmp-dir <dir>', 'parent of the data directories (default: the OS temp dir)')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .option('--json', 'the same as --output json')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetsim validate postgres\n  fleetsim validate postgres --rtt 50ms --trials 5 --json\n  fleetsim validate postgres --detection 2s --check-interval 200ms --kill cut\n' +
        '\nRun as root, the servers run as the postgres user (PostgreSQL refuses root).\nExit codes: 0 agree, 3 disagree beyond the tolerance, 2 bad input or no PostgreSQL, 1 failure.\n',
    )
    .action(lazy(async () => (await import('../commands/validate.js')).validatePostgresAction));
}

export function registerValidate(program: Command): void {
  const validate = program.command('validate').description('check the model against real systems: etcd processes, HAProxy with Node backends or a PostgreSQL primary and standby run here, or a kind cluster');
  registerValidateEtcd(validate);
  registerValidateKube(validate);
  registerValidateProxy(validate);
  registerValidatePostgres(validate);
}
