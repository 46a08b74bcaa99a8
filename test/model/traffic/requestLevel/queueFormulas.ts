/**
 * Exact formulas of textbook queues, worked here independently of the model (Kleinrock, Queueing
 * Systems vol. 1, §3.5–3.7; Gross & Harris, Fundamentals of Queueing Theory, §2.3–2.5).
 */

/** Erlang B: blocking of M/M/c/c at offered load a = λ/μ (the stable recursion B(n) = a·B(n−1)/(n + a·B(n−1))). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= c; n++) b = (a * b) / (n + a * b);
  return b;
}

/** Erlang C: probability an arrival waits in M/M/c (a < c). */
export function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** M/M/c/K (K ≥ c in the system at most): probability an arrival finds it full (PASTA: p_K). */
export function mmckBlocking(c: number, K: number, a: number): number {
  const p: number[] = [];
  let term = 1;
  for (let n = 0; n <= K; n++) {
    if (n > 0) term *= n <= c ? a / n : a / c;
    p.push(term);
  }
  const sum = p.reduce((x, y) => x + y, 0);
  return p[K] / sum;
}

/** M/M/c sojourn time T = S + W: P(T > t) = (1 − C)e^{−μt} + C(θe^{−μt} − μe^{−θt})/(θ − μ), θ = cμ − λ ≠ μ. */
export function mmcSojournTail(c: number, lambda: number, mu: number, t: number): number {
  const C = erlangC(c, lambda / mu);
  const theta = c * mu - lambda;
  return (1 - C) * Math.exp(-mu * t) + (C * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
}

/** The q-quantile of a decreasing tail function by bisection on [0, hi]. */
export function quantileOfTail(tail: (t: number) => number, q: number, hi: number): number {
  let lo = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
