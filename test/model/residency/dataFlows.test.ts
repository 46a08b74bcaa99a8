import { describe, expect, it } from 'vitest';
import { dataFlows, type DataFlow } from '../../../src/model/residency/dataFlows.js';
import { userRegionName } from '../../../src/model/residency/responseFlows.js';
import { resolveScenario } from '../../../src/run/pipeline.js';
import { loadScenario, type Design, type Scenario } from '../../../src/scenario/index.js';

/** Seconds in a year of 365 days, the year flows are reported per. */
const YEAR_S = 365 * 24 * 3600;
const KIB = 1024;

function load(file: string): Scenario {
  const r = loadScenario(file);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

/** The flows of the named design, optionally with the design changed first (same placement). */
function flowsOf(scenario: Scenario, name: string, change: (d: Design) => Design = (d) => d): DataFlow[] {
  const i = scenario.designs.findIndex((d) => d.name === name);
  const { views } = resolveScenario(scenario);
  const v = views[i];
  return dataFlows(v.scenario, change(v.scenario.designs[i]), v.resolved, v.fleet);
}

const hop = (f: DataFlow) => `${f.via} ${f.from.name}@${f.from.cluster || f.from.region} → ${f.to.name}@${f.to.cluster || f.to.region}`;

/** The scenario without its datastores: call responses alone. */
function withoutStores(s: Scenario): Scenario {
  return {
    ...s,
    workload: { ...s.workload, datastores: [], services: s.workload.services.map((x) => ({ ...x, stores: [] })) },
    designs: s.designs.map((d) => ({ ...d, datastores: [] })),
  };
}

describe('dataFlows: the GDPR scenario', () => {
  const bundled = load('scenarios/gdpr-eu-us.yaml');
  const gdpr = withoutStores(bundled);

  it('with its profile store: eu-pinned replicates within the EU (listed, allowed); replicated-audit replicates to and reads from us-iad (flagged)', () => {
    const pinned = flowsOf(bundled, 'eu-pinned').filter((f) => f.via === 'replication');
    expect(pinned.map(hop)).toEqual(['replication profile-db@eu-fra → profile-db@eu-dub']);
    expect(pinned[0].violation).toBe(false);
    const audit = flowsOf(bundled, 'replicated-audit');
    const flagged = audit.filter((f) => f.violation && (f.via === 'replication' || f.via === 'read')).map(hop);
    expect(flagged).toContain('replication profile-db@eu-fra → profile-db@us-iad');
    // Every write ships 1 KiB of log to each replica: profile writes = profile requests × 0.1.
    const toUs = audit.find((f) => f.via === 'replication' && f.to.cluster === 'us-iad')!;
    const profilePerS = (450 + 250) * 0.6;
    expect(toUs.bytesPerYear).toBeCloseTo(profilePerS * 0.1 * KIB * YEAR_S, -6);
  });

  it('eu-pinned: the US gateway receives profile responses from both EU clusters (mesh: zone → region → any), flagged, bytes at mean demand', () => {
    const flows = flowsOf(gdpr, 'eu-pinned');
    const { views } = resolveScenario(gdpr);
    const profile = views[0].resolved.placement.services.find((p) => p.service === 'profile')!;
    // profile runs only in eu-dub and eu-fra (divided by capacity): the mesh's "any" level splits the US gateway's calls by ready pods.
    expect(Array.from(profile.placed)).toEqual([2, 2, 0]);
    const share = 2 / 4;
    // us-users: 250/s, all to the US gateway (nearest); 0.6 profile calls per request, 3 KiB a response.
    const expected = 250 * share * 0.6 * 3 * KIB * YEAR_S;
    expect(expected).toBeCloseTo(7.2658944e12, -3);
    const violations = flows.filter((f) => f.violation);
    expect(violations.map(hop)).toEqual(['response profile@eu-dub → gateway@us-iad', 'response profile@eu-fra → gateway@us-iad']);
    for (const f of violations) {
      expect(f).toMatchObject({ dataClass: 'personal-eu', to: { region: 'us-east-1', cluster: 'us-iad' }, leavesFleet: false });
      expect(f.bytesPerYear).toBeCloseTo(expected, -3);
    }
    expect(violations[0].from.region).toBe('eu-west-1');
    expect(violations[1].from.region).toBe('eu-central-1');
    // EU users are served in eu-fra, whose gateway calls its own profile pods: nothing else moves.
    expect(flows).toHaveLength(2);
  });

  it('eu-pinned without a mesh: calls stay in the cluster, so the US gateway gets no profile data (its calls fail)', () => {
    expect(flowsOf(gdpr, 'eu-pinned', (d) => ({ ...d, traffic: { ...d.traffic, mesh: undefined } }))).toEqual([]);
  });

  it('eu-pinned with a locality order that stops at the region: the US gateway finds no profile, its calls fail, no data moves', () => {
    const regionOnly = (d: Design): Design => ({ ...d, traffic: { ...d.traffic, mesh: { ...d.traffic.mesh!, localityOrder: ['zone', 'region'] } } });
    expect(flowsOf(gdpr, 'eu-pinned', regionOnly)).toEqual([]);
  });

  it('replicated-audit: placement flags the US profile copy, and its data flowing to the US gateway is flagged too', () => {
    const { views } = resolveScenario(gdpr);
    expect(views[1].resolved.placement.residencyViolations).toEqual([{ service: 'profile', cluster: 'us-iad', region: 'us-east-1', replicas: 4 }]);
    const flows = flowsOf(gdpr, 'replicated-audit');
    expect(flows.map(hop)).toEqual(['response profile@us-iad → gateway@us-iad']);
    expect(flows[0].violation).toBe(true);
    // No mesh: all 250/s US requests' profile calls are answered in us-iad.
    expect(flows[0].bytesPerYear).toBeCloseTo(250 * 0.6 * 3 * KIB * YEAR_S, -3);
  });
});

describe('dataFlows: stores (test/fixtures/residency-flows.yaml)', () => {
  const s = load('test/fixtures/residency-flows.yaml');

  it('a US reader of an EU primary is a violation; a US writer to it is not (the data enters the EU)', () => {
    const flows = flowsOf(s, 'eu-primary');
    const read = flows.find((f) => hop(f) === 'read accounts-db@eu-1 → account@us-1')!;
    expect(read).toMatchObject({ violation: true, from: { region: 'eu-west-1' }, to: { region: 'us-east-1' } });
    // america: 200/s → web in us-1 → 1 account call per request → 1 read of 4 KiB.
    expect(read.bytesPerYear).toBeCloseTo(200 * 1 * 4 * KIB * YEAR_S, -3);
    const write = flows.find((f) => hop(f) === 'write account@us-1 → accounts-db@eu-1')!;
    expect(write.violation).toBe(false);
    expect(write.bytesPerYear).toBeCloseTo(200 * 0.2 * 2 * KIB * YEAR_S, -3);
    // The European account reads and writes inside eu-west-1: no transfer, not listed.
    expect(flows.filter((f) => f.from.cluster === 'eu-1' && f.to.cluster === 'eu-1')).toEqual([]);
  });

  it('a reader holds the class: the US account answers the US web with it (flagged though it stays in the cluster)', () => {
    const f = flowsOf(s, 'eu-primary').find((x) => hop(x) === 'response account@us-1 → web@us-1')!;
    expect(f.violation).toBe(true);
    expect(f.bytesPerYear).toBeCloseTo(200 * 1 * 1 * KIB * YEAR_S, -3);
  });

  it('a per-cluster cache of the store: hits from the reader’s cluster, misses from the EU primary, both flagged in the US', () => {
    const flows = flowsOf(s, 'eu-primary');
    // news: 2 calls per web request, 0.5 cache reads per call; the cache answers 80%.
    const readsPerS = 200 * 2 * 0.5;
    expect(flows.find((f) => hop(f) === 'read session-cache@us-1 → news@us-1')!.bytesPerYear).toBeCloseTo(readsPerS * 0.8 * 4 * KIB * YEAR_S, -3);
    const miss = flows.find((f) => hop(f) === 'read accounts-db@eu-1 → news@us-1')!;
    expect(miss.violation).toBe(true);
    expect(miss.bytesPerYear).toBeCloseTo(readsPerS * 0.2 * 4 * KIB * YEAR_S, -3);
  });

  it('replication of the personal-eu store to a US replica is flagged, with every write’s log bytes', () => {
    const flows = flowsOf(s, 'us-replica');
    const rep = flows.filter((f) => f.via === 'replication');
    expect(rep.map(hop)).toEqual(['replication accounts-db@eu-1 → accounts-db@us-1']);
    expect(rep[0].violation).toBe(true);
    // Both user regions' accounts write 0.2 per request: (300 + 200)/s × 0.2 × 2 KiB.
    expect(rep[0].bytesPerYear).toBeCloseTo(500 * 0.2 * 2 * KIB * YEAR_S, -3);
    // reads: nearest sends the US account's reads to the US replica.
    expect(flows.some((f) => hop(f) === 'read accounts-db@us-1 → account@us-1' && f.violation)).toBe(true);
    expect(flows.some((f) => hop(f) === 'read accounts-db@eu-1 → account@us-1')).toBe(false);
    // The EU replica of eu-primary stays in eu-west-1: not listed.
    expect(flowsOf(s, 'eu-primary').filter((f) => f.via === 'replication')).toEqual([]);
  });

  it('a design keeping everything in the EU has no violation; US users receiving their responses leave the fleet, not a transfer', () => {
    const flows = flowsOf(s, 'eu-only');
    expect(flows.filter((f) => f.violation)).toEqual([]);
    expect(flows).toEqual([
      {
        dataClass: 'personal-eu',
        via: 'response',
        from: { region: 'eu-west-1', cluster: 'eu-1', name: 'web' },
        to: { region: 'us-east-1', cluster: '', name: 'america' },
        bytesPerYear: expect.closeTo(200 * 8 * KIB * YEAR_S, -3),
        leavesFleet: true,
        violation: false,
      },
    ]);
  });

  it('asynchronous calls return nothing: web holding no class itself then sends none to its users', () => {
    const scenario: Scenario = { ...s, workload: { ...s.workload, services: s.workload.services.map((v) => ({ ...v, calls: v.calls.map((c) => ({ ...c, mode: 'async' as const })) })) } };
    expect(flowsOf(scenario, 'eu-only')).toEqual([]);
  });
});

describe('userRegionName: where the users receiving responses are', () => {
  const base = { name: 'u', ratePerS: 1, entryService: 'web', diurnal: { peakToTroughRatio: 1, peakHourUtc: 0 }, spikes: [] };
  it('the region they are near, else the one they enter through, else the nearest by RTT', () => {
    expect(userRegionName({ ...base, location: { kind: 'nearRegion', region: 'eu-north-1', accessRttMs: 10 }, rttMsByRegion: { 'us-east-1': 5 }, viaRegion: 'us-east-1' })).toBe('eu-north-1');
    expect(userRegionName({ ...base, location: { kind: 'explicit', rttMsByRegion: { 'eu-west-1': 30, 'us-east-1': 5 } }, rttMsByRegion: { 'eu-west-1': 30, 'us-east-1': 5 }, viaRegion: 'eu-west-1' })).toBe('eu-west-1');
    expect(userRegionName({ ...base, location: { kind: 'explicit', rttMsByRegion: { 'eu-west-1': 30, 'us-east-1': 5 } }, rttMsByRegion: { 'eu-west-1': 30, 'us-east-1': 5 }, viaRegion: undefined })).toBe('us-east-1');
  });
});
