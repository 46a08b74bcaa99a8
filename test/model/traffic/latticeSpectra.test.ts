import { describe, expect, it } from 'vitest';
import { fromMasses, multiply, newSpectrum, SIZE, toMasses } from '../../../src/model/traffic/latticeSpectra.js';

/** A deterministic pseudo-random sequence (no dependence on the engine's streams). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomMasses(seed: number, support: number): Float64Array {
  const next = lcg(seed);
  const m = new Float64Array(SIZE);
  let sum = 0;
  for (let i = 0; i < support; i++) sum += m[i] = next();
  for (let i = 0; i < support; i++) m[i] /= sum;
  return m;
}

describe('lattice spectra', () => {
  it('toMasses inverts fromMasses (the half-size real inverse) to 1e-15', () => {
    for (const seed of [1, 2, 3]) {
      const m = randomMasses(seed, SIZE);
      const back = toMasses(fromMasses(m, newSpectrum()), new Float64Array(SIZE));
      let worst = 0;
      for (let i = 0; i < SIZE; i++) worst = Math.max(worst, Math.abs(back[i] - m[i]));
      expect(worst).toBeLessThan(1e-15);
    }
  });

  it('a product of spectra is the convolution of the masses, computed directly', () => {
    const a = randomMasses(7, 300);
    const b = randomMasses(8, 500);
    const s = fromMasses(a, newSpectrum());
    multiply(s, fromMasses(b, newSpectrum()));
    const got = toMasses(s, new Float64Array(SIZE));
    for (let n = 0; n < 800; n += 7) {
      let direct = 0;
      for (let i = 0; i <= n; i++) direct += a[i] * b[n - i];
      expect(Math.abs(got[n] - direct)).toBeLessThan(1e-15);
    }
    // Nothing wraps: the upper half is empty.
    for (let n = 800; n < SIZE; n++) expect(got[n]).toBeLessThan(1e-16);
  });
});
