import { runMmc } from '../src/model/queueing/mmcRequestLevel.js';
import { FastRng } from './fastRng.js';
import { QueueHold, SimulatorHold } from './holdModel.js';
import { timeBatch, type BatchOptions, type BatchTiming } from './measure.js';
import { Phold, type PholdConfig } from './pholdModel.js';

/**
 * Measurements run each in a fresh Node process (bench/child.ts), so one workload's JIT feedback
 * (say, three handler shapes at the run loop's call site) does not slow the next one down.
 */
export interface MmcTaskParams {
  servers: number;
  arrivalRatePerS: number;
  serviceRatePerS: number;
  warmupCustomers: number;
  customers: number;
}

export interface MmcTiming extends BatchTiming {
  eventsPerCall: number;
  pWait: number;
}

export const tasks = {
  async holdSimulator(p: { pending: number; warmupHolds: number; batch: number; timing: BatchOptions }): Promise<BatchTiming> {
    const model = new SimulatorHold(p.pending);
    model.run(p.warmupHolds);
    return timeBatch('hold/simulator', p.batch, () => model.run(p.batch), p.timing);
  },

  async holdQueue(p: { pending: number; warmupHolds: number; batch: number; timing: BatchOptions }): Promise<BatchTiming> {
    const model = new QueueHold(p.pending);
    model.run(p.warmupHolds);
    return timeBatch('hold/queue', p.batch, () => model.run(p.batch), p.timing);
  },

  async exp(p: { batch: number; timing: BatchOptions }): Promise<BatchTiming> {
    const rng = new FastRng(1);
    let sink = 0;
    const t = await timeBatch('exp', p.batch, () => {
      for (let k = 0; k < p.batch; k++) sink += rng.nextExp();
    }, p.timing);
    if (!(sink > 0)) throw new Error('Exp(1) draws summed to a non-positive number');
    return t;
  },

  async phold(p: { config: PholdConfig; warmupEvents: number; batch: number; timing: BatchOptions }): Promise<BatchTiming> {
    const model = new Phold(p.config);
    model.run(p.warmupEvents);
    return timeBatch('phold', p.batch, () => model.run(p.batch), p.timing);
  },

  async mmc(p: { params: MmcTaskParams; timing: BatchOptions }): Promise<MmcTiming> {
    let replication = 0;
    let pWait = 0;
    let events = 0;
    // A customer counts once it has started service: warm-up plus measured customers.
    const perCall = p.params.warmupCustomers + p.params.customers;
    const t = await timeBatch('mmc', perCall, () => {
      const r = runMmc({ ...p.params, seed: 'bench', replication: replication++ });
      pWait = r.pWait;
      events = r.events;
    }, p.timing);
    return { ...t, eventsPerCall: events, pWait };
  },
} as const;

export type TaskName = keyof typeof tasks;
