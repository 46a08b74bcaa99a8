import { exponential, type Distribution } from '../src/engine/distributions.js';
import { createStream, type RandomStream } from '../src/engine/rng.js';
import { Simulator } from '../src/engine/simulator.js';

/**
 * PHOLD (Fujimoto 1990), run sequentially: N logical processes (LPs), each starting with a fixed
 * population of events. An event at an LP sends one new event, after lookahead + Exp(1) seconds,
 * to itself or, with probability `remoteFraction`, to an LP chosen uniformly. Unlike the hold
 * model it draws from the engine's named seedrandom streams and distribution objects, and touches
 * per-LP state, as a model does.
 */
export interface PholdConfig {
  lps: number;
  eventsPerLp: number;
  remoteFraction: number;
  lookaheadS: number;
  seed: number;
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
    const remote: RandomStream = createStream(seed, 0, 'phold/remote');
    const destination: RandomStream = createStream(seed, 0, 'phold/destination');
    const delayStream: RandomStream = createStream(seed, 0, 'phold/delay');
    const delay: Distribution = exponential(1);
    const EVENT = sim.register('phold', (lp) => {
      handled[lp]++;
      let to = lp;
      if (remote.next() < remoteFraction) to = Math.floor(destination.next() * lps);
      sim.after(lookaheadS + delay.sample(delayStream), EVENT, to);
    });
    for (let lp = 0; lp < lps; lp++) {
      for (let k = 0; k < eventsPerLp; k++) sim.at(lookaheadS + delay.sample(delayStream), EVENT, lp);
    }
  }

  run(events: number): void {
    this.sim.run({ maxEvents: events });
  }
}
