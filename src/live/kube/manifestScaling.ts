import type { ManifestDoc } from './manifestRead.js';
import { meta, selects, where, type Obj, type Workload } from './manifestWorkloads.js';

/**
 * HorizontalPodAutoscalers → a service's `autoscaling`, PodDisruptionBudgets → its
 * `disruptionBudget` (docs/autoscaling.md, docs/upgrades.md). The scenario's HPA scales on CPU
 * utilization only; other metrics are reported, not mapped.
 */
export interface ServiceScaling {
  autoscaling?: Record<string, unknown>;
  disruptionBudget?: Record<string, unknown>;
}

/** Kubernetes' own default CPU target when an HPA names no metric (autoscaling/v1 and v2). */
const DEFAULT_CPU_TARGET_PERCENT = 80;

const posInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/** autoscaling/v2 behavior → scaleUp/scaleDown where the scenario has the same knob. */
function behavior(b: Obj | undefined, at: string, notes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const up = b?.scaleUp as Obj | undefined;
  if (up !== undefined && up !== null) {
    const s: Record<string, unknown> = {};
    const win = posInt(up.stabilizationWindowSeconds);
    if (win !== undefined) s.stabilizationWindow = `${win}s`;
    const policies = (Array.isArray(up.policies) ? up.policies : []).filter((p: unknown): p is Obj => p !== null && typeof p === 'object');
    const periods = new Set(policies.map((p) => p.periodSeconds));
    for (const p of policies) {
      if (p.type === 'Percent' && posInt(p.value) !== undefined) s.percent = p.value;
      if (p.type === 'Pods' && posInt(p.value) !== undefined) s.pods = p.value;
    }
    if (periods.size === 1 && posInt([...periods][0]) !== undefined && [...periods][0] > 0) s.period = `${[...periods][0]}s`;
    else if (periods.size > 1) notes.push(`${at}: scaleUp policies with different periods; the scenario has one period (default 15s kept)`);
    if (up.selectPolicy !== undefined && up.selectPolicy !== 'Max') notes.push(`${at}: scaleUp selectPolicy ${up.selectPolicy} not mapped (the scenario takes the larger, as Max)`);
    if (Object.keys(s).length > 0) out.scaleUp = s;
  }
  const down = b?.scaleDown as Obj | undefined;
  if (down !== undefined && down !== null) {
    const win = posInt(down.stabilizationWindowSeconds);
    if (win !== undefined) out.scaleDown = { stabilizationWindow: `${win}s` };
    if (Array.isArray(down.policies) && down.policies.length > 0) notes.push(`${at}: scaleDown policies not mapped (the scenario limits scale-down by its stabilization window only)`);
  }
  return out;
}

/** The CPU utilization target of an HPA (v1 or v2), or undefined when it scales on something else. */
function cpuTarget(spec: Obj, at: string, notes: string[]): number | undefined {
  if (typeof spec.targetCPUUtilizationPercentage === 'number') return spec.targetCPUUtilizationPercentage;
  const metrics = (Array.isArray(spec.metrics) ? spec.metrics : []).filter((m: unknown): m is Obj => m !== null && typeof m === 'object');
  if (metrics.length === 0) return DEFAULT_CPU_TARGET_PERCENT;
  let target: number | undefined;
  for (const m of metrics) {
    const r = m.resource ?? m.containerResource;
    if ((m.type === 'Resource' || m.type === 'ContainerResource') && r?.name === 'cpu' && typeof (r.target?.averageUtilization ?? r.targetAverageUtilization) === 'number') {
      target = r.target?.averageUtilization ?? r.targetAverageUtilization;
    } else notes.push(`${at}: metric ${m.type}${r?.name !== undefined ? ` ${r.name}` : ''}${r?.target?.type !== undefined ? ` (${r.target.type})` : ''} not mapped (the scenario's HPA scales on CPU utilization)`);
  }
  return target;
}

export function readScaling(docs: readonly ManifestDoc[], workloads: readonly Workload[], notes: string[]): Map<string, ServiceScaling> {
  const out = new Map<string, ServiceScaling>();
  const entry = (s: string) => out.get(s) ?? (out.set(s, {}), out.get(s)!);
  for (const md of docs) {
    const d = md.doc as Obj;
    const m = meta(d);
    const at = where(md);
    if (d.kind === 'HorizontalPodAutoscaler') {
      const ref = (d.spec?.scaleTargetRef ?? {}) as Obj;
      const w = workloads.find((x) => x.name === ref.name && x.namespace === m.namespace && (ref.kind === undefined || ref.kind === x.kind));
      if (w === undefined) {
        notes.push(`${at}: HorizontalPodAutoscaler ${m.name} scales ${ref.kind ?? '?'} ${ref.name ?? '?'}, not a workload of the manifests (or a load generator): ignored`);
        continue;
      }
      const target = cpuTarget(d.spec ?? {}, at, notes);
      const max = posInt(d.spec?.maxReplicas);
      const min = posInt(d.spec?.minReplicas) ?? 1;
      if (target === undefined || max === undefined || max < 1) {
        notes.push(`${at}: HorizontalPodAutoscaler ${m.name}: ${target === undefined ? 'no CPU utilization target' : 'no maxReplicas'}; ${w.service} keeps fixed replicas`);
        continue;
      }
      if (!(target > 0)) {
        notes.push(`${at}: HorizontalPodAutoscaler ${m.name}: CPU target ${target}% is not positive; ${w.service} keeps fixed replicas`);
        continue;
      }
      if (target > 100) notes.push(`${at}: HorizontalPodAutoscaler ${m.name}: CPU target ${target}% (above the request) written as 100%: the scenario reads utilization as busy slots, at most 100%`);
      const a: Record<string, unknown> = { minReplicas: Math.max(1, min), maxReplicas: Math.max(max, min, 1), targetCpuUtilization: `${Math.min(100, target)}%`, ...behavior(d.spec?.behavior, at, notes) };
      entry(w.service).autoscaling = a;
      notes.push(`${at}: HorizontalPodAutoscaler ${m.name} → ${w.service}.autoscaling (min ${a.minReplicas as number}, max ${a.maxReplicas as number}, CPU ${target}%; per cluster, as Karmada propagates an HPA to every member)`);
    }
    if (d.kind === 'PodDisruptionBudget') {
      const sel = d.spec?.selector as Obj | undefined;
      if (Array.isArray(sel?.matchExpressions) && sel.matchExpressions.length > 0) notes.push(`${at}: PodDisruptionBudget ${m.name}: selector matchExpressions not mapped (only matchLabels)`);
      const targets = workloads.filter((w) => w.namespace === m.namespace && selects(sel?.matchLabels, w.podLabels));
      // A PDB sets one of them, as an integer or a percentage (intstr); anything else the API server refuses.
      const valid = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v) && parseFloat(v) <= 100);
      const field = (['minAvailable', 'maxUnavailable'] as const).find((k) => d.spec?.[k] !== undefined);
      const budget = field !== undefined && valid(d.spec[field]) ? { [field]: d.spec[field] } : undefined;
      if (targets.length === 0 || budget === undefined) {
        const why = field === undefined ? 'neither minAvailable nor maxUnavailable' : budget === undefined ? `${field} ${JSON.stringify(d.spec[field])} is not a pod count or a percentage` : 'selects no workload of the manifests';
        notes.push(`${at}: PodDisruptionBudget ${m.name}: ${why}: ignored`);
        continue;
      }
      for (const w of targets) {
        entry(w.service).disruptionBudget = budget;
        notes.push(`${at}: PodDisruptionBudget ${m.name} → ${w.service}.disruptionBudget ${JSON.stringify(budget)} (per cluster)`);
      }
    }
  }
  return out;
}
