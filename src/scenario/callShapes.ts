import * as z from 'zod';
import { int, rate } from './schemaPrimitives.js';
import type { AsyncQueueSpec, CallMode } from './specs/callShapes.js';
export type { AsyncQueueSpec, CallMode } from './specs/callShapes.js';

/**
 * workload.services[].calls[].mode and .queue: how a caller makes a call (docs/traffic.md, "Call
 * shapes"). The fields are merged into the call schema (schema.ts).
 */

/** Messages an async call's queue holds when not said (an SQS queue holds ~unbounded; a broker's default is often 10^5). */
export const DEFAULT_QUEUE_CAPACITY_MESSAGES = 100_000;

export const callModeSchema = z
  .enum(['sequential', 'parallel', 'async'])
  .meta({ description: 'sequential (default): the caller waits, one call after another; parallel: sent together, the caller waits for the slowest; async: a message on a queue, the caller does not wait.' });

export const asyncQueueSchema = z
  .strictObject({
    capacity: int(1, `Messages the queue holds; more are dropped; default ${DEFAULT_QUEUE_CAPACITY_MESSAGES}.`, 1e12).optional(),
    drainRate: rate('Messages per second the consumers take at most; default: as fast as the callee admits.').optional(),
  })
  .meta({ title: 'AsyncQueue' });

export type RawAsyncQueue = z.output<typeof asyncQueueSchema>;

export function resolveCallShape(mode: CallMode | undefined, queue: RawAsyncQueue | undefined): { mode: CallMode; queue: AsyncQueueSpec | undefined } {
  const m = mode ?? 'sequential';
  if (m !== 'async') return { mode: m, queue: undefined };
  return { mode: m, queue: { capacityMessages: queue?.capacity ?? DEFAULT_QUEUE_CAPACITY_MESSAGES, drainPerS: queue?.drainRate } };
}
