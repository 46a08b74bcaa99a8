import type { ServiceSpec, StoreUseSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { YEAR_S, type FlowEnd, type RawFlow } from './flowTypes.js';
import type { StaticTraffic } from './staticTraffic.js';
import { nearestMember, primaryOf, readMember, type PlacedMember, type PlacedStore } from './storeLayout.js';

/** What the store flows of one design are computed from. */
export interface StoreFlowInputs {
  readonly fleet: Fleet;
  readonly services: readonly ServiceSpec[];
  readonly traffic: StaticTraffic;
  readonly stores: ReadonlyMap<string, PlacedStore>;
}

/**
 * A data class's flows to and from datastores in the healthy fleet: reads (member → reader), writes
 * (writer → primary) and replication (primary → every other member), at mean demand. A cache is
 * read cache-aside: hits come from the cache member (the reader's own cluster for a per-cluster
 * cache, else the nearest member), misses from the backing store by its read policy, and the reader
 * then fills the cache with what it read (a write to the cache member).
 */
export function storeFlows(inputs: StoreFlowInputs, dataClass: string): RawFlow[] {
  const { services, traffic, stores } = inputs;
  const C = traffic.clusterCount;
  const flows: RawFlow[] = [];
  const writesPerS = new Map<string, number>();
  services.forEach((svc, s) => {
    for (const use of svc.stores) {
      const store = stores.get(use.store);
      if (store === undefined) continue;
      for (let c = 0; c < C; c++) {
        const perS = traffic.requestsPerS[s * C + c];
        if (perS <= 0) continue;
        writesPerS.set(use.store, (writesPerS.get(use.store) ?? 0) + perS * use.writesPerRequest);
        if (store.spec.kind === 'cache') flows.push(...cacheReads(inputs, store, use, s, c, perS, dataClass));
        else if (store.dataClass === dataClass) flows.push(...directUse(inputs, store, use, s, c, perS));
      }
    }
  });
  for (const store of stores.values()) {
    if (store.dataClass !== dataClass || store.spec.kind === 'cache') continue;
    const primary = primaryOf(store);
    if (primary === undefined) continue;
    const bytesPerYear = (writesPerS.get(store.spec.name) ?? 0) * store.spec.writeBytes * YEAR_S;
    const from = memberEnd(inputs.fleet, store, primary.cluster);
    for (const m of store.members) if (m !== primary) flows.push({ via: 'replication', from, to: memberEnd(inputs.fleet, store, m.cluster), bytesPerYear });
  }
  return flows;
}

/** Reads from the member the policy picks and writes to the primary, of a store that is not a cache. */
function directUse(inputs: StoreFlowInputs, store: PlacedStore, use: StoreUseSpec, s: number, c: number, perS: number): RawFlow[] {
  const flows: RawFlow[] = [];
  const reader = serviceEnd(inputs, s, c);
  const from = readMember(inputs.fleet, store, c);
  if (use.readsPerRequest > 0 && from !== undefined) {
    flows.push({ via: 'read', from: memberEnd(inputs.fleet, store, from.cluster), to: reader, bytesPerYear: perS * use.readsPerRequest * store.spec.readBytes * YEAR_S });
  }
  const primary = primaryOf(store);
  if (use.writesPerRequest > 0 && primary !== undefined) {
    flows.push({ via: 'write', from: reader, to: memberEnd(inputs.fleet, store, primary.cluster), bytesPerYear: perS * use.writesPerRequest * store.spec.writeBytes * YEAR_S });
  }
  return flows;
}

/** Cache-aside reads of a cache: hits from the cache, misses from the backing store, fills back into the cache. */
function cacheReads(inputs: StoreFlowInputs, cache: PlacedStore, use: StoreUseSpec, s: number, c: number, perS: number, dataClass: string): RawFlow[] {
  const cacheSpec = cache.spec.cache;
  if (cacheSpec === undefined || use.readsPerRequest <= 0) return [];
  const member: PlacedMember | undefined = cache.perCluster ? { cluster: c, zone: -1, primary: false } : nearestMember(inputs.fleet, cache, c);
  if (member === undefined) return [];
  const readsPerS = perS * use.readsPerRequest;
  const reader = serviceEnd(inputs, s, c);
  const cacheEnd = memberEnd(inputs.fleet, cache, member.cluster);
  const flows: RawFlow[] = [];
  if (cache.dataClass === dataClass) flows.push({ via: 'read', from: cacheEnd, to: reader, bytesPerYear: readsPerS * cacheSpec.hitRatio * cache.spec.readBytes * YEAR_S });
  const backing = inputs.stores.get(cacheSpec.backing);
  const missPerS = readsPerS * (1 - cacheSpec.hitRatio);
  if (backing === undefined || missPerS <= 0) return flows;
  const source = readMember(inputs.fleet, backing, c);
  if (backing.dataClass === dataClass && source !== undefined) {
    flows.push({ via: 'read', from: memberEnd(inputs.fleet, backing, source.cluster), to: reader, bytesPerYear: missPerS * backing.spec.readBytes * YEAR_S });
  }
  if (cache.dataClass === dataClass) flows.push({ via: 'write', from: reader, to: cacheEnd, bytesPerYear: missPerS * backing.spec.readBytes * YEAR_S });
  return flows;
}

function serviceEnd(inputs: StoreFlowInputs, s: number, c: number): FlowEnd {
  const cl = inputs.fleet.clusters[c];
  return { region: inputs.fleet.regions[cl.regionId].name, cluster: cl.name, name: inputs.services[s].name };
}

function memberEnd(fleet: Fleet, store: PlacedStore, cluster: number): FlowEnd {
  const cl = fleet.clusters[cluster];
  return { region: fleet.regions[cl.regionId].name, cluster: cl.name, name: store.spec.name };
}
