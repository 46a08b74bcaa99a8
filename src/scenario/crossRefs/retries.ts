import { formatPath, type FieldPath } from '../errors.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';
import type { ServiceIndex } from './workload.js';

type RawPolicy = { readonly retryOn?: readonly string[]; readonly perTryTimeout?: number; readonly timeout?: number };

/**
 * designs[].traffic.retries.services: each override names a service of the workload (a call into
 * it follows that policy), at most once per design. Checked only when the workload parsed. Also
 * warns of timeouts that cannot act as written (for the design's policy and each override, with
 * the fields an override inherits): `timeout` retried with no timeout set, and an overall timeout
 * no longer than the per-try one (no retry of a timed-out attempt fits in it).
 */
export function checkRetries(r: Reporter, s: Partial<RawScenario>, services: ServiceIndex): void {
  if (!s.designs) return;
  s.designs.forEach((d, di) => {
    const retries = d.traffic.retries;
    if (!retries) return;
    const base: FieldPath = ['designs', di, 'traffic', 'retries', 'services'];
    checkTimeouts(r, retries, undefined, ['designs', di, 'traffic', 'retries']);
    retries.services?.forEach((o, i) => checkTimeouts(r, o, retries, [...base, i]));
    const overrides = retries.services;
    if (!overrides || !s.workload) return;
    const seen = new Map<string, number>();
    overrides.forEach((o, i) => {
      if (!services.has(o.service)) {
        r.unknown([...base, i, 'service'], 'service', o.service, services.keys());
        return;
      }
      const first = seen.get(o.service);
      if (first !== undefined) r.err([...base, i, 'service'], `a second retry policy for service "${o.service}"`, `one entry per service (the first is at ${formatPath([...base, first])})`, 'merge the two entries: a call into a service follows one policy');
      else seen.set(o.service, i);
    });
  });
}

function checkTimeouts(r: Reporter, p: RawPolicy, parent: RawPolicy | undefined, path: FieldPath): void {
  const perTryS = p.perTryTimeout ?? parent?.perTryTimeout;
  const overallS = p.timeout ?? parent?.timeout;
  const retryOn = p.retryOn ?? parent?.retryOn;
  if (p.retryOn?.includes('timeout') && perTryS === undefined && overallS === undefined) {
    r.warn([...path, 'retryOn'], 'timeout is retried but no timeout is set: no attempt ever times out', 'set perTryTimeout (the time one attempt may take)');
  }
  if ((p.timeout !== undefined || p.perTryTimeout !== undefined) && perTryS !== undefined && overallS !== undefined && overallS <= perTryS && retryOn?.includes('timeout')) {
    r.warn([...path, p.timeout !== undefined ? 'timeout' : 'perTryTimeout'], `the overall timeout (${overallS} s) is not longer than the per-try timeout (${perTryS} s): no retry of a timed-out attempt fits in it`, 'make timeout a few per-try timeouts long, or drop timeout from retryOn');
  }
}
