import { HORIZON_S } from '../defaults.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Run settings: a horizon longer than the warm-up, SLO targets for user regions that exist. */
export function checkRun(r: Reporter, s: Partial<RawScenario>): void {
  if (!s.run) return;
  const horizon = s.run.horizon ?? HORIZON_S;
  if (!(horizon > 0)) r.err(['run', 'horizon'], 'the horizon must be above zero');
  if ((s.run.warmup ?? 0) >= horizon) r.err(['run', 'warmup'], 'the warm-up is as long as the whole run', 'warmup < horizon');
  s.run.slo?.latency?.forEach((l, i) => {
    if (l.userRegion !== undefined && s.workload && !s.workload.userRegions.some((u) => u.name === l.userRegion)) {
      r.unknown(['run', 'slo', 'latency', i, 'userRegion'], 'user region', l.userRegion, s.workload.userRegions.map((u) => u.name));
    }
  });
}
