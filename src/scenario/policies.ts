import { globMatch } from './context.js';
import type { RawPolicy, RawScenario } from './schema.js';

type RawDesign = RawScenario['designs'][number];
type RawAffinityLike = NonNullable<RawPolicy['clusterAffinity']> & { name?: string };

/** A service's policy in a design: its own entry merged key by key over `default`. */
export function effectivePolicy(design: RawDesign, service: string): { policy: RawPolicy; path: (string | number)[] } | undefined {
  const def = design.placement.default;
  const own = design.placement.services?.[service];
  if (def === undefined && own === undefined) return undefined;
  const merged: RawPolicy = { ...(def ?? {}), ...(own ?? {}) };
  // An own clusterAffinity replaces inherited clusterAffinities, and the reverse: they are alternatives.
  if (own?.clusterAffinity !== undefined && own.clusterAffinities === undefined) delete merged.clusterAffinities;
  if (own?.clusterAffinities !== undefined && own.clusterAffinity === undefined) delete merged.clusterAffinity;
  return { policy: merged, path: own !== undefined ? ['placement', 'services', service] : ['placement', 'default'] };
}

export interface ClusterFacts {
  readonly name: string;
  readonly region: string;
  readonly provider: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
}

export function affinityMatches(a: RawAffinityLike, c: ClusterFacts): boolean {
  if (a.clusterNames !== undefined && !a.clusterNames.includes(c.name)) return false;
  if (a.exclude?.includes(c.name)) return false;
  if (a.regions !== undefined && !a.regions.some((g) => globMatch(g, c.region))) return false;
  if (a.providers !== undefined && (c.provider === undefined || !a.providers.includes(c.provider as never))) return false;
  for (const [k, v] of Object.entries(a.labels ?? {})) if (c.labels[k] !== v) return false;
  return true;
}

/** The affinity of a policy that gives none; one shared object, so checks can cache by affinity. */
const SELECT_ALL: RawAffinityLike = Object.freeze({});

/** The ordered affinity groups of a policy (an absent affinity selects every cluster). */
export function affinityGroups(p: RawPolicy): { affinity: RawAffinityLike; pathSuffix: (string | number)[] }[] {
  if (p.clusterAffinities !== undefined) return p.clusterAffinities.map((a, i) => ({ affinity: a, pathSuffix: ['clusterAffinities', i] }));
  return [{ affinity: p.clusterAffinity ?? SELECT_ALL, pathSuffix: p.clusterAffinity ? ['clusterAffinity'] : [] }];
}

/** Normalized replicaScheduling: the string shorthand becomes the object form. */
export function schedulingOf(p: RawPolicy): { type: 'duplicated' | 'divided'; division?: 'weighted' | 'availableReplicas' | 'aggregated'; weights?: Record<string, number> } {
  const r = p.replicaScheduling;
  if (r === undefined) return { type: 'duplicated' };
  if (typeof r === 'string') return { type: r };
  return r;
}
