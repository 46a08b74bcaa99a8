import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { round } from '../measure.js';
import type { BenchOptions, Row, Suite, SuiteResult, TargetCheck } from '../types.js';

interface Probe {
  workload: string;
  events: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  heapAfterGcBytes: number;
  gcsDuringRun: number;
}

/** Under this many bytes per event (and no GC in the window) counts as allocation-free. */
const MAX_BYTES_PER_EVENT = 0.1;

export const allocSuite: Suite = {
  name: 'alloc',
  description: 'Steady-state heap use: bytes allocated per event over millions of events (node --expose-gc)',
  async run(options: BenchOptions): Promise<SuiteResult> {
    options.log('alloc: probing heap use in a child process');
    const here = path.dirname(fileURLToPath(import.meta.url));
    const ext = path.extname(fileURLToPath(import.meta.url)); // .js when built, .ts under tsx
    const probeFile = path.join(here, '..', `allocProbe${ext}`);
    const nodeArgs = ['--expose-gc', ...(ext === '.ts' ? ['--import', 'tsx'] : []), probeFile];
    if (options.quick) nodeArgs.push('--quick');
    const out = execFileSync(process.execPath, nodeArgs, { encoding: 'utf8', cwd: options.repoRoot });
    const probes = JSON.parse(out.trim().split('\n').pop() ?? '[]') as Probe[];
    const rows: Row[] = probes.map((p) => ({
      workload: p.workload,
      events: p.events,
      heapBeforeKiB: round(p.heapBeforeBytes / 1024),
      heapAfterKiB: round(p.heapAfterBytes / 1024),
      gcsDuringRun: p.gcsDuringRun,
      bytesPerEvent: round((p.heapAfterBytes - p.heapBeforeBytes) / p.events, 4),
      retainedBytesPerEvent: round((p.heapAfterGcBytes - p.heapBeforeBytes) / p.events, 4),
    }));
    const targets: TargetCheck[] = rows
      .filter((r) => !String(r.workload).includes('set-up'))
      .map((r) => {
        const bytes = r.bytesPerEvent as number;
        const gcs = r.gcsDuringRun as number;
        return {
          name: `allocation-free steady state: ${r.workload}`,
          target: `< ${MAX_BYTES_PER_EVENT} B/event, no GC during the window`,
          measured: `${bytes} B/event, ${gcs} GC`,
          pass: bytes < MAX_BYTES_PER_EVENT && gcs === 0,
        };
      });
    return {
      rows,
      targets,
      notes: [
        'bytesPerEvent = (heapUsed after - heapUsed before) / events with no GC in between; a GC in the window would hide garbage, so it is counted and fails the check',
        'retainedBytesPerEvent: the same after a full GC (growth that survives: leaks)',
      ],
    };
  },
};
