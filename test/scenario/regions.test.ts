import { describe, expect, it } from 'vitest';
import { estimateRttMs, greatCircleKm, KNOWN_REGIONS, knownRegion } from '../../src/scenario/regions.js';

describe('built-in regions and RTT estimates', () => {
  it('great-circle distance matches published city distances within 1%', () => {
    // London–New York 5,570 km; Sydney–Tokyo 7,820 km (standard great-circle figures).
    expect(greatCircleKm({ latDeg: 51.5074, lonDeg: -0.1278 }, { latDeg: 40.7128, lonDeg: -74.006 }) / 5570).toBeCloseTo(1, 1);
    expect(Math.abs(greatCircleKm({ latDeg: 51.5074, lonDeg: -0.1278 }, { latDeg: 40.7128, lonDeg: -74.006 }) - 5570) / 5570).toBeLessThan(0.01);
    expect(Math.abs(greatCircleKm({ latDeg: -33.8688, lonDeg: 151.2093 }, { latDeg: 35.6762, lonDeg: 139.6503 }) - 7820) / 7820).toBeLessThan(0.01);
  });

  it('RTT estimate follows its stated formula and is symmetric', () => {
    const a = knownRegion('us-east-1')!.location;
    const b = knownRegion('eu-west-1')!.location;
    const km = greatCircleKm(a, b);
    expect(estimateRttMs(a, b)).toBeCloseTo((2 * km * 1.3) / 200 + 2, 1);
    expect(estimateRttMs(a, b)).toBe(estimateRttMs(b, a));
    // etcd docs: "across the US ~50–130 ms".
    const west = estimateRttMs(a, knownRegion('us-west-2')!.location);
    expect(west).toBeGreaterThan(40);
    expect(west).toBeLessThan(130);
  });

  it('names are unique and zones follow each provider’s convention', () => {
    expect(new Set(KNOWN_REGIONS.map((r) => r.name)).size).toBe(KNOWN_REGIONS.length);
    expect(knownRegion('eu-west-1')!.defaultZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(knownRegion('europe-west1')!.defaultZones[0]).toBe('europe-west1-a');
    expect(knownRegion('westeurope')!.defaultZones[0]).toBe('westeurope-1');
  });
});

describe('the well-known regions table', () => {
  const km = (a: string, b: string): number => greatCircleKm(knownRegion(a)!.location, knownRegion(b)!.location);
  const rtt = (a: string, b: string): number => estimateRttMs(knownRegion(a)!.location, knownRegion(b)!.location);

  it('zone names are unique across every region and start with their region’s name', () => {
    // Zone names are global in a scenario, and `fleetsim etcd` finds a zone's region by its prefix.
    const zones = KNOWN_REGIONS.flatMap((r) => r.defaultZones);
    expect(new Set(zones).size).toBe(zones.length);
    for (const r of KNOWN_REGIONS) {
      expect(r.defaultZones.length, r.name).toBeGreaterThan(0);
      for (const z of r.defaultZones) expect(z.startsWith(r.name), `${z} in ${r.name}`).toBe(true);
    }
  });

  it('default zones: three by default, two in us-west-1, one in an Azure region without zones, real letters where known', () => {
    expect(knownRegion('ap-southeast-3')!.defaultZones).toEqual(['ap-southeast-3a', 'ap-southeast-3b', 'ap-southeast-3c']);
    expect(knownRegion('asia-south2')!.defaultZones).toEqual(['asia-south2-a', 'asia-south2-b', 'asia-south2-c']);
    expect(knownRegion('australiaeast')!.defaultZones).toEqual(['australiaeast-1', 'australiaeast-2', 'australiaeast-3']);
    expect(knownRegion('us-west-1')!.defaultZones).toEqual(['us-west-1a', 'us-west-1c']);
    expect(knownRegion('ca-central-1')!.defaultZones).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
    expect(knownRegion('us-east1')!.defaultZones).toEqual(['us-east1-b', 'us-east1-c', 'us-east1-d']);
    // Azure regions without availability zones (Microsoft's regions list): one failure domain.
    for (const name of ['westus', 'northcentralus', 'westcentralus', 'canadaeast', 'ukwest', 'koreasouth', 'southindia', 'westindia', 'australiasoutheast', 'australiacentral', 'norwaywest', 'switzerlandwest']) {
      expect(knownRegion(name)!.defaultZones, name).toEqual([`${name}-0`]);
    }
    expect(knownRegion('japanwest')!.defaultZones).toHaveLength(3);
    expect(knownRegion('uaenorth')!.defaultZones).toHaveLength(3);
  });

  it('coordinates are on the globe, rounded to 0.1°, and each has a metro and a country', () => {
    for (const r of KNOWN_REGIONS) {
      const { latDeg, lonDeg } = r.location;
      expect(Math.abs(latDeg), r.name).toBeLessThanOrEqual(90);
      expect(Math.abs(lonDeg), r.name).toBeLessThanOrEqual(180);
      expect(Math.abs(latDeg * 10 - Math.round(latDeg * 10)), r.name).toBeLessThan(1e-9);
      expect(Math.abs(lonDeg * 10 - Math.round(lonDeg * 10)), r.name).toBeLessThan(1e-9);
      expect(r.metro.length, r.name).toBeGreaterThan(0);
      expect(r.country, r.name).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('regions of different providers in one city sit within 60 km of each other (catches a mistyped coordinate)', () => {
    const sameCity: readonly (readonly string[])[] = [
      ['ap-southeast-3', 'asia-southeast2'], // Jakarta
      ['eu-central-2', 'europe-west6', 'switzerlandnorth'], // Zurich
      ['ap-east-1', 'asia-east2', 'eastasia'], // Hong Kong
      ['il-central-1', 'me-west1'], // Tel Aviv
      ['me-central1', 'qatarcentral'], // Doha
      ['mx-central-1', 'northamerica-south1'], // Querétaro
      ['ap-southeast-4', 'australia-southeast2', 'australiasoutheast'], // Melbourne
      ['ap-northeast-3', 'asia-northeast2', 'japanwest'], // Osaka
      ['ap-northeast-2', 'asia-northeast3', 'koreacentral'], // Seoul
      ['africa-south1', 'southafricanorth'], // Johannesburg
      ['af-south-1', 'southafricawest'], // Cape Town
      ['ap-southeast-7', 'asia-southeast3'], // Bangkok
      ['northamerica-northeast2', 'canadacentral'], // Toronto
      ['europe-west10', 'germanynorth'], // Berlin
      ['eu-north-1', 'europe-north2'], // Stockholm
      ['me-central-1', 'uaenorth'], // Dubai
    ];
    for (const group of sameCity) for (const other of group.slice(1)) expect(km(group[0], other), `${group[0]}–${other}`).toBeLessThan(60);
  });

  it('RTT estimates between new regions are plausible: nearer is faster, and within published ranges', () => {
    expect(rtt('ap-southeast-3', 'ap-southeast-1')).toBeLessThan(rtt('ap-southeast-3', 'eu-central-1'));
    // Jakarta–Singapore is ~900 km: a short hop (public pings ~15–25 ms).
    expect(rtt('ap-southeast-3', 'ap-southeast-1')).toBeGreaterThan(5);
    expect(rtt('ap-southeast-3', 'ap-southeast-1')).toBeLessThan(25);
    // Zurich–Frankfurt ~300 km; Sydney–Melbourne ~700 km; Dubai–Bahrain ~480 km.
    expect(rtt('eu-central-2', 'eu-central-1')).toBeLessThan(10);
    expect(rtt('ap-southeast-2', 'ap-southeast-4')).toBeLessThan(15);
    expect(rtt('me-central-1', 'me-south-1')).toBeLessThan(rtt('me-central-1', 'eu-central-1'));
    // Santiago–São Paulo (~2,600 km) is nearer than Santiago–N. Virginia.
    expect(rtt('southamerica-west1', 'sa-east-1')).toBeLessThan(rtt('southamerica-west1', 'us-east-1'));
  });
});
