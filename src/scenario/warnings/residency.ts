import { globMatch } from '../context.js';
import { KNOWN_REGIONS, knownRegion } from '../regions.js';
import { EEA_STATES, EU_MEMBER_STATES } from '../residencyRegions.js';
import type { FieldPath } from '../errors.js';
import type { Scenario } from '../types.js';
import type { PendingWarning } from './locate.js';

/**
 * A residency glob written for the EU that also lets data into a cluster outside it. Region names
 * do not follow the law: AWS's `eu-*` matches London (eu-west-2) and Zurich (eu-central-2), and a
 * scenario that runs a cluster there with an "EU only" rule passes the placement check while the
 * data leaves the EU and EEA. A glob counts as meant for the EU when most of the well-known regions
 * it matches are in the EU; it is flagged when it matches a region of this scenario's topology
 * outside the EEA (where the GDPR applies as in the EU), unless the same list also names that
 * region exactly (an explicit "yes, London too").
 */
export function residencyWarnings(s: Scenario): PendingWarning[] {
  const topologyRegions = s.topology.regions.map((r) => r.name);
  const seen = new Set<string>();
  const out: PendingWarning[] = [];
  const inspect = (allowed: readonly string[], paths: (gi: number) => readonly FieldPath[], what: string, dedupe: string) => {
    allowed.forEach((glob, gi) => {
      if (!/[*?]/.test(glob)) return;
      const outside = leaksOutsideEea(glob, allowed, topologyRegions);
      if (outside.length === 0) return;
      const key = `${dedupe}\u0000${glob}`;
      if (seen.has(key)) return;
      seen.add(key);
      const where = outside.map((name) => {
        const k = knownRegion(name)!;
        return `${name} (${k.metro}, ${k.country})`;
      });
      out.push({
        paths: paths(gi),
        message: `${what}: "${glob}" reads as the EU, but it also matches ${where.join(' and ')}, outside the EU and EEA, where this scenario runs clusters: data of this class may be placed there`,
        hint: `if the data must stay in the EU, list the EU regions instead of the glob (docs/residency.md lists them); if ${outside.join(' and ')} ${outside.length === 1 ? 'is' : 'are'} allowed (an adequacy decision), name ${outside.length === 1 ? 'it' : 'them'} in the list as well`,
      });
    });
  };
  s.workload.dataClasses.forEach((d, i) => {
    inspect(d.allowedRegions, (gi) => [['workload', 'dataClasses', i, 'allowedRegions', gi]], `data class "${d.name}"`, `class:${i}`);
  });
  s.designs.forEach((design, di) => {
    for (const p of design.policies) {
      if (p.residency === undefined || p.residency.source !== 'policy') continue;
      inspect(
        p.residency.allowedRegions,
        (gi) => [
          ['designs', di, 'placement', 'services', p.service, 'residency', 'allowedRegions', gi],
          ['designs', di, 'placement', 'default', 'residency', 'allowedRegions', gi],
        ],
        `design "${design.name}", residency of ${p.service}`,
        // One warning per design and glob: services that take the design's default share its field.
        `design:${di}`,
      );
    }
  });
  return out;
}

/**
 * The topology's regions outside the EEA that `glob` lets in, when the glob is meant for the EU
 * (most of the well-known regions it matches are EU regions); [] otherwise. Regions the list names
 * exactly are taken as intended.
 */
export function leaksOutsideEea(glob: string, allowed: readonly string[], topologyRegions: readonly string[]): string[] {
  const matched = KNOWN_REGIONS.filter((r) => globMatch(glob, r.name));
  const inEu = matched.filter((r) => EU_MEMBER_STATES.has(r.country)).length;
  if (inEu === 0 || inEu * 2 <= matched.length) return [];
  return topologyRegions.filter((name) => {
    const k = knownRegion(name);
    return k !== undefined && globMatch(glob, name) && !EEA_STATES.has(k.country) && !allowed.includes(name);
  });
}
