import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { table } from '../../report/terminalTable.js';
import { intInRange, parsePositiveNumber } from '../options.js';
import { EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { parseDuration, parsePercent } from '../../scenario/index.js';
import { HaproxyNotFoundError } from '../../live/proxy/rig.js';
import { DEFAULT_PROXY_TOLERANCE, DEFAULT_STORM, PROXY_EXPERIMENTS, validateProxy, type ProxyExperiment, type ValidateProxyReport } from '../../live/proxy/validateProxy.js';

interface ProxyCliOptions {
  experiment: string;
  attempts: number;
  backends: number;
  dead: number;
  concurrency: number;
  serviceTime: string;
  overloadServiceTime: string;
  rate: number;
  overload: number;
  queueTimeout: string;
  delay: string;
  duration: string;
  warmup: string;
  timeoutServiceTime: string;
  timeoutServiceP99: string;
  perTryTimeout: string;
  timeoutRate: number;
  stormServiceTime: string;
  stormLoad: number;
  stormPerTryTimeout: string;
  stormPause: string;
  latencyTolerance: string;
  seed: string;
  ratioTolerance: string;
  goodputTolerance: string;
  haproxyBin?: string;
  tmpDir?: string;
  output: string;
}

function durationMs(flag: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UserError(`${flag}: expected ${parsed.expected}, got "${text}"${parsed.hint ? ` (${parsed.hint})` : ''}`);
  return parsed.value * 1000;
}

function percent(flag: string, text: string): number {
  const parsed = parsePercent(text);
  if (!parsed.ok) throw new UserError(`${flag}: expected ${parsed.expected}, got "${text}"`);
  return parsed.value;
}

const f = (x: number, digits: number) => (Number.isNaN(x) ? '-' : x.toFixed(digits));

export function proxyReportText(r: ValidateProxyReport): string {
  const rows = r.runs.map((run) => [
    run.experiment,
    String(run.attempts),
    `${run.backends}${run.dead > 0 ? ` (${run.dead} dead)` : ''}${run.delayMs > 0 ? ` +${run.delayMs} ms` : ''}`,
    f(run.ratePerS, 0),
    String(run.measured.requests),
    f(run.measured.successRatio, 3),
    f(run.closedForm.successRatio, 3),
    f(run.closedForm.independentSuccessRatio, 3),
    f(run.measured.attemptsPerRequest, 2),
    f(run.closedForm.attemptsPerRequest, 2),
    f(run.measured.p50Ms, 1),
    f(run.closedForm.p50Ms, 0),
    f(run.measured.p99Ms, 1),
    f(run.measured.goodputPerS, 0),
    f(run.closedForm.goodputPerS, 0),
    run.model.length > 0 ? run.model.map((m) => `${m.source} ${f(m.successRatio, 3)} p50 ${f(m.p50Ms, 1)} p99 ${f(m.p99Ms, 1)}`).join(', ') : run.stormModel !== undefined ? run.stormModel.map((p) => `${p.source} ${p.persists ? 'storm' : 'recovers'}`).join(', ') : '-',
    run.agree ? 'agree' : 'DISAGREE',
  ]);
  const lines = [
    `HAProxy ${r.haproxy} in front of Node backends on 127.0.0.1; no health checks (killed backends stay in rotation), balance random(1), retries k−1 with option redispatch 1 on refused connections (and, per-try-timeout and retry-storm, on timeout server: the per-try timeout)`,
    `open-loop Poisson load for ${r.durationMs} ms (goodput counted after a ${r.warmupMs} ms warm-up), seed ${r.seed}`,
    `closed forms: success 1 − q·r^(k−1) (HAProxy redispatch avoids the server that just failed; q = dead/N, r = (dead−1)/(N−1)), beside 1 − q^k (independent attempts); goodput min(offered, N·c/S); latency p50 S + 2d (d: one-way delay to each backend); per-try timeout 1 − τ^k with τ = P(S > T); retry storm persists iff λ·k > c`,
    `tolerance: ratios ±${r.tolerance.ratioAbs}, attempts per request ±${r.tolerance.amplificationAbs}, goodput ±${(r.tolerance.goodputRelative * 100).toFixed(0)}%, p50/p99 vs fleetsim ±${(r.tolerance.latencyRelative * 100).toFixed(0)}% (at least ${r.tolerance.latencyFloorMs} ms at p50, ${r.tolerance.p99FloorMs} ms at p99, the rig's timer noise; per-try p99 also its sampling spread)`,
    '',
    table(['experiment', 'k', 'backends', 'offered/s', 'n', 'success', 'closed', '1−q^k', 'attempts/req', 'closed', 'p50 ms', 'closed', 'p99 ms', 'goodput/s', 'closed', 'model', 'verdict'], rows),
  ];
  for (const run of r.runs) {
    if (run.experiment === 'per-try-timeout') lines.push(`per-try-timeout k=${run.attempts}: timeout server ${run.perTryTimeoutMs} ms, τ = P(S > T) = ${f(run.timeoutShare ?? Number.NaN, 3)}; p99 measured ${f(run.measured.p99Ms, 1)} ms, closed form ${f(run.closedFormP99Ms ?? Number.NaN, 1)} ms`);
    if (run.storm !== undefined) {
      const model = (run.stormModel ?? []).map((p) => `${p.source} ${p.persists ? 'persists' : 'recovers'}${Number.isFinite(p.stormS) ? ` (storm ${f(p.stormS, 1)} s)` : ''}${Number.isFinite(p.endGoodputPerS) ? ` (last second ${f(p.endGoodputPerS, 0)}/s)` : ''}`).join(', ');
      lines.push(`retry-storm k=${run.attempts}: λ·k = ${f(run.ratePerS * run.attempts, 0)}/s ${run.storm.persists ? '>' : '≤'} c: ${run.storm.persists ? 'the storm should persist' : 'it should recover'}; goodput before ${f(run.storm.beforePerS, 0)}/s, during the stall ${f(run.storm.duringPerS, 0)}/s, last second ${f(run.storm.endPerS, 0)}/s; fleetsim: ${model}`);
    }
  }
  for (const run of r.runs) for (const c of run.checks) if (!c.agree) lines.push(`DISAGREE ${run.experiment} k=${run.attempts}: ${c.quantity} measured ${f(c.measured, 3)}, expected ${f(c.expected, 3)} ± ${f(c.allowed, 3)}`);
  const pending = r.runs.find((run) => run.modelPending !== undefined)?.modelPending;
  if (pending !== undefined) lines.push('', `model: ${pending}`);
  if (r.orphansRemoved.length > 0) lines.push('', `Removed ${r.orphansRemoved.length} folder(s) left by killed fleetsim runs: ${r.orphansRemoved.join(', ')}`);
  lines.push('', r.agree ? 'The real proxy agrees with the closed forms within the tolerance.' : 'The real proxy and the closed forms DISAGREE beyond the tolerance (exit code 3).');
  return lines.join('\n');
}

/** `fleetsim validate proxy`: a real retrying HAProxy against closed forms and fleetsim's retry model. */
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
    .option('--output <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  fleetsim validate proxy\n  fleetsim validate proxy --experiment dead-backend --backends 5 --dead 1 --attempts 2 --output json\n  fleetsim validate proxy --experiment per-try-timeout,retry-storm\n\nExit codes: 0 agree, 3 disagree beyond the tolerance, 2 bad input or no haproxy, 1 failure.\n')
    .action(async (opts: ProxyCliOptions) => {
      if (opts.output !== 'table' && opts.output !== 'json') throw new UserError(`--output must be table or json, got "${opts.output}"`);
      const experiments = (opts.experiment === 'all' ? [...PROXY_EXPERIMENTS] : opts.experiment.split(',').map((s) => s.trim())) as ProxyExperiment[];
      for (const e of experiments) if (!PROXY_EXPERIMENTS.includes(e)) throw new UserError(`--experiment: unknown "${e}"; one of ${PROXY_EXPERIMENTS.join(', ')}, all`);
      if (opts.tmpDir !== undefined && !statSync(opts.tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--tmp-dir: "${opts.tmpDir}" is not a directory`);
      const progress = opts.output === 'table' && process.stderr.isTTY ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
      let report: ValidateProxyReport;
      try {
        report = await validateProxy({
          haproxyBin: opts.haproxyBin,
          experiments,
          attempts: opts.attempts,
          backends: opts.backends,
          dead: opts.dead,
          concurrency: opts.concurrency,
          serviceMs: durationMs('--service-time', opts.serviceTime),
          overloadServiceMs: durationMs('--overload-service-time', opts.overloadServiceTime),
          deadRatePerS: opts.rate,
          overloadFactor: opts.overload,
          queueTimeoutMs: durationMs('--queue-timeout', opts.queueTimeout),
          delayMs: durationMs('--delay', opts.delay),
          durationMs: durationMs('--duration', opts.duration),
          warmupMs: durationMs('--warmup', opts.warmup),
          timeoutServiceMs: durationMs('--timeout-service-time', opts.timeoutServiceTime),
          timeoutServiceP99Ms: durationMs('--timeout-service-p99', opts.timeoutServiceP99),
          perTryTimeoutMs: durationMs('--per-try-timeout', opts.perTryTimeout),
          timeoutRatePerS: opts.timeoutRate,
          storm: {
            ...DEFAULT_STORM,
            serviceMs: durationMs('--storm-service-time', opts.stormServiceTime),
            loadFactor: opts.stormLoad,
            perTryTimeoutMs: durationMs('--storm-per-try-timeout', opts.stormPerTryTimeout),
            pauseMs: durationMs('--storm-pause', opts.stormPause),
          },
          seed: opts.seed,
          tolerance: {
            ...DEFAULT_PROXY_TOLERANCE,
            ratioAbs: percent('--ratio-tolerance', opts.ratioTolerance),
            goodputRelative: percent('--goodput-tolerance', opts.goodputTolerance),
            latencyRelative: percent('--latency-tolerance', opts.latencyTolerance),
          },
          baseDir: opts.tmpDir,
          onProgress: progress,
        });
      } catch (err) {
        if (err instanceof HaproxyNotFoundError || err instanceof RangeError) throw new UserError(err.message);
        throw err;
      }
      if (opts.output === 'json') process.stdout.write(JSON.stringify(report, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2) + '\n');
      else process.stdout.write(proxyReportText(report) + '\n');
      if (!report.agree) process.exitCode = EXIT_SLO_NOT_MET;
    });
}
