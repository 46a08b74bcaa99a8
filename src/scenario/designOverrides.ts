import type { RawCluster, RawScenario } from './schema.js';

type RawDesign = RawScenario['designs'][number];
type RawService = RawScenario['workload']['services'][number];
type RawOverrides = NonNullable<RawDesign['overrides']>;

/**
 * A design's overrides applied to the file's clusters and services, still as written (raw), so
 * the loader checks and resolves them exactly like the scenario's own: an instance type brings its
 * shape and price, a count is checked against its autoscaling bounds. Only named fields change;
 * everything else is the scenario's.
 */
export function overriddenClusters(clusters: readonly RawCluster[], o: RawOverrides | undefined): RawCluster[] {
  return clusters.map((c) => {
    const co = o?.clusters?.find((x) => x.name === c.name);
    if (co === undefined) return c;
    return {
      ...c,
      ...(co.kubernetesVersion !== undefined ? { kubernetesVersion: co.kubernetesVersion } : {}),
      nodePools: c.nodePools.map((p) => {
        const po = co.nodePools?.find((x) => x.name === p.name);
        if (po === undefined) return p;
        // Another instance type replaces the shape and price written for the old one.
        const base = po.instanceType !== undefined ? { ...p, cpu: undefined, memory: undefined, priceUsdPerHour: undefined, instanceType: po.instanceType } : p;
        return {
          ...base,
          ...(po.capacityType !== undefined ? { capacityType: po.capacityType } : {}),
          ...(po.count !== undefined ? { count: po.count } : {}),
          ...(po.autoscaling !== undefined ? { autoscaling: po.autoscaling } : {}),
        };
      }),
    };
  });
}

export function overriddenServices(services: readonly RawService[], o: RawOverrides | undefined): RawService[] {
  return services.map((s) => {
    const so = o?.services?.find((x) => x.name === s.name);
    if (so === undefined) return s;
    return { ...s, ...(so.replicas !== undefined ? { replicas: so.replicas } : {}), ...(so.autoscaling !== undefined ? { autoscaling: so.autoscaling } : {}) };
  });
}
