import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * fdatasync latency of the disk under `dir`, measured the way etcd's WAL uses it: append a small
 * record, fdatasync, repeat. The simulator's fsyncMs (paid before a vote or an append ack) is set
 * from the median of this, so the prediction uses the same disk the real members write to.
 */
export interface FsyncMeasurement {
  samples: number;
  medianMs: number;
  p90Ms: number;
}

export function measureFdatasync(dir: string, samples = 50, recordBytes = 4096): FsyncMeasurement {
  if (!Number.isInteger(samples) || samples < 1 || samples > 10_000) throw new RangeError(`samples must be 1..10000, got ${samples}`);
  const sub = mkdtempSync(join(dir, 'fsync-'));
  const file = join(sub, 'wal');
  const buf = Buffer.alloc(recordBytes, 0x5a);
  const times: number[] = [];
  const fd = openSync(file, 'a');
  try {
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      writeSync(fd, buf);
      fdatasyncSync(fd);
      times.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(sub, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (times.length - 1) * p;
    const lo = Math.floor(h);
    return times[lo] + (h - lo) * (times[Math.min(lo + 1, times.length - 1)] - times[lo]);
  };
  return { samples, medianMs: q(0.5), p90Ms: q(0.9) };
}
