import type { FieldPath } from '../errors.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';
import type { ServiceIndex } from './workload.js';

/**
 * designs[].traffic.retries.services: each override names a service of the workload (a call into
 * it follows that policy), at most once per design. Checked only when the workload parsed.
 */
export function checkRetries(r: Reporter, s: Partial<RawScenario>, services: ServiceIndex): void {
  if (!s.designs || !s.workload) return;
  s.designs.forEach((d, di) => {
    const overrides = d.traffic.retries?.services;
    if (!overrides) return;
    const base: FieldPath = ['designs', di, 'traffic', 'retries', 'services'];
    const seen = new Map<string, number>();
    overrides.forEach((o, i) => {
      if (!services.has(o.service)) {
        r.unknown([...base, i, 'service'], 'service', o.service, services.keys());
        return;
      }
      const first = seen.get(o.service);
      if (first !== undefined) r.err([...base, i, 'service'], `a second retry policy for service "${o.service}"`, `one entry per service (the first is at ${base.join('.')}[${first}])`, 'merge the two entries: a call into a service follows one policy');
      else seen.set(o.service, i);
    });
  });
}
