import seedrandom from 'seedrandom';

/**
 * A named random stream. `next()` returns a uniform number in [0, 1).
 *
 * Each stream is seeded from (scenario seed, replication index, stream name) alone, so a stream
 * draws the same numbers no matter which other streams exist or in what order they were created.
 * That is what lets every design see the same failures: common random numbers.
 */
export interface RandomStream {
  readonly name: string;
  next(): number;
  /**
   * Optional: take the same next number, but write it into `out[index]` instead of returning it.
   * A double returned from a call V8 did not inline is boxed (a heap allocation); one written to a
   * Float64Array is not. The engine's streams have it; Simulator.afterExp() uses it when present.
   */
  nextInto?(out: Float64Array, index: number): void;
}

/** A stream of the engine's own generator: it always has nextInto(). */
export interface SeededStream extends RandomStream {
  nextInto(out: Float64Array, index: number): void;
}

/** Seed text: versioned so a future change of derivation is explicit, not silent. */
export function streamSeed(seed: string | number, replication: number, name: string): string {
  return `fleetsim-rng-v1|${seed}|${replication}|${name}`;
}

/**
 * Brent's xorgens4096: a 4096-bit xorshift generator combined with a Weyl sequence, the algorithm
 * of seedrandom's `xor4096`. seedrandom seeds it (key mixing and warm-up); the steps are taken here,
 * on typed-array state, because a small flat method is inlined by V8 into the event handlers that
 * draw from it, so the double it returns is never boxed: no garbage per draw. The output is
 * bit-identical to seedrandom's own generator (tested).
 */
class Xorgens4096 implements SeededStream {
  private readonly x: Int32Array;
  private i: number;
  private w: number;

  constructor(
    readonly name: string,
    state: { X: ArrayLike<number>; i: number; w: number },
  ) {
    this.x = Int32Array.from(state.X);
    this.i = state.i;
    this.w = state.w;
  }

  next(): number {
    const x = this.x;
    const w = (this.w = (this.w + 0x61c88647) | 0);
    let v = x[(this.i + 34) & 127];
    const i = (this.i = (this.i + 1) & 127);
    let t = x[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = x[i] = v ^ t;
    return ((v + (w ^ (w >>> 16))) >>> 0) / 0x100000000;
  }

  /** next(), written to out[index]. The step is repeated rather than shared: a call inside next()
   * would count against the inlining budget of every handler that draws (both tested equal). */
  nextInto(out: Float64Array, index: number): void {
    const x = this.x;
    const w = (this.w = (this.w + 0x61c88647) | 0);
    let v = x[(this.i + 34) & 127];
    const i = (this.i = (this.i + 1) & 127);
    let t = x[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = x[i] = v ^ t;
    out[index] = ((v + (w ^ (w >>> 16))) >>> 0) / 0x100000000;
  }
}

/** One stream, seeded directly: long period, a few ns per draw. */
export function createStream(seed: string | number, replication: number, name: string): SeededStream {
  if (!Number.isInteger(replication) || replication < 0) {
    throw new RangeError(`replication index must be a non-negative integer, got ${replication}`);
  }
  if (name.length === 0) throw new RangeError('a random stream needs a name');
  const seeded = seedrandom.xor4096(streamSeed(seed, replication, name), { state: true }) as unknown as { state(): { X: number[]; i: number; w: number } };
  return new Xorgens4096(name, seeded.state());
}

/**
 * Hands out named streams for one replication. Asking twice for the same name is an error:
 * two purposes sharing a stream would silently couple them.
 */
export class RandomStreams {
  private readonly issued = new Set<string>();

  constructor(
    readonly seed: string | number,
    readonly replication: number,
  ) {
    if (!Number.isInteger(replication) || replication < 0) {
      throw new RangeError(`replication index must be a non-negative integer, got ${replication}`);
    }
  }

  stream(name: string): SeededStream {
    if (this.issued.has(name)) throw new Error(`random stream "${name}" was already issued in this replication`);
    this.issued.add(name);
    return createStream(this.seed, this.replication, name);
  }

  /** Names issued so far, for diagnostics. */
  names(): string[] {
    return [...this.issued].sort();
  }
}
