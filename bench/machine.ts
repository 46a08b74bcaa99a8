import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineFacts {
  cpuModel: string;
  logicalCores: number;
  totalMemoryGiB: number;
  platform: string;
  arch: string;
  nodeVersion: string;
  v8Version: string;
  loadAverage1m: number;
  date: string;
}

/** Facts that explain a figure: the same code is slower on a slower or busier machine. */
export function machineFacts(): MachineFacts {
  return {
    cpuModel: cpuModel(),
    logicalCores: os.cpus().length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: os.platform(),
    arch: os.arch(),
    nodeVersion: process.version,
    v8Version: process.versions.v8,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    date: new Date().toISOString(),
  };
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const line = info.split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}
