import { CLUSTER_WIDE_KINDS, ROLLING_UPDATE_KINDS, ROLLING_UPDATE_MAX_UNAVAILABLE_RATIO, type RawChangeStream, type RawRollout } from '../changes.js';
import type { FieldPath } from '../errors.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** Change streams and each design's rollouts (docs/changes.md). */
export function checkChanges(r: Reporter, s: Partial<RawScenario>): void {
  const streams = s.faults?.changes ?? [];
  r.duplicates(streams, ['faults', 'changes'], 'change stream');
  const services = s.workload ? s.workload.services.map((x) => x.name) : undefined;
  const clusters = s.clusters ? s.clusters.map((c) => c.name) : undefined;
  streams.forEach((c, i) => {
    checkStream(r, c, ['faults', 'changes', i], services);
    for (const [name, w] of Object.entries(c.clusterWindows ?? {})) {
      const path: FieldPath = ['faults', 'changes', i, 'clusterWindows', name];
      if (clusters !== undefined && !clusters.includes(name)) r.unknown(path, 'cluster', name, clusters);
      if (w.startHourUtc === w.endHourUtc % 24 && w.endHourUtc !== 24) r.err(path, 'the maintenance window is empty (it opens and closes at the same hour)', 'endHourUtc other than startHourUtc');
    }
  });
  s.designs?.forEach((d, i) => {
    const base: FieldPath = ['designs', i, 'rollouts'];
    const seen = new Map<string, number>();
    d.rollouts?.forEach((ro, j) => {
      const first = seen.get(ro.stream);
      if (first !== undefined) r.err([...base, j, 'stream'], `design ${d.name} rolls out stream "${ro.stream}" twice`, `one rollout per stream (first at rollouts[${first}])`);
      else seen.set(ro.stream, j);
      if (!streams.some((c) => c.name === ro.stream)) r.unknown([...base, j, 'stream'], 'change stream', ro.stream, streams.map((c) => c.name));
      checkRollout(r, ro, [...base, j], clusters);
    });
  });
}

function checkStream(r: Reporter, c: RawChangeStream, base: FieldPath, services: readonly string[] | undefined): void {
  const perService = !CLUSTER_WIDE_KINDS.has(c.kind);
  if (c.perYear !== undefined && c.rate !== undefined) r.err([...base, 'rate'], 'give perYear or rate, not both', 'one of perYear, rate');
  if (c.perYear === undefined && c.rate === undefined && perService) {
    r.err(base, `a ${c.kind} stream needs how often changes come`, 'perYear: 150 or rate: "3/w"', 'only kubernetesUpgrade and certificateRotation streams have a default rate');
  }
  if (c.services !== undefined) {
    if (!perService) r.err([...base, 'services'], `a ${c.kind} changes whole clusters, not services`, undefined, 'remove services');
    else if (services !== undefined) c.services.forEach((n, j) => !services.includes(n) && r.unknown([...base, 'services', j], 'service', n, services));
  }
  if (c.maxUnavailable !== undefined && !ROLLING_UPDATE_KINDS.has(c.kind)) r.err([...base, 'maxUnavailable'], 'maxUnavailable applies to deploy and gitops streams only (a rolling update of Deployments)');
  if (c.duration !== undefined && c.kind !== 'kubernetesUpgrade') r.err([...base, 'duration'], 'duration applies to kubernetesUpgrade streams only');
  if (c.kind === 'certificateRotation' && c.bad?.capacityLost !== undefined) {
    r.err([...base, 'bad', 'capacityLost'], 'a bad certificate fails requests at the ingress; pods keep running', 'errors and/or extraLatency');
  }
  const cap = c.maxUnavailable ?? ROLLING_UPDATE_MAX_UNAVAILABLE_RATIO;
  if (ROLLING_UPDATE_KINDS.has(c.kind) && c.bad?.capacityLost !== undefined && c.bad.capacityLost > cap) {
    r.warn([...base, 'bad', 'capacityLost'], `a rolling update stops at maxUnavailable (${fmtPct(cap)}) when new pods never become ready, so at most ${fmtPct(cap)} of the pods crash-loop`, 'raise maxUnavailable if the Deployments allow more');
  }
  if (c.window !== undefined && c.window.startHourUtc === c.window.endHourUtc % 24 && c.window.endHourUtc !== 24) {
    r.err([...base, 'window'], 'the maintenance window is empty (it opens and closes at the same hour)', 'endHourUtc other than startHourUtc');
  }
}

function checkRollout(r: Reporter, ro: RawRollout, base: FieldPath, clusters: readonly string[] | undefined): void {
  if (ro.strategy === 'allAtOnce') {
    if (ro.waves !== undefined) r.err([...base, 'waves'], 'an allAtOnce rollout has no waves', undefined, 'strategy: waves, or remove waves');
    if (ro.bake !== undefined) r.err([...base, 'bake'], 'an allAtOnce rollout has no bake time between waves', undefined, 'strategy: waves, or remove bake');
  }
  if (ro.strategy === 'waves' && ro.waves === undefined) r.err(base, 'a waves rollout needs its waves', 'waves, e.g. [1, 2, all]');
  if (ro.detection !== undefined && ro.detection.burnRate === undefined && ro.detection.after === undefined) {
    r.err([...base, 'detection'], 'detection says nothing', 'burnRate and/or after', 'e.g. burnRate: {} for the SRE Workbook alerts');
  }
  ro.detection?.burnRate?.alerts?.forEach((a, k) => {
    if (a.short > a.long) r.err([...base, 'detection', 'burnRate', 'alerts', k, 'short'], 'the short window is longer than the long one', `at most ${a.long} s`);
  });
  const named = new Map<string, number>();
  ro.waves?.forEach((w, k) => {
    if (w === 'all' && k !== ro.waves!.length - 1) r.err([...base, 'waves', k], '"all" takes every cluster left, so waves after it are empty', '"all" last');
    if (!Array.isArray(w)) return;
    w.forEach((n, m) => {
      const path = [...base, 'waves', k, m];
      if (clusters !== undefined && !clusters.includes(n)) r.unknown(path, 'cluster', n, clusters);
      const first = named.get(n);
      if (first !== undefined) r.err(path, `cluster "${n}" is in two waves`, `each cluster in one wave (first in waves[${first}])`);
      else named.set(n, k);
    });
  });
}

function fmtPct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
