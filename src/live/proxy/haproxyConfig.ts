/**
 * The HAProxy configuration of the rig, as text. Pure: no I/O, so it is unit-tested line by line.
 *
 * Choices, and why:
 * - No `check` on any server line: HAProxy then runs no health checks and every server stays UP for
 *   the whole run, so a killed backend stays in rotation during the measurement window. That is the
 *   window the closed forms describe (before a health check would have removed it), and the window
 *   real fleets live in between a crash and its detection.
 * - `balance random(1)`: each first attempt picks a server uniformly and independently. Round-robin
 *   would correlate attempts (a retry moves the shared rotation, so the dead server's share of first
 *   attempts becomes D/(N−D) instead of D/N), which is HAProxy's business, not the closed form's.
 * - `retries k−1` with `option redispatch 1`: each retry goes to a newly chosen server. HAProxy
 *   avoids the server that just failed when it redispatches (it passes it as the server to avoid to
 *   the balancing algorithm), so the pick after a failure is uniform over the N−1 others.
 * - `retry-on conn-failure` only: a refused connection is retried, a slow or queued one is not.
 * - Per-server `maxconn` = the backend's concurrency and `timeout queue`: excess requests wait in
 *   HAProxy's queue and get a 503 after the queue timeout (overload experiment).
 * - Per-try timeout (perTryTimeout experiments): `timeout server` T is the per-try timeout, and
 *   `retry-on conn-failure response-timeout` retries an attempt that got no answer within T (HAProxy's
 *   L7 retries; a GET without a body is always replayable), redispatched like a refused one. HAProxy
 *   answers 504 when the last attempt times out. `timeout server` does not count the time spent in
 *   HAProxy's own queue, so with queueInBackends there is no per-server maxconn: every request goes
 *   straight to a backend, waits in the backend's FIFO, and that wait counts toward T (semantics §1:
 *   R = wait + service).
 */
export interface HaproxyConfigInput {
  /** Port HAProxy listens on (127.0.0.1). */
  readonly frontendPort: number;
  /** Backend ports on 127.0.0.1. */
  readonly backendPorts: readonly number[];
  /** Attempts per request, first included (k); 1 means no retries. */
  readonly attempts: number;
  /** Per-server maxconn (the backend's concurrency). */
  readonly maxConnPerServer: number;
  /** How long a request may wait in HAProxy's queue before a 503. */
  readonly queueTimeoutMs: number;
  /** Connect timeout (also HAProxy's pause before a retry on the same server). */
  readonly connectTimeoutMs: number;
  /** Server (response) timeout. */
  readonly serverTimeoutMs: number;
  /** Unix socket for `show stat` (absolute path in the rig's temp dir). */
  readonly statsSocket: string;
  /** Retry attempts that timed out (timeout server) too, not only refused connections. */
  readonly retryOnTimeout?: boolean;
  /** No per-server maxconn: requests wait in the backends' FIFOs, where timeout server sees the wait. */
  readonly queueInBackends?: boolean;
}

export function haproxyConfig(c: HaproxyConfigInput): string {
  if (!Number.isInteger(c.attempts) || c.attempts < 1 || c.attempts > 10) throw new RangeError(`attempts must be 1..10, got ${c.attempts}`);
  if (c.backendPorts.length < 1) throw new RangeError('at least one backend');
  if (!Number.isInteger(c.maxConnPerServer) || c.maxConnPerServer < 1) throw new RangeError(`maxConnPerServer must be a positive integer, got ${c.maxConnPerServer}`);
  const ms = (x: number) => `${Math.max(1, Math.round(x))}ms`;
  const lines = [
    'global',
    `  stats socket ${c.statsSocket} mode 600 level user`,
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    `  timeout connect ${ms(c.connectTimeoutMs)}`,
    '  timeout client 30s',
    `  timeout server ${ms(c.serverTimeoutMs)}`,
    `  timeout queue ${ms(c.queueTimeoutMs)}`,
    '  option http-keep-alive',
    '',
    'frontend fe',
    `  bind 127.0.0.1:${c.frontendPort}`,
    '  default_backend pool',
    '',
    'backend pool',
    '  balance random(1)',
    `  retries ${c.attempts - 1}`,
  ];
  if (c.attempts > 1) lines.push('  option redispatch 1', c.retryOnTimeout ? '  retry-on conn-failure response-timeout' : '  retry-on conn-failure');
  const maxconn = c.queueInBackends ? '' : ` maxconn ${c.maxConnPerServer}`;
  c.backendPorts.forEach((p, i) => lines.push(`  server b${i + 1} 127.0.0.1:${p}${maxconn} weight 256`));
  return lines.join('\n') + '\n';
}
