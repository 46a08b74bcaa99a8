import type { DaemonSetOverhead, NodeReservation } from './types.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** kubelet hard eviction threshold memory.available < 100Mi (kubelet default; GKE keeps it). */
export const EVICTION_THRESHOLD_BYTES = 100 * MIB;

/** Default kubelet --max-pods (kubelet configuration reference). */
export const DEFAULT_MAX_PODS = 110;

/** Marginal rate applied to the part of a quantity falling in [from, to). */
interface Band {
  readonly from: number;
  readonly to: number;
  readonly rate: number;
}

// GKE Standard node allocatable, "Plan GKE Standard node sizes" (cloud.google.com, consulted 2026):
// CPU: 6% of the first core, 1% of the next, 0.5% of the next 2, 0.25% above 4 cores.
const CPU_BANDS_MILLICORES: readonly Band[] = [
  { from: 0, to: 1000, rate: 0.06 },
  { from: 1000, to: 2000, rate: 0.01 },
  { from: 2000, to: 4000, rate: 0.005 },
  { from: 4000, to: Number.POSITIVE_INFINITY, rate: 0.0025 },
];
// Memory: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above
// 128 GiB; machines under 1 GiB reserve 255 MiB flat. Eviction threshold comes on top.
const MEMORY_BANDS_BYTES: readonly Band[] = [
  { from: 0, to: 4 * GIB, rate: 0.25 },
  { from: 4 * GIB, to: 8 * GIB, rate: 0.2 },
  { from: 8 * GIB, to: 16 * GIB, rate: 0.1 },
  { from: 16 * GIB, to: 128 * GIB, rate: 0.06 },
  { from: 128 * GIB, to: Number.POSITIVE_INFINITY, rate: 0.02 },
];

function banded(amount: number, bands: readonly Band[]): number {
  let total = 0;
  for (const b of bands) {
    if (amount <= b.from) break;
    total += (Math.min(amount, b.to) - b.from) * b.rate;
  }
  return total;
}

export interface Reserved {
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

/**
 * What a node of the given capacity keeps back from pods. Results are whole millicores and whole
 * bytes (rounded up: a reservation never under-counts).
 */
export function reservedFor(reservation: NodeReservation, cpuMillicores: number, memoryBytes: number): Reserved {
  switch (reservation.kind) {
    case 'none':
      return { cpuMillicores: 0, memoryBytes: 0 };
    case 'fixed':
      return { cpuMillicores: reservation.cpuMillicores, memoryBytes: reservation.memoryBytes };
    case 'gke': {
      const cpu = Math.ceil(banded(cpuMillicores, CPU_BANDS_MILLICORES));
      const mem = memoryBytes < GIB ? 255 * MIB : Math.ceil(banded(memoryBytes, MEMORY_BANDS_BYTES));
      return { cpuMillicores: cpu, memoryBytes: mem + EVICTION_THRESHOLD_BYTES };
    }
  }
}

/**
 * Allocatable = capacity − reserved, in whole millicores and bytes (rounded down), floored at zero (a
 * tiny node may have nothing left). Whole units keep placement arithmetic exact.
 */
export function allocatableFor(reservation: NodeReservation, cpuMillicores: number, memoryBytes: number): Reserved {
  const r = reservedFor(reservation, cpuMillicores, memoryBytes);
  return {
    cpuMillicores: Math.max(0, Math.floor(cpuMillicores - r.cpuMillicores)),
    memoryBytes: Math.max(0, Math.floor(memoryBytes - r.memoryBytes)),
  };
}

/** What a cluster's DaemonSets take from each node: the sum of their requests, and one pod slot each. */
export function daemonSetOverhead(daemonSets: readonly { readonly cpuMillicores: number; readonly memoryBytes: number }[]): DaemonSetOverhead {
  let cpu = 0;
  let mem = 0;
  for (const d of daemonSets) {
    if (!(d.cpuMillicores >= 0 && d.memoryBytes >= 0 && Number.isFinite(d.cpuMillicores) && Number.isFinite(d.memoryBytes))) {
      throw new RangeError(`DaemonSet requests must be non-negative numbers, got ${d.cpuMillicores}m and ${d.memoryBytes} bytes`);
    }
    // Whole units, rounded up as the scheduler would never under-count a request.
    cpu += Math.ceil(d.cpuMillicores);
    mem += Math.ceil(d.memoryBytes);
  }
  return { cpuMillicores: cpu, memoryBytes: mem, pods: daemonSets.length };
}

/**
 * What workload pods may use on a node: kubelet allocatable less the DaemonSets' requests (floored
 * at zero), and kubelet maxPods less one slot per DaemonSet. DaemonSet pods are scheduled onto every
 * node before anything else (they tolerate everything and run at system-node-critical priority), so
 * their requests are as unavailable to a Deployment's pods as kubelet's own reservation.
 */
export function workloadCapacity(reservation: NodeReservation, cpuMillicores: number, memoryBytes: number, maxPods: number, daemonSets: DaemonSetOverhead): Reserved & { readonly maxPods: number } {
  const a = allocatableFor(reservation, cpuMillicores, memoryBytes);
  return {
    cpuMillicores: Math.max(0, a.cpuMillicores - daemonSets.cpuMillicores),
    memoryBytes: Math.max(0, a.memoryBytes - daemonSets.memoryBytes),
    maxPods: Math.max(0, maxPods - daemonSets.pods),
  };
}
