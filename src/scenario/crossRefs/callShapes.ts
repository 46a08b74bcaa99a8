import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/**
 * Call shapes (workload.services[].calls[].mode and .queue, docs/traffic/call-shapes.md): a queue
 * belongs to an asynchronous call only (a synchronous call has none, and a queue there would be
 * silently ignored), and a queue that drains nothing would only grow.
 */
export function checkCallShapes(r: Reporter, s: Partial<RawScenario>): void {
  s.workload?.services.forEach((sv, i) => {
    sv.calls?.forEach((call, ci) => {
      if (call.queue === undefined) return;
      const base = ['workload', 'services', i, 'calls', ci] as const;
      const mode = call.mode ?? 'sequential';
      if (mode !== 'async') {
        r.err([...base, 'queue'], `a ${mode} call has no queue (only async calls go through one)`, 'no queue, or mode: async', `add "mode: async" to ${sv.name}'s call to ${call.service} if it should not wait for the callee, or remove "queue"`, 'key');
      }
      if (call.queue.drainRate !== undefined && !(call.queue.drainRate > 0)) {
        r.err([...base, 'queue', 'drainRate'], 'a queue that drains 0 messages a second never delivers anything', 'a positive rate, e.g. "100/s"', 'remove drainRate to drain as fast as the callee admits');
      }
    });
  });
}
