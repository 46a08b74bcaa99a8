import { Agent, request } from 'node:http';
import seedrandom from 'seedrandom';

/**
 * An open-loop load generator: requests arrive as a Poisson process at `ratePerS` for `durationMs`,
 * each sent when its time comes whether or not earlier ones have finished. (A closed loop, N clients
 * each waiting for its answer, would slow down exactly when the system does and hide overload.)
 * Every outcome is recorded with its send and finish times, relative to the start.
 */
export interface LoadOptions {
  /** 127.0.0.1 port to send to. */
  readonly port: number;
  readonly ratePerS: number;
  readonly durationMs: number;
  /** A request unanswered after this long counts as timed out. */
  readonly timeoutMs: number;
  readonly seed: string;
}

export type Outcome = 'ok' | 'http-error' | 'connect-error' | 'timeout';

export interface RequestRecord {
  readonly sentMs: number;
  readonly doneMs: number;
  readonly outcome: Outcome;
  readonly status: number;
  /** The service time the answering backend drew for it (its x-service-ms header); absent when no backend answered. */
  readonly serviceMs?: number;
}

/** Poisson arrival times in [0, durationMs): exponential gaps with mean 1000/ratePerS. */
export function arrivalTimesMs(ratePerS: number, durationMs: number, seed: string): number[] {
  if (!(ratePerS > 0 && ratePerS <= 5000)) throw new RangeError(`rate must be in (0, 5000] requests/s, got ${ratePerS}`);
  if (!(durationMs > 0 && durationMs <= 600_000)) throw new RangeError(`duration must be in (0, 10 min], got ${durationMs} ms`);
  const rng = seedrandom(`proxy-load/${seed}`);
  const out: number[] = [];
  let t = 0;
  for (;;) {
    t += (-Math.log(1 - rng()) * 1000) / ratePerS;
    if (t >= durationMs) return out;
    out.push(t);
  }
}

function send(agent: Agent, port: number, timeoutMs: number, t0: number, sentMs: number): Promise<RequestRecord> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome, status: number, service?: string | string[]) => {
      if (settled) return;
      settled = true;
      const doneMs = performance.now() - t0;
      resolve(typeof service === 'string' ? { sentMs, doneMs, outcome, status, serviceMs: Number(service) } : { sentMs, doneMs, outcome, status });
    };
    const req = request({ host: '127.0.0.1', port, path: '/', agent, method: 'GET' }, (res) => {
      res.resume();
      res.once('end', () => finish(res.statusCode !== undefined && res.statusCode < 400 ? 'ok' : 'http-error', res.statusCode ?? 0, res.headers['x-service-ms']));
      res.once('error', () => finish('connect-error', 0));
    });
    req.setTimeout(timeoutMs, () => {
      finish('timeout', 0);
      req.destroy();
    });
    req.once('error', () => finish('connect-error', 0));
    req.end();
  });
}

/** Run the load; resolves when every request has an outcome. */
export async function runLoad(o: LoadOptions): Promise<RequestRecord[]> {
  const times = arrivalTimesMs(o.ratePerS, o.durationMs, o.seed);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const t0 = performance.now();
  const pending: Promise<RequestRecord>[] = [];
  try {
    for (const at of times) {
      const wait = at - (performance.now() - t0);
      // Timers are coarse (1 ms) and a busy event loop is late: send every request that is due now.
      if (wait > 1) await new Promise<void>((r) => setTimeout(r, wait));
      pending.push(send(agent, o.port, o.timeoutMs, t0, performance.now() - t0));
    }
    return await Promise.all(pending);
  } finally {
    agent.destroy();
  }
}
