import { erlangC } from './erlangC.js';

/** Slots of the memo (a power of two); each holds one (load, servers) → Erlang C. */
const SLOTS = 1 << 12;
const MASK = SLOTS - 1;

const loads = new Float64Array(SLOTS).fill(Number.NaN);
const serverCounts = new Float64Array(SLOTS);
const values = new Float64Array(SLOTS);
/** Reads a load's bits for the hash. */
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/**
 * Erlang C through a direct-mapped memo: the same value as erlangC(load, servers), bit for bit (a
 * slot answers only for exactly the inputs it was computed from), without the O(servers) recursion
 * when the inputs repeat. The fluid model evaluates every pool at every state change, and most
 * pools' loads are the same as at the last evaluation (a fault touches a few clusters) or as a
 * sibling pool's (a duplicated service carries the same load everywhere): with 48 servers a pool's
 * recursion cost more than the rest of its evaluation.
 */
export function erlangCMemo(load: number, servers: number): number {
  scratch[0] = load;
  let h = Math.imul(scratchWords[0] ^ Math.imul(scratchWords[1], 0x9e3779b1), 0x85ebca6b) ^ Math.imul(servers | 0, 0xc2b2ae35);
  h ^= h >>> 15;
  const slot = h & MASK;
  if (loads[slot] === load && serverCounts[slot] === servers) return values[slot];
  const value = erlangC(load, servers);
  loads[slot] = load;
  serverCounts[slot] = servers;
  values[slot] = value;
  return value;
}
