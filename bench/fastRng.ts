/**
 * mulberry32: a tiny 32-bit generator, used only by the hold benchmark so the TypeScript loop and
 * the C loop (bench/c/hold.c) draw bit-identical uniforms. Models use the engine's named streams;
 * this generator exists so the benchmark measures the queue, not seedrandom.
 */
export class FastRng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    const a = this.state;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Exp(1) by inversion; 1 - u lies in (0, 1], so the log is finite. */
  nextExp(): number {
    return -Math.log(1 - this.next());
  }
}
