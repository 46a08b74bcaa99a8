import type { DesignFleetInfo } from '../run/types.js';
import type { Results } from '../run/results.js';

/**
 * One line per design: the fleet it runs at the start (node pools of the clusters it uses, with
 * autoscaling maxima, and replicas), and how fleetsim sized it. `fleetsim check` explains every
 * sized number; this is the short answer to "what does each design buy?".
 */
export function fleetLines(r: Results): string[] {
  const fleets = r.scenario.designs.map((d) => ({ name: d.name, fleet: d.fleet }));
  if (fleets.every((f) => f.fleet === undefined)) return [];
  const out = ['Fleets at the start (nodes per pool, up to the autoscaling maximum; replicas per service as placed: per cluster when duplicated, in total when divided):'];
  for (const f of fleets) if (f.fleet !== undefined) out.push(`  ${f.name}${how(f.fleet)}: ${pools(f.fleet)}; replicas ${f.fleet.replicas.map((x) => `${x.service} ${x.replicas}`).join(', ')}`);
  return out;
}

function how(f: DesignFleetInfo): string {
  const z = f.sizing;
  if (z !== null) return ` (sized by fleetsim: ${Math.round(z.headroomRatio * 100)}% headroom, survives ${z.survive}${z.failoverNodes === 'autoscaled' ? ', failover nodes autoscaled' : ''})`;
  return f.own ? ' (its own overrides)' : '';
}

function pools(f: DesignFleetInfo): string {
  return f.pools
    .map((p) => {
      const upTo = p.autoscaling !== null && p.autoscaling.max > p.count ? ` (up to ${p.autoscaling.max})` : '';
      return `${p.cluster}/${p.pool} ${p.count}${upTo} × ${p.instanceType ?? 'node'}${p.capacityType === 'spot' ? ' spot' : ''}`;
    })
    .join(', ');
}
