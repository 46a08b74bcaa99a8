import type { FieldPath } from '../errors.js';
import { karmadaMinor, resolveKarmada } from '../karmada.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

type RawDesign = NonNullable<RawScenario['designs']>[number];
type RawPolicy = NonNullable<RawDesign['placement']['default']>;

/**
 * Karmada versions and application failover (docs/karmada.md): fields a version does not have are
 * errors; a failover the version's defaults switch off is a warning, so that a scenario written for
 * Karmada ≤ 1.11 does not silently lose its cluster failover on a newer version.
 */
export function checkKarmada(r: Reporter, s: Partial<RawScenario>): void {
  s.designs?.forEach((d, i) => {
    const base: FieldPath = ['designs', i, 'karmada'];
    const k = d.karmada;
    const minor = k?.version === undefined ? undefined : karmadaMinor(k.version);
    if (minor !== undefined && minor < 14) {
      if (k?.clusterTaintPolicy !== undefined) r.err([...base, 'clusterTaintPolicy'], `Karmada ${k.version} has no ClusterTaintPolicy (added in 1.14)`, undefined, 'up to 1.13 the cluster controller taints NotReady clusters itself when the Failover gate is on');
      if (k?.noExecuteTaintEviction !== undefined) r.err([...base, 'noExecuteTaintEviction'], `Karmada ${k.version} has no --enable-no-execute-taint-eviction (added in 1.14)`);
    }
    if (k?.failoverEvictionTimeout !== undefined && (minor === undefined || minor >= 14)) {
      r.err([...base, 'failoverEvictionTimeout'], `failoverEvictionTimeout applies to Karmada 1.10 to 1.13 only`, 'version: "1.13" or older', 'from 1.14 a ClusterTaintPolicy taints a NotReady cluster at once');
    }
    const spec = resolveKarmada(k);
    const policies: [FieldPath, RawPolicy][] = [];
    if (d.placement.default) policies.push([['designs', i, 'placement', 'default'], d.placement.default]);
    for (const [name, p] of Object.entries(d.placement.services ?? {})) policies.push([['designs', i, 'placement', 'services', name], p]);
    for (const [path, p] of policies) {
      const f = p.failover;
      if (f === undefined) continue;
      if (f.enabled === true && !spec.clusterFailover) r.warn([...path, 'failover', 'enabled'], `Karmada ${spec.version} never moves replicas off a failed cluster with these settings: ${whyNoClusterFailover(spec)}`, clusterFailoverHint(spec.version));
      const a = f.application;
      if (a === undefined) continue;
      if (!spec.applicationFailover) r.warn([...path, 'failover', 'application'], `Karmada ${spec.version} starts the application failover controller only with the Failover gate on`, 'karmada: { failoverGate: true }');
      const mode = a.purgeMode ?? 'Gracefully';
      if (a.gracePeriod !== undefined && mode !== 'Gracefully' && mode !== 'Graciously') r.err([...path, 'failover', 'application', 'gracePeriod'], `gracePeriod applies to purgeMode Gracefully only, not ${mode}`, 'purgeMode: Gracefully, or drop gracePeriod');
    }
  });
}

function whyNoClusterFailover(spec: ReturnType<typeof resolveKarmada>): string {
  if (!spec.failoverGate) return 'the Failover feature gate is off (the default since 1.12)';
  if (spec.clusterTaintPolicy === undefined) return 'no ClusterTaintPolicy taints failed clusters (needed since 1.14)';
  if (spec.clusterTaintPolicy.effect !== 'NoExecute') return 'the ClusterTaintPolicy taints NoSchedule, which stops new placements but evicts nothing';
  return 'noExecuteTaintEviction is false (the default of --enable-no-execute-taint-eviction)';
}

function clusterFailoverHint(version: string): string {
  if (version === 'legacy') return 'karmada: { failoverGate: true }';
  return karmadaMinor(version as Parameters<typeof karmadaMinor>[0]) >= 14
    ? 'karmada: { failoverGate: true, clusterTaintPolicy: { effect: NoExecute }, noExecuteTaintEviction: true }'
    : 'karmada: { failoverGate: true }';
}
