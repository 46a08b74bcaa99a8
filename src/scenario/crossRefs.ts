import { findInstanceType, INSTANCE_TYPES, priceIn } from '../cost/catalog/instances.js';
import { clusterZones, etcdMembersByZone, globMatch, poolShape, quorum, regionInfos, type RegionInfo } from './context.js';
import { ETCD_ELECTION_TIMEOUT_S, ETCD_HEARTBEAT_INTERVAL_S, ETCD_MAX_RECOMMENDED_MEMBERS, HORIZON_S, MANAGED_TIERS } from './defaults.js';
import type { FieldPath, Problem } from './errors.js';
import { didYouMean } from './hints.js';
import { affinityGroups, affinityMatches, effectivePolicy, schedulingOf, type ClusterFacts } from './policies.js';
import { KNOWN_REGIONS, knownRegion } from './regions.js';
import type { RawScenario } from './schema.js';
import { formatBytes, formatCpu } from './units.js';

/** The sections that parsed; a check runs when the sections it needs are present. */
export type Sections = Partial<RawScenario>;

/**
 * Checks that names refer to things that exist and that the fleet can do what the file asks:
 * dangling names, duplicates, call-graph cycles, residency no cluster satisfies, pods larger than
 * any node, etcd members in zones the cluster does not have, impossible spreads.
 */
export function crossReferenceProblems(s: Sections): Problem[] {
  const out: Problem[] = [];
  const err = (path: FieldPath, message: string, expected?: string, hint?: string, at?: 'key' | 'value') =>
    out.push({ path, message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}), ...(at ? { at } : {}) });
  const warn = (path: FieldPath, message: string, hint?: string) => out.push({ path, message, severity: 'warning', ...(hint ? { hint } : {}) });
  const unknown = (path: FieldPath, what: string, name: string, known: Iterable<string>) => {
    const list = [...known];
    err(path, `unknown ${what} "${name}"`, list.length > 0 && list.length <= 12 ? `one of ${list.join(', ')}` : `a known ${what}`, didYouMean(name, list));
  };
  const duplicates = (items: readonly { name: string }[] | undefined, base: FieldPath, what: string) => {
    const seen = new Map<string, number>();
    items?.forEach((it, i) => {
      const first = seen.get(it.name);
      if (first !== undefined) err([...base, i, 'name'], `duplicate ${what} name "${it.name}"`, `a name not used before (first at ${base.join('.')}[${first}])`);
      else seen.set(it.name, i);
    });
  };

  // ---- topology ------------------------------------------------------------------------------
  const regions = regionInfos(s.topology);
  if (s.topology) {
    duplicates(s.topology.regions, ['topology', 'regions'], 'region');
    const zoneOwner = new Map<string, string>();
    s.topology.regions.forEach((r, i) => {
      const info = regions.get(r.name);
      if (info?.provider === undefined) {
        err(['topology', 'regions', i, 'name'], `region "${r.name}" is not a well-known cloud region, so it needs a provider`, 'provider: aws | gcp | azure | onprem | other', didYouMean(r.name, KNOWN_REGIONS.map((k) => k.name)));
      }
      if (r.zones === undefined && info !== undefined && info.zones.length === 0) {
        err(['topology', 'regions', i], `region "${r.name}" needs a zones list (only well-known regions have default zones)`, 'zones: [zone names]');
      }
      (info?.zones ?? []).forEach((z, j) => {
        const owner = zoneOwner.get(z);
        if (owner !== undefined && owner !== r.name) err(['topology', 'regions', i, 'zones', j], `zone "${z}" already belongs to region "${owner}"`, 'zone names unique across the scenario');
        else if (owner !== undefined) err(['topology', 'regions', i, 'zones', j], `zone "${z}" is listed twice`);
        zoneOwner.set(z, r.name);
      });
    });
    const linked = new Set<string>();
    s.topology.links?.forEach((l, i) => {
      const [a, b] = l.between;
      for (const [j, n] of [a, b].entries()) if (!regions.has(n)) unknown(['topology', 'links', i, 'between', j], 'region', n, regions.keys());
      if (a === b) err(['topology', 'links', i, 'between'], `a link joins two different regions, got "${a}" twice`);
      const key = [a, b].sort().join('\u0000');
      if (linked.has(key)) err(['topology', 'links', i, 'between'], `second link between "${a}" and "${b}"`, 'one link per pair of regions');
      linked.add(key);
    });
    const names = [...regions.values()];
    for (let x = 0; x < names.length; x++) {
      for (let y = x + 1; y < names.length; y++) {
        const [a, b] = [names[x], names[y]];
        const link = s.topology.links?.find((l) => (l.between[0] === a.name && l.between[1] === b.name) || (l.between[0] === b.name && l.between[1] === a.name));
        if (link?.rtt === undefined && (a.location === undefined || b.location === undefined)) {
          const lacking = a.location === undefined ? a.name : b.name;
          err(['topology', 'regions', (a.location === undefined ? a : b).index], `no RTT between "${a.name}" and "${b.name}": "${lacking}" is not a well-known region and has no location`, `a link { between: [${a.name}, ${b.name}], rtt: … } or a location { lat, lon }`);
        }
      }
    }
  }

  // ---- clusters ------------------------------------------------------------------------------
  const clusterFacts: ClusterFacts[] = [];
  const clusterByName = new Map<string, { index: number; zones: readonly string[]; maxNode: { cpu: number; memory: number }; etcdCount: number; managed: boolean; pools: Map<string, number> }>();
  if (s.clusters) {
    duplicates(s.clusters, ['clusters'], 'cluster');
    s.clusters.forEach((c, ci) => {
      const base: FieldPath = ['clusters', ci];
      const region = regions.get(c.region);
      if (s.topology && region === undefined) unknown([...base, 'region'], 'region', c.region, regions.keys());
      const zones = clusterZones(c, regions);
      if (region !== undefined) {
        c.zones?.forEach((z, zi) => {
          if (!region.zones.includes(z)) err([...base, 'zones', zi], `zone "${z}" is not a zone of region "${c.region}"`, `one of ${region.zones.join(', ')}`, didYouMean(z, region.zones));
        });
      }
      duplicates(c.nodePools, [...base, 'nodePools'], 'node pool');
      let maxCpu = 0;
      let maxMem = 0;
      const pools = new Map<string, number>();
      c.nodePools.forEach((p, pi) => {
        const pbase: FieldPath = [...base, 'nodePools', pi];
        pools.set(p.name, p.count);
        if (p.instanceType !== undefined) {
          const t = findInstanceType(p.instanceType);
          if (t === undefined) {
            unknown([...pbase, 'instanceType'], 'instance type', p.instanceType, INSTANCE_TYPES.map((x) => x.name));
            if (p.cpu === undefined || p.memory === undefined) return;
          } else if (region?.provider !== undefined && t.provider !== region.provider) {
            err([...pbase, 'instanceType'], `${p.instanceType} is an ${t.provider.toUpperCase()} instance type but region "${c.region}" is ${region.provider}`, `a ${region.provider} instance type`, didYouMean(p.instanceType, INSTANCE_TYPES.filter((x) => x.provider === region.provider).map((x) => x.name)) ?? `e.g. ${INSTANCE_TYPES.find((x) => x.provider === region.provider)?.name ?? 'cpu, memory and priceUsdPerHour'}`);
          } else if (t !== undefined && p.priceUsdPerHour === undefined && priceIn(t, c.region) === undefined && !s.pricing?.overrides?.some((o) => o.instanceType === t.name && (o.region === undefined || o.region === c.region))) {
            err([...pbase, 'instanceType'], `the catalog has no price for ${t.name} in ${c.region}`, `priceUsdPerHour on the pool, or a pricing.overrides entry`, `catalog regions for ${t.name}: ${t.prices.map((x) => x.region).join(', ')}`);
          }
        } else {
          if (p.cpu === undefined) err([...pbase], 'a node pool without instanceType needs cpu', 'cpu, memory and priceUsdPerHour, or an instanceType');
          if (p.memory === undefined) err([...pbase], 'a node pool without instanceType needs memory', 'cpu, memory and priceUsdPerHour, or an instanceType');
          if (p.priceUsdPerHour === undefined) err([...pbase], 'a node pool without instanceType needs priceUsdPerHour', 'priceUsdPerHour (0 for hardware already paid for)');
        }
        const shape = poolShape(p, c.region, s.pricing);
        if (shape.cpuMillicores !== undefined && p.count > 0) maxCpu = Math.max(maxCpu, shape.cpuMillicores);
        if (shape.memoryBytes !== undefined && p.count > 0) maxMem = Math.max(maxMem, shape.memoryBytes);
        if (p.autoscaling !== undefined) {
          if (p.autoscaling.min > p.autoscaling.max) err([...pbase, 'autoscaling', 'min'], `autoscaling min ${p.autoscaling.min} is above max ${p.autoscaling.max}`, 'min ≤ max');
          else if (p.count < p.autoscaling.min || p.count > p.autoscaling.max) err([...pbase, 'count'], `count ${p.count} is outside the autoscaling bounds [${p.autoscaling.min}, ${p.autoscaling.max}]`, `a count from ${p.autoscaling.min} to ${p.autoscaling.max}`);
          if (p.autoscaling.max > 0 && shape.cpuMillicores !== undefined && shape.memoryBytes !== undefined) {
            maxCpu = Math.max(maxCpu, shape.cpuMillicores);
            maxMem = Math.max(maxMem, shape.memoryBytes);
          }
        }
        p.zones?.forEach((z, zi) => {
          if (!zones.includes(z)) err([...pbase, 'zones', zi], `zone "${z}" is not one of cluster "${c.name}"'s zones`, `one of ${zones.join(', ')}`, didYouMean(z, zones));
        });
      });
      const cp = c.controlPlane;
      let etcdCount = 0;
      if ((cp.managed === undefined) === (cp.selfManaged === undefined)) {
        err([...base, 'controlPlane'], cp.managed ? 'give managed or selfManaged, not both' : 'the control plane must be managed or selfManaged', 'managed: { tier: … } or selfManaged: { etcd: { … } }');
      } else if (cp.managed !== undefined) {
        const tier = MANAGED_TIERS[cp.managed.tier];
        const provider = cp.managed.provider ?? region?.provider;
        if (provider !== undefined && tier.provider !== provider) {
          err([...base, 'controlPlane', 'managed', 'tier'], `tier ${cp.managed.tier} belongs to ${tier.provider}, but the cluster runs on ${provider}`, `a ${provider} tier: ${Object.entries(MANAGED_TIERS).filter(([, t]) => t.provider === provider).map(([n]) => n).join(', ') || 'none (use selfManaged)'}`);
        }
        if (cp.managed.provider !== undefined && region?.provider !== undefined && cp.managed.provider !== region.provider) {
          err([...base, 'controlPlane', 'managed', 'provider'], `a ${cp.managed.provider} managed control plane cannot run a cluster in ${region.provider} region "${c.region}"`, region.provider);
        }
      } else {
        const e = cp.selfManaged?.etcd;
        const epath: FieldPath = [...base, 'controlPlane', 'selfManaged', 'etcd'];
        if (e?.members !== undefined && e.membersPerZone !== undefined) err([...epath, 'members'], 'give members or membersPerZone, not both');
        const byZone = etcdMembersByZone(e, zones);
        if (e?.membersPerZone !== undefined && typeof e.membersPerZone === 'object') {
          for (const { zone } of byZone) {
            if (!zones.includes(zone)) {
              err([...epath, 'membersPerZone', zone], `etcd members placed in zone "${zone}", which cluster "${c.name}" does not span`, `zones of the cluster: ${zones.join(', ')}`, didYouMean(zone, zones), 'key');
            }
          }
        }
        etcdCount = byZone.reduce((a, m) => a + m.count, 0);
        if (etcdCount === 0) err(epath, 'etcd needs at least one member', 'members ≥ 1');
        else if (etcdCount > ETCD_MAX_RECOMMENDED_MEMBERS) {
          err(epath, `${etcdCount} etcd members: more than etcd supports well (at most ${ETCD_MAX_RECOMMENDED_MEMBERS}, etcd FAQ)`, `1, 3, 5 or 7 members`);
        } else {
          if (etcdCount % 2 === 0) warn(epath, `${etcdCount} etcd members tolerate no more failures than ${etcdCount - 1}`, `use ${etcdCount - 1} or ${etcdCount + 1}`);
          const q = quorum(etcdCount);
          const heavy = byZone.find((m) => m.count >= q);
          if (heavy !== undefined && zones.length > 1 && etcdCount > 1) {
            warn(epath, `zone "${heavy.zone}" holds ${heavy.count} of ${etcdCount} etcd members, a quorum: losing that zone stops the control plane`, 'spread members so no zone holds a quorum');
          }
        }
        const hb = e?.heartbeatInterval ?? ETCD_HEARTBEAT_INTERVAL_S;
        const et = e?.electionTimeout ?? ETCD_ELECTION_TIMEOUT_S;
        if (!(hb > 0)) err([...epath, 'heartbeatInterval'], 'heartbeatInterval must be above zero');
        else if (et < 5 * hb) {
          err([...epath, e?.electionTimeout !== undefined ? 'electionTimeout' : 'heartbeatInterval'], `electionTimeout ${et * 1000}ms is under 5 × heartbeatInterval (${hb * 1000}ms): etcd refuses to start`, `electionTimeout ≥ ${5 * hb * 1000}ms`, 'the etcd tuning guide suggests ~10 × the member RTT');
        }
      }
      const facts = { name: c.name, region: c.region, provider: region?.provider, labels: c.labels ?? {} };
      clusterFacts.push(facts);
      if (!clusterByName.has(c.name)) clusterByName.set(c.name, { index: ci, zones, maxNode: { cpu: maxCpu, memory: maxMem }, etcdCount, managed: cp.managed !== undefined, pools });
    });
  }

  // ---- workload ------------------------------------------------------------------------------
  const services = new Map<string, number>();
  const dataClasses = new Map<string, number>();
  if (s.workload) {
    const w = s.workload;
    duplicates(w.services, ['workload', 'services'], 'service');
    duplicates(w.userRegions, ['workload', 'userRegions'], 'user region');
    duplicates(w.dataClasses, ['workload', 'dataClasses'], 'data class');
    w.services.forEach((sv, i) => services.has(sv.name) || services.set(sv.name, i));
    w.dataClasses?.forEach((d, i) => dataClasses.has(d.name) || dataClasses.set(d.name, i));
    w.dataClasses?.forEach((d, i) => {
      d.allowedRegions.forEach((g, gi) => {
        if (s.topology && ![...regions.keys()].some((r) => globMatch(g, r))) {
          err(['workload', 'dataClasses', i, 'allowedRegions', gi], `"${g}" matches no region of the topology`, `a region name or glob over ${[...regions.keys()].join(', ')}`, didYouMean(g, regions.keys()));
        }
      });
    });
    w.services.forEach((sv, i) => {
      const base: FieldPath = ['workload', 'services', i];
      sv.calls?.forEach((c, ci) => {
        if (!services.has(c.service)) unknown([...base, 'calls', ci, 'service'], 'service', c.service, services.keys());
      });
      if (sv.dataClass !== undefined && !dataClasses.has(sv.dataClass)) unknown([...base, 'dataClass'], 'data class', sv.dataClass, dataClasses.keys());
      if (clusterByName.size > 0) {
        const fits = [...clusterByName.values()].some((c) => c.maxNode.cpu >= sv.cpu && c.maxNode.memory >= sv.memory);
        if (!fits) {
          const maxCpu = Math.max(...[...clusterByName.values()].map((c) => c.maxNode.cpu));
          const maxMem = Math.max(...[...clusterByName.values()].map((c) => c.maxNode.memory));
          err([...base, sv.cpu > maxCpu ? 'cpu' : 'memory'], `a pod of "${sv.name}" (${formatCpu(sv.cpu)} CPU, ${formatBytes(sv.memory)}) is larger than any node (largest: ${formatCpu(maxCpu)} CPU, ${formatBytes(maxMem)})`, 'requests that fit on a node (nodes also reserve some capacity for the system)', 'add a node pool with larger instances, or lower the request');
        }
      }
    });
    for (const cycle of callCycles(w.services)) {
      const [first] = cycle;
      const ci = w.services[first.service].calls!.findIndex((c) => c.service === w.services[first.next].name);
      err(['workload', 'services', first.service, 'calls', ci, 'service'], `the call graph has a cycle: ${[...cycle.map((c) => w.services[c.service].name), w.services[first.service].name].join(' → ')}`, 'an acyclic call graph (fleetsim models request trees)');
    }
    w.userRegions.forEach((u, i) => {
      const base: FieldPath = ['workload', 'userRegions', i];
      if (!services.has(u.entryService)) unknown([...base, 'entryService'], 'service', u.entryService, services.keys());
      if ((u.near === undefined) === (u.rtt === undefined)) {
        err(base, u.near === undefined ? 'a user region needs near (a cloud region) or rtt (to every region)' : 'give near or rtt, not both', 'near: <region> or rtt: { <region>: <duration>, … }');
      }
      if (u.accessRtt !== undefined && u.near === undefined) err([...base, 'accessRtt'], 'accessRtt applies with near only');
      if (s.topology) {
        if (u.near !== undefined && !regions.has(u.near)) {
          const known = knownRegion(u.near);
          if (known === undefined) unknown([...base, 'near'], 'region', u.near, [...regions.keys(), ...KNOWN_REGIONS.map((k) => k.name)]);
          else {
            const lacking = [...regions.values()].find((r) => r.location === undefined);
            if (lacking) err([...base, 'near'], `users near "${u.near}" (not a topology region) need a location for "${lacking.name}" to estimate the RTT`, 'near: a topology region, or rtt: { … }');
          }
        }
        if (u.rtt !== undefined) {
          for (const r of Object.keys(u.rtt)) if (!regions.has(r)) unknown([...base, 'rtt', r], 'region', r, regions.keys());
          const missing = [...regions.keys()].filter((r) => u.rtt![r] === undefined);
          if (missing.length > 0) err([...base, 'rtt'], `no RTT from "${u.name}" to ${missing.join(', ')}`, 'an RTT to every region of the topology');
        }
      }
      const horizon = s.run?.horizon ?? HORIZON_S;
      u.spikes?.forEach((sp, si) => {
        if (sp.at >= horizon) warn([...base, 'spikes', si, 'at'], 'this spike starts after the end of the run (run.horizon)');
      });
    });
  }

  // ---- designs -------------------------------------------------------------------------------
  if (s.designs) {
    duplicates(s.designs, ['designs'], 'design');
    s.designs.forEach((d, di) => {
      const base: FieldPath = ['designs', di];
      const ing = d.traffic.ingress;
      if ((ing.dns === undefined) === (ing.anycast === undefined)) {
        err([...base, 'traffic', 'ingress'], ing.dns ? 'give dns or anycast, not both' : 'the ingress must be dns or anycast', 'dns: { … } or anycast: { … }');
      }
      for (const sv of Object.keys(d.placement.services ?? {})) {
        if (s.workload && !services.has(sv)) unknown([...base, 'placement', 'services', sv], 'service', sv, services.keys());
      }
      const checkPolicy = (p: NonNullable<ReturnType<typeof effectivePolicy>>['policy'], ppath: FieldPath) => {
        if (p.clusterAffinity !== undefined && p.clusterAffinities !== undefined) err([...ppath, 'clusterAffinities'], 'give clusterAffinity or clusterAffinities, not both');
        for (const g of affinityGroups(p)) {
          const gpath = [...ppath, ...g.pathSuffix];
          g.affinity.clusterNames?.forEach((n, ni) => s.clusters && !clusterByName.has(n) && unknown([...gpath, 'clusterNames', ni], 'cluster', n, clusterByName.keys()));
          g.affinity.exclude?.forEach((n, ni) => s.clusters && !clusterByName.has(n) && unknown([...gpath, 'exclude', ni], 'cluster', n, clusterByName.keys()));
          g.affinity.regions?.forEach((r, ri) => {
            if (s.topology && ![...regions.keys()].some((x) => globMatch(r, x))) err([...gpath, 'regions', ri], `"${r}" matches no region`, 'a region name or glob', didYouMean(r, regions.keys()));
          });
        }
        const sch = schedulingOf(p);
        const spath = [...ppath, 'replicaScheduling'];
        if (sch.type === 'duplicated' && (sch.division !== undefined || sch.weights !== undefined)) err(spath, 'duplicated takes no division or weights', 'type: divided to split replicas');
        if (sch.weights !== undefined && sch.division !== undefined && sch.division !== 'weighted') err([...spath, 'weights'], `weights apply to division weighted, not ${sch.division}`);
        for (const n of Object.keys(sch.weights ?? {})) if (s.clusters && !clusterByName.has(n)) unknown([...spath, 'weights', n], 'cluster', n, clusterByName.keys());
        p.spreadConstraints?.forEach((sc, si) => {
          if (sc.maxGroups !== undefined && sc.minGroups !== undefined && sc.minGroups > sc.maxGroups) err([...ppath, 'spreadConstraints', si, 'minGroups'], `minGroups ${sc.minGroups} is above maxGroups ${sc.maxGroups}`, 'minGroups ≤ maxGroups');
        });
        if (p.residency !== undefined) {
          p.residency.allowedRegions.forEach((r, ri) => {
            if (s.topology && ![...regions.keys()].some((x) => globMatch(r, x))) err([...ppath, 'residency', 'allowedRegions', ri], `"${r}" matches no region`, 'a region name or glob', didYouMean(r, regions.keys()));
          });
        }
      };
      if (d.placement.default) checkPolicy(d.placement.default, [...base, 'placement', 'default']);
      for (const [sv, p] of Object.entries(d.placement.services ?? {})) checkPolicy(p, [...base, 'placement', 'services', sv]);

      // Whether each service can be placed at all: affinity ∩ hard residency ∩ node size, spreads.
      if (!s.workload || !s.clusters) return;
      for (const sv of s.workload.services) {
        const eff = effectivePolicy(d, sv.name);
        if (eff === undefined) {
          err([...base, 'placement'], `no placement for service "${sv.name}"`, `placement.default, or placement.services.${sv.name}`);
          continue;
        }
        const ppath: FieldPath = [...base, ...eff.path];
        const p = eff.policy;
        const cls = s.workload.dataClasses?.find((x) => x.name === sv.dataClass);
        const rules = [
          ...(p.residency ? [{ allowed: p.residency.allowedRegions, hard: (p.residency.enforcement ?? 'hard') === 'hard', what: 'the residency rule', path: [...ppath, 'residency'] }] : []),
          ...(cls ? [{ allowed: cls.allowedRegions, hard: (cls.enforcement ?? 'hard') === 'hard', what: `data class "${cls.name}"`, path: [...ppath] }] : []),
        ];
        const groups = affinityGroups(p);
        let anyHosts = false;
        // Problems of one affinity group; a backup group that cannot host is only a warning when another can.
        const groupProblems: { path: FieldPath; message: string; expected?: string; hint?: string; hard: boolean }[] = [];
        groups.forEach((g, gi) => {
          const before = groupProblems.length;
          const selected = clusterFacts.filter((c) => affinityMatches(g.affinity, c));
          const gpath = [...ppath, ...g.pathSuffix];
          if (selected.length === 0) {
            groupProblems.push({ path: gpath, message: `the cluster affinity${groups.length > 1 ? ` group ${gi + 1}` : ''} of "${sv.name}" in design "${d.name}" selects no cluster`, expected: `a selector matching some of ${[...clusterByName.keys()].join(', ')}`, hard: true });
            return;
          }
          let allowed = selected;
          for (const r of rules) {
            const ok = allowed.filter((c) => r.allowed.some((g2) => globMatch(g2, c.region)));
            if (ok.length === 0) {
              const msg = `${r.what} of "${sv.name}" (allowed regions ${r.allowed.join(', ')}) is satisfied by no cluster the design selects (${selected.map((c) => `${c.name} in ${c.region}`).join(', ')})`;
              if (r.hard) groupProblems.push({ path: r.path, message: msg, expected: 'at least one selected cluster in an allowed region', hint: 'add a cluster in an allowed region, widen the affinity, or use enforcement: audit', hard: true });
              else warn(r.path, `${msg}; audit only, so it will be placed and flagged`);
            }
            if (r.hard) allowed = ok;
          }
          const big = allowed.filter((c) => {
            const k = clusterByName.get(c.name);
            return k !== undefined && k.maxNode.cpu >= sv.cpu && k.maxNode.memory >= sv.memory;
          });
          if (allowed.length > 0 && big.length === 0) {
            groupProblems.push({ path: [...gpath], message: `no cluster selected for "${sv.name}" in design "${d.name}" has a node large enough for its pods (${formatCpu(sv.cpu)} CPU, ${formatBytes(sv.memory)})`, expected: 'a selected cluster with larger nodes', hard: true });
          }
          p.spreadConstraints?.forEach((sc, si) => {
            const groupsAvail = new Set(
              allowed.flatMap((c) => {
                if (sc.spreadByField === 'cluster') return [c.name];
                if (sc.spreadByField === 'region') return [c.region];
                if (sc.spreadByField === 'provider') return [c.provider ?? '?'];
                return [...(clusterByName.get(c.name)?.zones ?? [])];
              }),
            ).size;
            const min = sc.minGroups ?? 1;
            if (allowed.length > 0 && min > groupsAvail) {
              groupProblems.push({ path: [...ppath, 'spreadConstraints', si, 'minGroups'], message: `"${sv.name}" must spread over at least ${min} ${sc.spreadByField}s, but the design allows only ${groupsAvail}${groups.length > 1 ? ` in affinity group ${gi + 1}` : ''}`, expected: `minGroups ≤ ${groupsAvail}`, hard: true });
            }
          });
          if (big.length > 0 && groupProblems.length === before) anyHosts = true;
        });
        for (const gp of groupProblems) {
          if (anyHosts && groups.length > 1) warn(gp.path, `${gp.message}; this affinity group can never host it`, gp.hint);
          else err(gp.path, gp.message, gp.expected, gp.hint);
        }
        const sch = schedulingOf(p);
        if (sch.weights !== undefined) {
          const selectedNames = new Set(groups.flatMap((g) => clusterFacts.filter((c) => affinityMatches(g.affinity, c)).map((c) => c.name)));
          for (const n of Object.keys(sch.weights)) {
            if (clusterByName.has(n) && !selectedNames.has(n)) warn([...ppath, 'replicaScheduling', 'weights', n], `cluster "${n}" has a weight but the affinity does not select it; the weight is ignored`);
          }
          if (Object.values(sch.weights).every((x) => x === 0)) err([...ppath, 'replicaScheduling', 'weights'], 'all weights are zero', 'at least one positive weight');
        }
      }
      void d.traffic.mesh;
    });
  }

  // ---- faults --------------------------------------------------------------------------------
  if (s.faults?.scripted) {
    const horizon = s.run?.horizon ?? HORIZON_S;
    const zones = new Set([...regions.values()].flatMap((r) => r.zones));
    s.faults.scripted.forEach((f, i) => {
      const base: FieldPath = ['faults', 'scripted', i];
      const tpath: FieldPath = [...base, 'target'];
      const t = f.target;
      if (f.at >= horizon) warn([...base, 'at'], 'this fault starts after the end of the run (run.horizon)');
      if (f.kind !== 'link' && (f.mode !== undefined || f.extraLatency !== undefined || f.loss !== undefined)) err([...base, f.mode !== undefined ? 'mode' : f.extraLatency !== undefined ? 'extraLatency' : 'loss'], 'mode, extraLatency and loss apply to link faults only');
      if (f.kind === 'link') {
        if (!Array.isArray(t)) {
          err(tpath, 'a link fault targets two regions', '[regionA, regionB]');
          return;
        }
        t.forEach((r, j) => s.topology && !regions.has(r) && unknown([...tpath, j], 'region', r, regions.keys()));
        if (t[0] === t[1]) err(tpath, 'a link joins two different regions');
        if ((f.mode ?? 'partition') === 'degrade' && f.extraLatency === undefined && f.loss === undefined) err(base, 'a degrade fault needs extraLatency or loss', 'extraLatency: 50ms and/or loss: "1%"');
        return;
      }
      if (Array.isArray(t)) {
        err(tpath, `a ${f.kind} fault targets one name`, targetForm(f.kind));
        return;
      }
      const parts = t.split('/');
      const cluster = (name: string, p: FieldPath) => {
        const c = clusterByName.get(name);
        if (c === undefined && s.clusters) unknown(p, 'cluster', name, clusterByName.keys());
        return c;
      };
      switch (f.kind) {
        case 'zone':
          if (s.topology && !zones.has(t)) unknown(tpath, 'zone', t, zones);
          break;
        case 'region':
          if (s.topology && !regions.has(t)) unknown(tpath, 'region', t, regions.keys());
          break;
        case 'cluster':
        case 'controlPlane':
        case 'etcdLeader': {
          const c = cluster(t, tpath);
          if (c && f.kind === 'etcdLeader' && c.managed) err(tpath, `cluster "${t}" has a managed control plane: its etcd is not modelled`, 'a selfManaged cluster', 'use kind: controlPlane for a managed control-plane outage');
          break;
        }
        case 'node': {
          if (parts.length !== 3 || !/^\d+$/.test(parts[2])) {
            err(tpath, `invalid node target "${t}"`, targetForm('node'));
            break;
          }
          const c = cluster(parts[0], tpath);
          if (c === undefined) break;
          const count = c.pools.get(parts[1]);
          if (count === undefined) unknown(tpath, `node pool of cluster "${parts[0]}"`, parts[1], c.pools.keys());
          else if (Number(parts[2]) >= count) err(tpath, `node ${parts[2]} does not exist: pool "${parts[1]}" starts with ${count} nodes`, `an index from 0 to ${count - 1}`);
          break;
        }
        case 'etcdMember': {
          if (parts.length !== 2 || !/^\d+$/.test(parts[1])) {
            err(tpath, `invalid etcd member target "${t}"`, targetForm('etcdMember'));
            break;
          }
          const c = cluster(parts[0], tpath);
          if (c === undefined) break;
          if (c.managed) err(tpath, `cluster "${parts[0]}" has a managed control plane: its etcd is not modelled`, 'a selfManaged cluster');
          else if (Number(parts[1]) >= c.etcdCount) err(tpath, `etcd member ${parts[1]} does not exist: cluster "${parts[0]}" has ${c.etcdCount}`, `an index from 0 to ${c.etcdCount - 1}`);
          break;
        }
      }
    });
  }
  const cpo = s.faults?.stochastic?.controlPlanes;
  if (cpo !== undefined) {
    const p: FieldPath = ['faults', 'stochastic', 'controlPlanes'];
    if (cpo.fromSla === true && cpo.perYear !== undefined) err([...p, 'perYear'], 'give fromSla: true or perYear, not both');
    if (cpo.fromSla !== true && cpo.perYear === undefined) err(p, 'control-plane outages need fromSla: true, or perYear and duration', 'fromSla: true | perYear: <number>');
    if (cpo.perYear !== undefined && cpo.duration === undefined) err(p, 'perYear needs a duration', 'duration: <distribution>');
  }
  const sl = s.faults?.stochastic?.links;
  if (sl !== undefined && sl.mode !== 'degrade' && (sl.extraLatency !== undefined || sl.loss !== undefined)) {
    err(['faults', 'stochastic', 'links', 'mode'], 'extraLatency and loss need mode: degrade', 'mode: degrade');
  }

  // ---- run -----------------------------------------------------------------------------------
  if (s.run) {
    const horizon = s.run.horizon ?? HORIZON_S;
    if (!(horizon > 0)) err(['run', 'horizon'], 'the horizon must be above zero');
    if ((s.run.warmup ?? 0) >= horizon) err(['run', 'warmup'], 'the warm-up is as long as the whole run', 'warmup < horizon');
    s.run.slo?.latency?.forEach((l, i) => {
      if (l.userRegion !== undefined && s.workload && !s.workload.userRegions.some((u) => u.name === l.userRegion)) {
        unknown(['run', 'slo', 'latency', i, 'userRegion'], 'user region', l.userRegion, s.workload.userRegions.map((u) => u.name));
      }
    });
  }
  void (undefined as RegionInfo | undefined);
  return out;
}

function targetForm(kind: string): string {
  switch (kind) {
    case 'node':
      return '"cluster/pool/index", e.g. "eu-1/general/0"';
    case 'etcdMember':
      return '"cluster/index", e.g. "eu-1/0"';
    case 'link':
      return '[regionA, regionB]';
    case 'zone':
      return 'a zone name';
    case 'region':
      return 'a region name';
    default:
      return 'a cluster name';
  }
}

/** Each elementary cycle reported once, as the list of (service, next) edges from its first service. */
function callCycles(services: RawScenario['workload']['services']): { service: number; next: number }[][] {
  const index = new Map(services.map((s, i) => [s.name, i]));
  const color = new Uint8Array(services.length); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const cycles: { service: number; next: number }[][] = [];
  const visit = (u: number): void => {
    color[u] = 1;
    stack.push(u);
    for (const c of services[u].calls ?? []) {
      const v = index.get(c.service);
      if (v === undefined) continue;
      if (color[v] === 1) {
        const from = stack.indexOf(v);
        const loop = stack.slice(from);
        cycles.push(loop.map((s, k) => ({ service: s, next: loop[(k + 1) % loop.length] })));
      } else if (color[v] === 0) visit(v);
    }
    stack.pop();
    color[u] = 2;
  };
  for (let i = 0; i < services.length; i++) if (color[i] === 0) visit(i);
  return cycles;
}
