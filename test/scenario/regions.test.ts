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
