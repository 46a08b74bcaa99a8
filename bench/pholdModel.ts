import { exponential, type Distribution } from '../src/engine/distributions.js';
import { createStream, type SeededStream } from '../src/engine/rng.js';
import { Simulator } from '../src/engine/simulator.js';

/**
 * PHOLD (Fujimoto 1990), run sequentially: N logical processes (LPs), each starting with a fixed
 * population of events. An event at an LP sends one new event, after lookahead + Exp(1) seconds,
 * to itself or, with probability `remoteFraction`, to an LP chosen uniformly. Unlike the hold
 * model it draws from the engine's named seedrandom streams and touches per-LP state, as a model
 * does.
 */
export interface PholdConfig {
  lps: number;
  eventsPerLp: number;
  remoteFraction: number;
  lookaheadS: number;
  seed: number;
  /**
   * How the handler schedules: 'afterExp' (the default) draws and schedules in one engine call
   * (Simulator.afterExp); 'after' draws through `exponential(1).sample()` and passes the delay to
   * after(), the path that boxed a double per event (bench/README.md, "Engine allocation").
   * Both give the same event times.
   */
  schedule?: 'afterExp' | 'after';
}

export class Phold {
  readonly sim: Simulator;
  /** Events handled per LP: the per-LP state each event touches. */
  readonly handledByLp: Float64Array;

  constructor(readonly config: PholdConfig) {
    const { lps, eventsPerLp, remoteFraction, lookaheadS, seed } = config;
    this.sim = new Simulator(lps * eventsPerLp + 16);
    this.handledByLp = new Float64Array(lps);
    const sim = this.sim;
    const handled = this.handledByLp;
    const remote: SeededStream = createStream(seed, 0, 'phold/remote');
    const destination: SeededStream = createStream(seed, 0, 'phold/destination');
    const delayStream: SeededStream = createStream(seed, 0, 'phold/delay');
    const delay: Distribution = exponential(1);
    const meanDelayS = 1;
    const u = new Float64Array(1);
    // Two handlers rather than one with a branch, so the measured one is exactly the model.
    const EVENT =
      config.schedule === 'after'
        ? sim.register('phold', (lp) => {
            handled[lp]++;
            let to = lp;
            if (remote.next() < remoteFraction) to = Math.floor(destination.next() * lps);
            sim.after(lookaheadS + delay.sample(delayStream), EVENT, to);
          })
        : sim.register('phold', (lp) => {
            // No call here returns a double: uniforms come back through `u` (nextInto), the delay
            // is drawn and scheduled inside afterExp. The destination draw, taken on 10% of events,
            // is too rare for V8 to inline, so next() there boxed its result.
            handled[lp]++;
            let to = lp;
            remote.nextInto(u, 0);
            if (u[0] < remoteFraction) {
              destination.nextInto(u, 0);
              to = Math.floor(u[0] * lps);
            }
            sim.afterExp(lookaheadS, meanDelayS, delayStream, EVENT, to);
          });
    for (let lp = 0; lp < lps; lp++) {
      for (let k = 0; k < eventsPerLp; k++) sim.at(lookaheadS + delay.sample(delayStream), EVENT, lp);
    }
  }

  run(events: number): void {
    this.sim.run({ maxEvents: events });
  }
}
