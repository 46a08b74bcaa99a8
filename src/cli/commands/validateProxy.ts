import { statSync } from 'node:fs';
import { table } from '../../report/terminalTable.js';
import { EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { parseDuration, parsePercent } from '../../scenario/index.js';
import { HaproxyNotFoundError } from '../../live/proxy/rig.js';
import { DEFAULT_PROXY_TOLERANCE, DEFAULT_STORM, PROXY_EXPERIMENTS, validateProxy, type ProxyExperiment, type ValidateProxyReport } from '../../live/proxy/validateProxy.js';
import { requireFormat, structuredText } from '../structuredOutput.js';

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
    `tolerance: ratios ±${r.tolerance.ratioAbs}, attempts per request ±${r.tolerance.amplificationAbs}, goodput ±${(r.tolerance.goodputRelative * 100).toFixed(0)}%, p50/p99 vs fleetsim ±${(r.tolerance.latencyRelative * 100).toFixed(0)}% (at least ${r.tolerance.latencyFloorMs} ms at p50 plus the rig's own overhead measured in the run, ${r.tolerance.p99FloorMs} ms at p99 or the rig's own overhead p99, the rig's timer noise; per-try p50 and p99 also their sampling spread)`,
    '',
    table(['experiment', 'k', 'backends', 'offered/s', 'n', 'success', 'closed', '1−q^k', 'attempts/req', 'closed', 'p50 ms', 'closed', 'p99 ms', 'goodput/s', 'closed', 'model', 'verdict'], rows),
  ];
  for (const run of r.runs) {
    if (run.rig !== undefined && run.experiment !== 'overload') lines.push(`${run.experiment} k=${run.attempts}: the rig's own overhead (client time − service time drawn${run.delayMs > 0 ? ' − 2d' : ''}): median ${f(run.rig.p50Ms, 1)} ms, p90 ${f(run.rig.p90Ms, 1)} ms, p99 ${f(run.rig.p99Ms, 1)} ms, mean ${f(run.rig.meanMs, 1)} ms (the mean is added to the p50 allowance; the p99 is a floor of the p99 allowance)`);
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
export async function validateProxyAction(opts: ProxyCliOptions) {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
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
  if (output !== 'table') process.stdout.write(structuredText(report, output, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)));
  else process.stdout.write(proxyReportText(report) + '\n');
  if (!report.agree) process.exitCode = EXIT_SLO_NOT_MET;
}
