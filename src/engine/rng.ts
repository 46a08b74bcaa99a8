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
}

/** Seed text: versioned so a future change of derivation is explicit, not silent. */
export function streamSeed(seed: string | number, replication: number, name: string): string {
  return `fleetsim-rng-v1|${seed}|${replication}|${name}`;
}

/** One stream, seeded directly. xor4096 (Brent's xorgens): long period, ~7 ns per draw. */
export function createStream(seed: string | number, replication: number, name: string): RandomStream {
  if (!Number.isInteger(replication) || replication < 0) {
    throw new RangeError(`replication index must be a non-negative integer, got ${replication}`);
  }
  if (name.length === 0) throw new RangeError('a random stream needs a name');
  const prng = seedrandom.xor4096(streamSeed(seed, replication, name));
  return { name, next: prng };
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

  stream(name: string): RandomStream {
    if (this.issued.has(name)) throw new Error(`random stream "${name}" was already issued in this replication`);
    this.issued.add(name);
    return createStream(this.seed, this.replication, name);
  }

  /** Names issued so far, for diagnostics. */
  names(): string[] {
    return [...this.issued].sort();
  }
}
