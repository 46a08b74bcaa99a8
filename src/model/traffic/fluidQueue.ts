/**
 * One FIFO message queue as a fluid (the queue of an asynchronous call, asyncQueues.ts): between
 * the fluid model's evaluations messages arrive at a constant rate and the consumers take them away
 * at a constant rate, so the backlog is piecewise linear in time. It grows at (arrivals − departures),
 * drains otherwise, and holds at most `capacityMessages`: arrivals that find it full are dropped
 * (tail drop, what SQS-like and broker queues with a length limit do to producers). While empty and
 * able to keep up it passes messages straight through.
 *
 * Ages are those of a FIFO, exact for the fluid: the arrivals still queued are kept as segments
 * (arrival time span and rate), departures eat the oldest, and the age of the head (the oldest
 * message) is piecewise linear too, so its maximum is found at the breakpoints. A message's time in
 * the queue is the head age when it leaves; the mean over messages is, by Little's law, the
 * backlog's time integral divided by the messages that entered (the backlog ÷ drain rate estimate
 * only holds while the drain is steady and is infinite while nothing drains, as in an outage).
 */

/** A backlog under this many messages is empty (float residue of a drain to zero). */
const EMPTY_MESSAGES = 1e-9;

/** Backlog at which an empty queue that started to grow is considered queued (see nextChangeInS). */
const QUEUED_MESSAGES = 1;

export class FluidQueue {
  /** How many numbers writeTotals writes. */
  static readonly TOTALS = 4;
  readonly capacityMessages: number;
  /** Messages per second put on the queue (the last evaluation's). */
  arrivalPerS = 0;
  /** Messages per second taken off it for good while it holds messages (consumed and accepted by the callee). */
  departurePerS = 0;
  backlogMessages = 0;
  /** Seconds since the queue was created (the sum of advance() steps). */
  private nowS = 0;
  // Queued arrivals, oldest first from `head`: end of their arrival span, rate, messages still queued.
  private segEndS: number[] = [];
  private segRatePerS: number[] = [];
  private segLeft: number[] = [];
  private head = 0;
  // Statistics since the last reset.
  messages = 0;
  droppedMessages = 0;
  /** Messages that entered the queue (not dropped), passed straight through or queued. */
  enqueuedMessages = 0;
  maxBacklogMessages = 0;
  maxAgeS = 0;
  /** ∫ backlog dt, message-seconds. */
  backlogIntegral = 0;

  constructor(capacityMessages: number) {
    this.capacityMessages = capacityMessages;
  }

  /** Mean time a message spent queued (Little's law over the messages that entered). */
  get meanAgeS(): number {
    return this.enqueuedMessages > 0 ? this.backlogIntegral / this.enqueuedMessages : 0;
  }

  /** Age of the oldest queued message now (0 when empty). */
  headAgeS(): number {
    if (this.head >= this.segLeft.length || this.backlogMessages <= EMPTY_MESSAGES) return 0;
    const h = this.head;
    return this.nowS - (this.segEndS[h] - this.segLeft[h] / this.segRatePerS[h]);
  }

  /** Forget the statistics (the end of warm-up); the backlog and its ages stay. */
  resetStatistics(): void {
    this.messages = 0;
    this.droppedMessages = 0;
    this.enqueuedMessages = 0;
    this.backlogIntegral = 0;
    this.maxBacklogMessages = this.backlogMessages;
    this.maxAgeS = this.headAgeS();
  }

  /** Whether it holds nothing at all: no backlog (not even a float residue) and no queued arrivals. */
  isEmpty(): boolean {
    return this.backlogMessages === 0 && this.segLeft.length === 0;
  }

  /**
   * The statistics a day adds to, into `out` from `at` on (quiet days, asyncQueues.ts): messages,
   * dropped, enqueued, ∫ backlog dt. Maxima are not among them: a repeated day reaches the same.
   */
  writeTotals(out: Float64Array, at: number): void {
    out[at] = this.messages;
    out[at + 1] = this.droppedMessages;
    out[at + 2] = this.enqueuedMessages;
    out[at + 3] = this.backlogIntegral;
  }

  /**
   * The day since the totals in `mark` (writeTotals) happens `times` more times, each `periodS`
   * long: every total grows by `times` × what it gained, and the clock moves on. The caller saw the
   * queue empty at both ends of the day (isEmpty), so no queued arrival's time is shifted.
   */
  repeatDay(mark: Float64Array, at: number, times: number, periodS: number): void {
    this.messages += times * (this.messages - mark[at]);
    this.droppedMessages += times * (this.droppedMessages - mark[at + 1]);
    this.enqueuedMessages += times * (this.enqueuedMessages - mark[at + 2]);
    this.backlogIntegral += times * (this.backlogIntegral - mark[at + 3]);
    this.nowS += times * periodS;
  }

  /** Whether it holds messages. */
  queued(): boolean {
    return this.backlogMessages > EMPTY_MESSAGES;
  }

  /**
   * Seconds until the backlog empties or fills at the current rates (when the rates that depend on
   * it change), or, for an empty queue that just began to grow, until it holds QUEUED_MESSAGES (a
   * queued consumer takes at its own pace: a positive step, so the model never wakes twice at one instant).
   */
  nextChangeInS(): number {
    const net = this.arrivalPerS - this.departurePerS;
    if (net > 0) {
      const room = this.capacityMessages - this.backlogMessages;
      if (room <= 0) return Number.POSITIVE_INFINITY;
      return this.queued() ? room / net : Math.min(room, QUEUED_MESSAGES) / net;
    }
    if (net < 0 && this.queued()) return this.backlogMessages / -net;
    return Number.POSITIVE_INFINITY;
  }

  /** Advance by dtS ≥ 0 seconds at the current rates. */
  advance(dtS: number): void {
    if (!(dtS > 0)) return;
    const arrival = this.arrivalPerS;
    const departure = this.departurePerS;
    this.messages += arrival * dtS;
    const net = arrival - departure;
    if (!this.queued() && net <= 0) {
      // Empty and keeping up: every message passes straight through.
      this.emptyOut();
      this.enqueuedMessages += arrival * dtS;
      this.nowS += dtS;
      return;
    }
    let leftS = dtS;
    if (net > 0) {
      const room = Math.max(0, this.capacityMessages - this.backlogMessages);
      const growS = Math.min(leftS, room / net);
      if (growS > 0) this.phase(growS, arrival, departure, net);
      leftS -= growS;
      if (leftS > 0) {
        // Full: only what departs finds room; the rest is dropped.
        this.droppedMessages += (arrival - departure) * leftS;
        this.phase(leftS, departure, departure, 0);
        this.backlogMessages = this.capacityMessages;
      }
    } else if (net < 0) {
      const drainS = Math.min(leftS, this.backlogMessages / -net);
      this.phase(drainS, arrival, departure, net);
      leftS -= drainS;
      if (leftS > 0 || this.backlogMessages <= EMPTY_MESSAGES) {
        // Emptied: the rest of the step passes straight through.
        this.emptyOut();
        this.enqueuedMessages += arrival * leftS;
        this.nowS += leftS;
      }
    } else this.phase(leftS, arrival, departure, 0);
    if (this.backlogMessages > this.maxBacklogMessages) this.maxBacklogMessages = this.backlogMessages;
  }

  /** dtS seconds in which `inPerS` enter, `outPerS` leave from the head, and the backlog moves by netPerS. */
  private phase(dtS: number, inPerS: number, outPerS: number, netPerS: number): void {
    const fromS = this.nowS;
    const toS = fromS + dtS;
    const before = this.backlogMessages;
    if (inPerS > 0) this.pushArrivals(fromS, toS, inPerS);
    this.enqueuedMessages += inPerS * dtS;
    this.consume(fromS, toS, outPerS);
    this.backlogMessages = Math.max(0, before + netPerS * dtS);
    this.backlogIntegral += ((before + this.backlogMessages) / 2) * dtS;
    this.nowS = toS;
  }

  private pushArrivals(fromS: number, toS: number, ratePerS: number): void {
    const last = this.segLeft.length - 1;
    // Contiguous arrivals at the same rate extend the last segment (one per rate change, not per evaluation).
    if (last >= this.head && this.segRatePerS[last] === ratePerS && this.segEndS[last] === fromS) {
      this.segEndS[last] = toS;
      this.segLeft[last] += ratePerS * (toS - fromS);
      return;
    }
    this.segEndS.push(toS);
    this.segRatePerS.push(ratePerS);
    this.segLeft.push(ratePerS * (toS - fromS));
  }

  /**
   * Departures at outPerS over [fromS, toS] eat the oldest arrivals. The head's age is linear
   * between breakpoints (a segment used up), so its maximum is at the ends or at a breakpoint.
   */
  private consume(fromS: number, toS: number, outPerS: number): void {
    let t = fromS;
    this.noteAge(t);
    if (outPerS > 0) {
      while (this.head < this.segLeft.length) {
        const h = this.head;
        const exhaustS = this.segLeft[h] / outPerS;
        if (t + exhaustS > toS) {
          this.segLeft[h] -= outPerS * (toS - t);
          break;
        }
        t += exhaustS;
        // Its last message leaves now: the age it reached.
        const age = t - this.segEndS[h];
        if (age > this.maxAgeS) this.maxAgeS = age;
        this.segLeft[h] = 0;
        this.head++;
      }
      this.compact();
    }
    this.nowS = toS;
    this.noteAge(toS);
  }

  private noteAge(atS: number): void {
    if (this.head >= this.segLeft.length) return;
    const h = this.head;
    const age = atS - (this.segEndS[h] - this.segLeft[h] / this.segRatePerS[h]);
    if (age > this.maxAgeS) this.maxAgeS = age;
  }

  /** Drop used-up segments once they are most of the arrays. */
  private compact(): void {
    if (this.head < 64 || this.head * 2 < this.segLeft.length) return;
    this.segEndS = this.segEndS.slice(this.head);
    this.segRatePerS = this.segRatePerS.slice(this.head);
    this.segLeft = this.segLeft.slice(this.head);
    this.head = 0;
  }

  private emptyOut(): void {
    this.backlogMessages = 0;
    // Setting an array's length is a runtime call in V8 even when it changes nothing, and an empty
    // queue that keeps up empties out at every step (~3% of edge-stores' run was these calls).
    if (this.segLeft.length > 0) {
      this.segEndS.length = 0;
      this.segRatePerS.length = 0;
      this.segLeft.length = 0;
    }
    this.head = 0;
  }
}
