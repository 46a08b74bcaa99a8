import type { Command } from 'commander';
import { intInRange, parsePositiveNumber } from '../options.js';
import { DEFAULT_PROXY_TOLERANCE, DEFAULT_STORM, PROXY_EXPERIMENTS } from './liveDefaults.js';
import { lazy } from './lazy.js';
import { formatHelp, outputFormat } from '../outputFormat.js';

export function registerValidateProxy(validate: Command): void {
  validate
    .command('proxy')
    .description('start HAProxy in front of Node backends on 127.0.0.1, kill backends, overload the pool, add latency, time out a heavy tail per try and stall the pool into a retry storm, with and without retries; compare with closed forms and fleetsim\'s fluid and request-level predictions')
    .option('--experiment <list>', `comma-separated: ${PROXY_EXPERIMENTS.join(', ')}, or all`, 'all')
    .option('--attempts <k>', 'attempts per request with retries on (HAProxy retries k−1); every experiment also runs with 1', intInRange(2, 10), 3)
    .option('--backends <n>', 'backends behind HAProxy', intInRange(2, 32), 4)
    .option('--dead <n>', 'dead-backend: backends killed', intInRange(1, 31), 2)
    .option('--concurrency <c>', 'requests each backend serves at once (also HAProxy maxconn per server)', intInRange(1, 1000), 4)
    .option('--service-time <duration>', 'dead-backend: time each request takes', '10ms')
    .option('--overload-service-time <duration>', 'overload: time each request takes', '100ms')
    .option('--rate <per-second>', 'dead-backend: offered requests per second', parsePositiveNumber, 300)
    .option('--overload <factor>', 'overload: offered load as a multiple of the pool capacity N·c/S', parsePositiveNumber, 2)
    .option('--queue-timeout <duration>', 'HAProxy timeout queue: a request waiting longer gets a 503', '250ms')
    .option('--delay <duration>', 'latency: one-way delay a user-space proxy adds between HAProxy and each backend', '20ms')
    .option('--duration <duration>', 'load duration per run', '2s')
    .option('--warmup <duration>', 'left out of goodput at the start of each run', '300ms')
    .option('--timeout-service-time <duration>', 'per-try-timeout: median of the lognormal service time', '20ms')
    .option('--timeout-service-p99 <duration>', 'per-try-timeout: p99 of the lognormal service time (above the per-try timeout: a known share times out)', '200ms')
    .option('--per-try-timeout <duration>', 'per-try-timeout: HAProxy timeout server, retried with retry-on response-timeout', '100ms')
    .option('--timeout-rate <per-second>', 'per-try-timeout: offered requests per second (the run lasts at least 3 s)', parsePositiveNumber, 150)
    .option('--storm-service-time <duration>', 'retry-storm: time each request takes', `${DEFAULT_STORM.serviceMs}ms`)
    .option('--storm-load <share>', 'retry-storm: offered load as a share of the capacity N·c/S, below 1', parsePositiveNumber, DEFAULT_STORM.loadFactor)
    .option('--storm-per-try-timeout <duration>', 'retry-storm: HAProxy timeout server', `${DEFAULT_STORM.perTryTimeoutMs}ms`)
    .option('--storm-pause <duration>', 'retry-storm: how long every backend is stalled (SIGSTOP)', `${DEFAULT_STORM.pauseMs}ms`)
    .option('--seed <seed>', 'arrival-process seed', '1')
    .option('--ratio-tolerance <percent>', 'allowed absolute difference of success and refused ratios', `${Math.round(DEFAULT_PROXY_TOLERANCE.ratioAbs * 100)}%`)
    .option('--goodput-tolerance <percent>', 'allowed relative difference of goodput', `${Math.round(DEFAULT_PROXY_TOLERANCE.goodputRelative * 100)}%`)
    .option('--latency-tolerance <percent>', 'allowed relative difference of p50 and p99 against fleetsim (at least 4 ms at p50, 25 ms at p99)', `${Math.round(DEFAULT_PROXY_TOLERANCE.latencyRelative * 100)}%`)
    .option('--haproxy-bin <path>', 'haproxy binary (default: haproxy on PATH)')
    .option('--tmp-dir <dir>', 'parent of the run folder (config, stats socket; default the OS temp dir)')
    .option('-o, --output <format>', formatHelp(['table', 'json', 'yaml']), outputFormat(['table', 'json', 'yaml']), 'table')
    .addHelpText('after', '\nExamples:\n  fleetsim validate proxy\n  fleetsim validate proxy --experiment dead-backend --backends 5 --dead 1 --attempts 2 --output json\n  fleetsim validate proxy --experiment per-try-timeout,retry-storm\n\nExit codes: 0 agree, 3 disagree beyond the tolerance, 2 bad input or no haproxy, 1 failure.\n')
    .action(lazy(async () => (await import('../commands/validateProxy.js')).validateProxyAction));
}
