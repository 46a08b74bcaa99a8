import FFT from 'fft.js';
import type { QuantileTable } from './pool.js';

/**
 * Latency distributions on a lattice, held as spectra: what latencyDistribution.ts composes. A
 * distribution is its masses at the lattice points i·h (i = 0 … SIZE − 1), put there by the
 * tent (linear-interpolation) rule, which keeps every mean exact: a mass at x between i·h and
 * (i + 1)·h is split between the two in proportion to nearness. In the spectrum (the discrete Fourier
 * transform of those masses) the sum of independent latencies is a product, a choice between
 * latencies a weighted sum and a fixed delay a product with the delay's own spectrum, so a whole
 * call tree costs a few passes over SPECTRUM_BINS numbers per pool and one inverse transform.
 * Spectra are kept for k = 0 … SIZE/2 only (the masses are real, so the rest are conjugates).
 *
 * Sums wrap around the lattice's end (the transform is circular): the caller checks that the upper
 * half of the result holds next to no mass and otherwise starts again on a coarser lattice.
 */
export const SIZE = 4096;
export const HALF = SIZE / 2;
/** Complex bins of a half spectrum (k = 0 … HALF), as interleaved re, im. */
export const SPECTRUM_BINS = HALF + 1;

const fft = new FFT(SIZE);
const COS = new Float64Array(SIZE);
const SIN = new Float64Array(SIZE);
for (let j = 0; j < SIZE; j++) {
  COS[j] = Math.cos((2 * Math.PI * j) / SIZE);
  SIN[j] = Math.sin((2 * Math.PI * j) / SIZE);
}

/** A half spectrum: re at 2k, im at 2k + 1. */
export type Spectrum = Float64Array;

export function newSpectrum(): Spectrum {
  return new Float64Array(2 * SPECTRUM_BINS);
}

/** The spectrum of the distribution that is 0 for sure (every bin 1). */
export function setOne(s: Spectrum): Spectrum {
  for (let k = 0; k < SPECTRUM_BINS; k++) {
    s[2 * k] = 1;
    s[2 * k + 1] = 0;
  }
  return s;
}

/** s ← s × t (independent sum). */
export function multiply(s: Spectrum, t: Spectrum): void {
  for (let i = 0; i < 2 * SPECTRUM_BINS; i += 2) {
    const a = s[i];
    const b = s[i + 1];
    const c = t[i];
    const d = t[i + 1];
    s[i] = a * c - b * d;
    s[i + 1] = a * d + b * c;
  }
}

/** s ← s × c for a real c (a defective distribution: only part of the mass succeeds). */
export function scale(s: Spectrum, c: number): void {
  for (let i = 0; i < 2 * SPECTRUM_BINS; i++) s[i] *= c;
}

/** s ← s + w × t. */
export function addScaled(s: Spectrum, t: Spectrum, w: number): void {
  for (let i = 0; i < 2 * SPECTRUM_BINS; i++) s[i] += w * t[i];
}

/**
 * s ← s + w × (t delayed by delayS): the delay's mass split between its two neighbouring points
 * (the tent rule), whose spectra are powers of the unit root.
 */
export function addDelayed(s: Spectrum, t: Spectrum, w: number, delayS: number, h: number): void {
  const x = delayS / h;
  const m = Math.floor(x);
  const f = x - m;
  const step0 = m % SIZE;
  const step1 = (m + 1) % SIZE;
  let j0 = 0;
  let j1 = 0;
  const a0 = w * (1 - f);
  const a1 = w * f;
  for (let k = 0; k < SPECTRUM_BINS; k++) {
    // e^{−2πi k m / SIZE} = COS[j] − i SIN[j], j = k·m mod SIZE (advanced by m each bin).
    const re = a0 * COS[j0] + a1 * COS[j1];
    const im = -(a0 * SIN[j0] + a1 * SIN[j1]);
    const c = t[2 * k];
    const d = t[2 * k + 1];
    s[2 * k] += re * c - im * d;
    s[2 * k + 1] += re * d + im * c;
    j0 += step0;
    if (j0 >= SIZE) j0 -= SIZE;
    j1 += step1;
    if (j1 >= SIZE) j1 -= SIZE;
  }
}

/** s ← s delayed by delayS (in place). */
export function delay(s: Spectrum, delayS: number, h: number, scratch: Spectrum): void {
  if (delayS === 0) return;
  scratch.fill(0);
  addDelayed(scratch, s, 1, delayS, h);
  s.set(scratch);
}

/**
 * s ← s convolved with a wait that is 0 with probability 1 − p and exponential with rate λ otherwise,
 * the exponential put on the lattice by the tent rule: mass g0 at 0 and g1·q^(j−1) at j ≥ 1 (q = e^{−λh}),
 * whose spectrum is g0 + g1·z/(1 − q·z) with z = e^{−2πik/SIZE}. g1 = (1 − q)(1 − g0) makes the masses
 * sum to 1, and the mean is then exactly 1/λ.
 */
export function convolveExponentialWait(s: Spectrum, p: number, ratePerS: number, h: number): void {
  const mu = ratePerS * h;
  const g0 = 1 - -Math.expm1(-mu) / mu;
  const q = Math.exp(-mu);
  const g1 = (1 - q) * (1 - g0);
  for (let k = 0; k < SPECTRUM_BINS; k++) {
    const zr = COS[k];
    const zi = -SIN[k];
    // g1·z / (1 − q z)
    const dr = 1 - q * zr;
    const di = -q * zi;
    const den = dr * dr + di * di;
    const nr = g1 * zr;
    const ni = g1 * zi;
    const wr = g0 + (nr * dr + ni * di) / den;
    const wi = (ni * dr - nr * di) / den;
    const fr = 1 - p + p * wr;
    const fi = p * wi;
    const a = s[2 * k];
    const b = s[2 * k + 1];
    s[2 * k] = a * fr - b * fi;
    s[2 * k + 1] = a * fi + b * fr;
  }
}

/** dst ← src^n (n ≥ 0), by squaring; `scratch` is overwritten. */
export function power(dst: Spectrum, src: Spectrum, n: number, scratch: Spectrum): void {
  setOne(dst);
  if (n === 0) return;
  scratch.set(src);
  let e = n;
  for (;;) {
    if (e & 1) multiply(dst, scratch);
    e >>>= 1;
    if (e === 0) return;
    multiply(scratch, scratch);
  }
}

/** Scratch of the transforms (one computation runs at a time). */
const complexOut = new Float64Array(2 * SIZE);
const halfFft = new FFT(HALF);
const packed = new Float64Array(2 * HALF);
const packedOut = new Float64Array(2 * HALF);

/**
 * The masses of a spectrum (length SIZE; tiny negative rounding noise set to 0). The masses are
 * real, so one complex inverse transform of half the size gives them: the even masses' spectrum
 * E[k] = (X[k] + conj X[HALF − k]) / 2 and the odd ones' O[k] = (X[k] − conj X[HALF − k]) / 2 · w^k
 * (w = e^{2πi/SIZE}) are packed as E + i·O, whose inverse holds the even masses in its real parts
 * and the odd ones in its imaginary parts.
 */
export function toMasses(s: Spectrum, out: Float64Array): Float64Array {
  for (let k = 0; k < HALF; k++) {
    const ar = s[2 * k];
    const ai = s[2 * k + 1];
    const br = s[2 * (HALF - k)];
    const bi = -s[2 * (HALF - k) + 1];
    const er = (ar + br) / 2;
    const ei = (ai + bi) / 2;
    const dr = (ar - br) / 2;
    const di = (ai - bi) / 2;
    // O = d · w^k
    const or = dr * COS[k] - di * SIN[k];
    const oi = dr * SIN[k] + di * COS[k];
    packed[2 * k] = er - oi;
    packed[2 * k + 1] = ei + or;
  }
  halfFft.inverseTransform(packedOut, packed);
  for (let n = 0; n < HALF; n++) {
    const even = packedOut[2 * n];
    const odd = packedOut[2 * n + 1];
    out[2 * n] = even > 0 ? even : 0;
    out[2 * n + 1] = odd > 0 ? odd : 0;
  }
  return out;
}

/** The half spectrum of masses (length SIZE). */
export function fromMasses(masses: Float64Array, out: Spectrum): Spectrum {
  fft.realTransform(complexOut, masses);
  out.set(complexOut.subarray(0, 2 * SPECTRUM_BINS));
  return out;
}

/**
 * A service-time table's distribution on the lattice of step h (null when its largest value is off
 * the lattice's first half: too fine a lattice for it). The table's distribution (QuantileTable.at) is
 * an atom of 1/(2n) at its first point, a uniform piece of 1/n between each two neighbouring points and
 * an atom of 1/(2n) at its last; each piece is put on the lattice by the tent rule exactly.
 */
export function tableMasses(table: QuantileTable, h: number, out: Float64Array): Float64Array | null {
  const v = table.pointsS;
  const n = v.length;
  if (v[n - 1] / h >= HALF) return null;
  out.fill(0);
  const m = 1 / n;
  atom(out, v[0], m / 2, h);
  atom(out, v[n - 1], m / 2, h);
  for (let i = 0; i + 1 < n; i++) {
    const a = v[i];
    const b = v[i + 1];
    if (b - a <= h * 1e-9) atom(out, (a + b) / 2, m, h);
    else uniform(out, a, b, m, h);
  }
  return out;
}

function atom(out: Float64Array, x: number, mass: number, h: number): void {
  const y = x / h;
  const j = Math.floor(y);
  const f = y - j;
  out[j] += mass * (1 - f);
  out[j + 1] += mass * f;
}

/**
 * A uniform mass on [a, b] by the tent rule: point i gets (H((i+1)h) − 2H(ih) + H((i−1)h)) / h, where
 * H(x) = mass·E[(x − U)⁺] (the second difference of the integrated CDF); only points within a step
 * of [a, b] get any.
 */
function uniform(out: Float64Array, a: number, b: number, mass: number, h: number): void {
  const first = Math.max(0, Math.floor(a / h) - 1);
  const last = Math.ceil(b / h) + 1;
  const width = b - a;
  const mid = (a + b) / 2;
  const H = (x: number): number => (x <= a ? 0 : x >= b ? x - mid : ((x - a) * (x - a)) / (2 * width));
  let prev = H((first - 1) * h);
  let cur = H(first * h);
  for (let i = first; i <= last; i++) {
    const next = H((i + 1) * h);
    out[i] += (mass * (next - 2 * cur + prev)) / h;
    prev = cur;
    cur = next;
  }
}
