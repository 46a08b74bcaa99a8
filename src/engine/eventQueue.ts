/**
 * Future event set: an implicit 4-ary min-heap over parallel typed arrays, plus a FIFO ring for
 * events scheduled at the current instant. Each pending event occupies a *slot* holding its type,
 * argument and generation; the heap orders slots by (time, sequence number) so equal times pop in
 * scheduling order. Cancellation is lazy: the slot is marked and skipped when it surfaces.
 *
 * Nothing is allocated per event once the arrays have grown to the working size.
 */

import type { RandomStream } from './rng.js';

const SLOT_BITS = 26;
const SLOT_LIMIT = 2 ** SLOT_BITS; // at most ~67 M pending events
const GEN_LIMIT = 2 ** 26; // generations wrap; a handle stays unique for 67 M reuses of its slot

const STATE_FREE = 0;
const STATE_PENDING = 1;
const STATE_CANCELLED = 2;

/** An opaque number identifying one scheduled event, for cancel(). */
export type EventHandle = number;

export class EventQueue {
  // Heap, indexed by heap position.
  private heapTime: Float64Array;
  private heapSeq: Float64Array; // float64 so the sequence never wraps within 2^53 events
  private heapSlot: Int32Array;
  private heapSize = 0;

  // Ring of slots due at the current instant (their time equals `ringTime`).
  private ringSlot: Int32Array;
  private ringHead = 0;
  private ringCount = 0;
  private ringTime = Number.NEGATIVE_INFINITY;

  // Slots, indexed by slot number.
  private slotType: Int32Array;
  private slotArg: Float64Array;
  private slotGen: Uint32Array;
  private slotState: Uint8Array;
  private freeSlots: Int32Array;
  private freeTop = 0;
  private slotsUsed = 0;

  private nextSeq = 0;
  private liveCount = 0;

  /**
   * A clock for pushAfterExp() and pushAfterFrom(), which schedule relative to it: pop() advances
   * it to the popped event's time and clear() sets it to zero; an owner may set it (the Simulator,
   * whose own clock this copies, parks it at a run's time limit).
   */
  nowS = 0;

  /** Where pushAfterExp() has the stream write its uniform (see RandomStream.nextInto). */
  private readonly draw = new Float64Array(1);

  /** Filled by pop(): the event just removed. Read these instead of allocating a record. */
  poppedTime = 0;
  poppedType = 0;
  poppedArg = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.heapTime = new Float64Array(cap);
    this.heapSeq = new Float64Array(cap);
    this.heapSlot = new Int32Array(cap);
    this.ringSlot = new Int32Array(64);
    this.slotType = new Int32Array(cap);
    this.slotArg = new Float64Array(cap);
    this.slotGen = new Uint32Array(cap);
    this.slotState = new Uint8Array(cap);
    this.freeSlots = new Int32Array(cap);
  }

  /** Events scheduled and neither fired nor cancelled. */
  get size(): number {
    return this.liveCount;
  }

  /** Slots currently allocated (pending plus cancelled-but-not-yet-surfaced). */
  get slotCapacity(): number {
    return this.slotType.length;
  }

  /**
   * Schedule an event. `now` is the simulator's current time: events at exactly `now` go to the
   * FIFO ring and never touch the heap.
   */
  push(timeS: number, type: number, arg: number, now: number): EventHandle {
    const slot = this.allocSlot();
    this.slotType[slot] = type;
    this.slotArg[slot] = arg;
    this.slotState[slot] = STATE_PENDING;
    this.liveCount++;
    if (timeS === now && (this.ringCount === 0 || this.ringTime === now)) {
      this.ringPush(slot, now);
    } else {
      this.heapPush(timeS, this.nextSeq++, slot);
    }
    return this.slotGen[slot] * SLOT_LIMIT + slot;
  }

  /**
   * Schedule an event at nowS + offsetS + an Exp(meanS) delay drawn from `stream` by inversion,
   * -meanS * ln(1 - u): bit for bit the time push(nowS + (offsetS + exponential(meanS).sample(stream)))
   * would get, from the same stream position. The draw and the insertion happen here, and no call
   * on the way takes or returns a double (the uniform comes back through a Float64Array, the new
   * time waits in the heap's time array: see pushStaged), so however much of this V8 inlines into
   * the caller, no number is boxed. `offsetS` and `meanS` should be values the caller holds, not
   * computed per call: if this method is not inlined, a freshly computed double is boxed to pass it.
   * Returns nothing, for the same reason: a handle is a double beyond 2^31 (see push()).
   */
  pushAfterExp(offsetS: number, meanS: number, stream: RandomStream, type: number, arg: number): void {
    const draw = this.draw;
    if (stream.nextInto !== undefined) stream.nextInto(draw, 0);
    else draw[0] = stream.next();
    const timeS = this.nowS + (offsetS + -meanS * Math.log(1 - draw[0]));
    if (!(timeS < Number.POSITIVE_INFINITY)) throw overflowError();
    if (this.heapSize === this.heapTime.length) this.growHeap();
    this.heapTime[this.heapSize] = timeS;
    this.pushStaged(type, arg);
  }

  /**
   * Schedule an event at nowS + delaysS[index]: the delay comes in through a Float64Array rather
   * than as an argument, so it is never boxed (see pushAfterExp). The delay must be >= 0 and finite
   * (the Simulator checks).
   */
  pushAfterFrom(delaysS: Float64Array, index: number, type: number, arg: number): void {
    const timeS = this.nowS + delaysS[index];
    if (!(timeS < Number.POSITIVE_INFINITY)) throw overflowError();
    if (this.heapSize === this.heapTime.length) this.growHeap();
    this.heapTime[this.heapSize] = timeS;
    this.pushStaged(type, arg);
  }

  /**
   * Schedule the event whose time the caller has written to heapTime[heapSize] (after making room):
   * the time is read from there instead of passed. Zero delays go to the same-instant ring, as in
   * push(); the staged cell is then left unused.
   */
  private pushStaged(type: number, arg: number): void {
    const slot = this.allocSlot();
    this.slotType[slot] = type;
    this.slotArg[slot] = arg;
    this.slotState[slot] = STATE_PENDING;
    this.liveCount++;
    const now = this.nowS;
    if (this.heapTime[this.heapSize] === now && (this.ringCount === 0 || this.ringTime === now)) {
      this.ringPush(slot, now); // rare (a zero delay); the clock may be boxed here
    } else {
      this.heapInsertLast(slot);
    }
  }

  /** Cancel a pending event. Returns false if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    if (slot >= this.slotsUsed || this.slotGen[slot] !== gen || this.slotState[slot] !== STATE_PENDING) {
      return false;
    }
    this.slotState[slot] = STATE_CANCELLED;
    this.bumpGen(slot);
    this.liveCount--;
    return true;
  }

  /** True if the handle names an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    const slot = handle % SLOT_LIMIT;
    const gen = (handle - slot) / SLOT_LIMIT;
    return slot < this.slotsUsed && this.slotGen[slot] === gen && this.slotState[slot] === STATE_PENDING;
  }

  /** Time of the next live event, or +Infinity when none. Discards cancelled events on the way. */
  peekTime(): number {
    for (;;) {
      if (this.ringCount > 0) {
        const slot = this.ringSlot[this.ringHead];
        if (this.slotState[slot] === STATE_CANCELLED) {
          this.ringShift();
          this.freeSlot(slot);
          continue;
        }
        // A heap event at the same instant was scheduled earlier, so it has the smaller sequence.
        return this.ringTime;
      }
      if (this.heapSize === 0) return Number.POSITIVE_INFINITY;
      const slot = this.heapSlot[0];
      if (this.slotState[slot] === STATE_CANCELLED) {
        this.heapPopRoot();
        this.freeSlot(slot);
        continue;
      }
      return this.heapTime[0];
    }
  }

  /**
   * Time of the earliest live event whose type is not marked in `ignored` (indexed by type; a type
   * past its end counts as not ignored), or +Infinity. A scan of every pending event, O(pending):
   * for callers that ask rarely (once a simulated day), not for the run loop.
   */
  earliestExcept(ignored: Uint8Array): number {
    let best = Number.POSITIVE_INFINITY;
    const counts = (slot: number) => this.slotState[slot] === STATE_PENDING && ignored[this.slotType[slot]] !== 1;
    const cap = this.ringSlot.length;
    for (let i = 0; i < this.ringCount; i++) {
      if (counts(this.ringSlot[(this.ringHead + i) & (cap - 1)])) {
        best = this.ringTime;
        break;
      }
    }
    for (let i = 0; i < this.heapSize; i++) {
      const t = this.heapTime[i];
      if (t < best && counts(this.heapSlot[i])) best = t;
    }
    return best;
  }

  /**
   * Remove the next live event into poppedTime/poppedType/poppedArg. Returns false when empty.
   */
  pop(): boolean {
    return this.popUntil(Number.POSITIVE_INFINITY);
  }

  /**
   * Like pop(), but only if the next live event is due at or before `limitS`; otherwise returns
   * false and leaves it queued. One call does what peekTime() then pop() would, without looking
   * at the heap root twice: this is the run loop's hot path.
   */
  popUntil(limitS: number): boolean {
    if (this.ringCount !== 0) return this.popUntilWithRing(limitS);
    // Heap only (the usual case). The root removal is written out here rather than called:
    // this makes the function too large for V8 to inline into the run loop, which leaves the
    // loop's inlining budget to the handlers, so the handlers' calls into at()/after() stay
    // inlined and do not box their float arguments (an allocation per event otherwise).
    for (;;) {
      const n = this.heapSize - 1;
      if (n < 0) return false;
      const rootT = this.heapTime[0];
      if (rootT > limitS) return false;
      const rootSlot = this.heapSlot[0];
      this.heapSize = n;
      if (n > 0) {
        const t = this.heapTime;
        const q = this.heapSeq;
        const s = this.heapSlot;
        const lastT = t[n];
        const lastQ = q[n];
        const lastS = s[n];
        let i = 0;
        for (;;) {
          const c0 = (i << 2) + 1;
          if (c0 >= n) break;
          // Smallest of up to four children. All four exist on every level but the last, so that
          // case is unrolled (V8 does not unroll the short loop). Sequence numbers are read only on
          // a time tie, which is rare, so the common path touches the time array alone.
          let m = c0;
          let mt = t[c0];
          if (c0 + 3 < n) {
            let ct = t[c0 + 1];
            if (ct < mt || (ct === mt && q[c0 + 1] < q[m])) {
              m = c0 + 1;
              mt = ct;
            }
            ct = t[c0 + 2];
            if (ct < mt || (ct === mt && q[c0 + 2] < q[m])) {
              m = c0 + 2;
              mt = ct;
            }
            ct = t[c0 + 3];
            if (ct < mt || (ct === mt && q[c0 + 3] < q[m])) {
              m = c0 + 3;
              mt = ct;
            }
          } else {
            for (let c = c0 + 1; c < n; c++) {
              const ct = t[c];
              if (ct < mt || (ct === mt && q[c] < q[m])) {
                m = c;
                mt = ct;
              }
            }
          }
          if (lastT < mt || (lastT === mt && lastQ < q[m])) break;
          t[i] = mt;
          q[i] = q[m];
          s[i] = s[m];
          i = m;
        }
        t[i] = lastT;
        q[i] = lastQ;
        s[i] = lastS;
      }
      if (this.slotState[rootSlot] !== STATE_CANCELLED) return this.take(rootSlot, rootT);
      this.freeSlot(rootSlot);
    }
  }

  private popUntilWithRing(limitS: number): boolean {
    for (;;) {
      let slot: number;
      let timeS: number;
      if (this.ringCount > 0 && !(this.heapSize > 0 && this.heapTime[0] <= this.ringTime)) {
        timeS = this.ringTime;
        if (timeS > limitS) return false;
        slot = this.ringSlot[this.ringHead];
        this.ringShift();
      } else if (this.heapSize > 0) {
        timeS = this.heapTime[0];
        if (timeS > limitS) return false;
        slot = this.heapSlot[0];
        this.heapPopRoot();
      } else {
        return false;
      }
      if (this.slotState[slot] !== STATE_CANCELLED) return this.take(slot, timeS);
      this.freeSlot(slot);
    }
  }

  /** Hand out a live slot's event through the popped* fields and free the slot. */
  private take(slot: number, timeS: number): true {
    this.nowS = timeS;
    this.poppedTime = timeS;
    this.poppedType = this.slotType[slot];
    this.poppedArg = this.slotArg[slot];
    this.bumpGen(slot);
    this.liveCount--;
    this.freeSlot(slot);
    return true;
  }

  /** Drop every pending event and set the clock to zero. */
  clear(): void {
    this.nowS = 0;
    this.heapSize = 0;
    this.ringCount = 0;
    this.ringHead = 0;
    for (let s = 0; s < this.slotsUsed; s++) {
      if (this.slotState[s] !== STATE_FREE) this.bumpGen(s);
      this.slotState[s] = STATE_FREE;
    }
    this.freeTop = 0;
    for (let s = this.slotsUsed - 1; s >= 0; s--) this.freeSlots[this.freeTop++] = s;
    this.liveCount = 0;
  }

  // ---- slots -------------------------------------------------------------------------------

  private allocSlot(): number {
    if (this.freeTop > 0) return this.freeSlots[--this.freeTop];
    if (this.slotsUsed === this.slotType.length) this.growSlots();
    return this.slotsUsed++;
  }

  private freeSlot(slot: number): void {
    this.slotState[slot] = STATE_FREE;
    this.freeSlots[this.freeTop++] = slot;
  }

  private bumpGen(slot: number): void {
    const g = this.slotGen[slot] + 1;
    this.slotGen[slot] = g === GEN_LIMIT ? 0 : g;
  }

  private growSlots(): void {
    const cap = this.slotType.length * 2;
    if (cap > SLOT_LIMIT) throw new RangeError(`event queue: more than ${SLOT_LIMIT} pending events`);
    this.slotType = growInt32(this.slotType, cap);
    this.slotArg = growFloat64(this.slotArg, cap);
    const gen = new Uint32Array(cap);
    gen.set(this.slotGen);
    this.slotGen = gen;
    const state = new Uint8Array(cap);
    state.set(this.slotState);
    this.slotState = state;
    this.freeSlots = growInt32(this.freeSlots, cap);
  }

  // ---- ring --------------------------------------------------------------------------------

  private ringPush(slot: number, now: number): void {
    const cap = this.ringSlot.length;
    if (this.ringCount === cap) {
      const next = new Int32Array(cap * 2);
      for (let i = 0; i < this.ringCount; i++) next[i] = this.ringSlot[(this.ringHead + i) & (cap - 1)];
      this.ringSlot = next;
      this.ringHead = 0;
    }
    this.ringTime = now;
    this.ringSlot[(this.ringHead + this.ringCount) & (this.ringSlot.length - 1)] = slot;
    this.ringCount++;
  }

  private ringShift(): void {
    this.ringHead = (this.ringHead + 1) & (this.ringSlot.length - 1);
    this.ringCount--;
  }

  // ---- heap --------------------------------------------------------------------------------

  /**
   * push()'s insertion, with the time as an argument: when at() and push() are inlined into a
   * handler (the hold benchmark) this is a little faster than going through the array.
   * heapInsertLast() is the same sift-up: keep the two in step.
   */
  private heapPush(timeS: number, seq: number, slot: number): void {
    if (this.heapSize === this.heapTime.length) this.growHeap();
    const t = this.heapTime;
    const q = this.heapSeq;
    const s = this.heapSlot;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = t[p];
      if (pt < timeS || (pt === timeS && q[p] < seq)) break;
      t[i] = pt;
      q[i] = q[p];
      s[i] = s[p];
      i = p;
    }
    t[i] = timeS;
    q[i] = seq;
    s[i] = slot;
  }

  /**
   * Add `slot` to the heap with the next sequence number. Its time is already in
   * heapTime[heapSize] (the caller made room): passing it would box it whenever V8 does not
   * inline this call.
   */
  private heapInsertLast(slot: number): void {
    const t = this.heapTime;
    const q = this.heapSeq;
    const s = this.heapSlot;
    let i = this.heapSize++;
    const timeS = t[i];
    const seq = this.nextSeq++;
    // Sift the hole up, then drop the new entry into it.
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = t[p];
      if (pt < timeS || (pt === timeS && q[p] < seq)) break;
      t[i] = pt;
      q[i] = q[p];
      s[i] = s[p];
      i = p;
    }
    t[i] = timeS;
    q[i] = seq;
    s[i] = slot;
  }

  /** Remove the heap's root. popUntil() carries an inline copy of this loop: keep the two in step. */
  private heapPopRoot(): void {
    const n = --this.heapSize;
    if (n === 0) return;
    const t = this.heapTime;
    const q = this.heapSeq;
    const s = this.heapSlot;
    const lastT = t[n];
    const lastQ = q[n];
    const lastS = s[n];
    let i = 0;
    for (;;) {
      const c0 = (i << 2) + 1;
      if (c0 >= n) break;
      // Smallest of up to four children. All four exist on every level but the last, so that
      // case is unrolled (V8 does not unroll the short loop). Sequence numbers are read only on
      // a time tie, which is rare, so the common path touches the time array alone.
      let m = c0;
      let mt = t[c0];
      if (c0 + 3 < n) {
        let ct = t[c0 + 1];
        if (ct < mt || (ct === mt && q[c0 + 1] < q[m])) {
          m = c0 + 1;
          mt = ct;
        }
        ct = t[c0 + 2];
        if (ct < mt || (ct === mt && q[c0 + 2] < q[m])) {
          m = c0 + 2;
          mt = ct;
        }
        ct = t[c0 + 3];
        if (ct < mt || (ct === mt && q[c0 + 3] < q[m])) {
          m = c0 + 3;
          mt = ct;
        }
      } else {
        for (let c = c0 + 1; c < n; c++) {
          const ct = t[c];
          if (ct < mt || (ct === mt && q[c] < q[m])) {
            m = c;
            mt = ct;
          }
        }
      }
      if (lastT < mt || (lastT === mt && lastQ < q[m])) break;
      t[i] = mt;
      q[i] = q[m];
      s[i] = s[m];
      i = m;
    }
    t[i] = lastT;
    q[i] = lastQ;
    s[i] = lastS;
  }

  private growHeap(): void {
    const cap = this.heapTime.length * 2;
    this.heapTime = growFloat64(this.heapTime, cap);
    this.heapSeq = growFloat64(this.heapSeq, cap);
    this.heapSlot = growInt32(this.heapSlot, cap);
  }
}

function overflowError(): RangeError {
  return new RangeError('cannot schedule at infinity: offset plus exponential delay overflowed');
}

function growFloat64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growInt32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
