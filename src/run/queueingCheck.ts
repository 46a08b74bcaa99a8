// The engine's M/M/c self-check for the faces (`fleetsim mmc`): the queueing model, its closed
// form and the confidence interval through run/, so cli/ never reaches into model/ or engine/.
export { runMmc } from '../model/queueing/mmcRequestLevel.js';
export { mmcMetrics } from '../model/queueing/erlangC.js';
export { meanConfidence } from '../engine/stats/confidence.js';

/** Beyond these one M/M/c check would run for hours (customers are simulated one by one). */
export const MMC_LIMITS = { customers: 100_000_000, replications: 100_000, servers: 100_000 } as const;

/** Why these numbers cannot be run, or null. */
export function mmcLimitProblem(o: { readonly customers: number; readonly replications: number; readonly servers?: number | undefined }): string | null {
  if (o.customers < 1 || o.customers > MMC_LIMITS.customers) return `--customers must be from 1 to ${MMC_LIMITS.customers.toLocaleString('en-US')}, got ${o.customers}`;
  if (o.replications < 1 || o.replications > MMC_LIMITS.replications) return `--replications must be from 1 to ${MMC_LIMITS.replications.toLocaleString('en-US')}, got ${o.replications}`;
  if (o.servers !== undefined && (o.servers < 1 || o.servers > MMC_LIMITS.servers)) return `--servers must be from 1 to ${MMC_LIMITS.servers.toLocaleString('en-US')}, got ${o.servers}`;
  return null;
}
