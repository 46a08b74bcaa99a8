import { describe, expect, it } from 'vitest';
import { formatDuration, parseBandwidth, parseBytes, parseCpu, parseDuration, parseMemory, parsePercent, parseRate } from '../../src/scenario/units.js';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);

describe('units', () => {
  it('durations to seconds', () => {
    expect(value(parseDuration('100ms'))).toBeCloseTo(0.1, 12);
    expect(value(parseDuration('40s'))).toBe(40);
    expect(value(parseDuration('5m'))).toBe(300);
    expect(value(parseDuration('1h30m'))).toBe(5400);
    expect(value(parseDuration('30d'))).toBe(30 * 86400);
    expect(value(parseDuration('1y'))).toBe(365 * 86400);
    expect(value(parseDuration('500us'))).toBeCloseTo(5e-4, 15);
    expect(value(parseDuration(0))).toBe(0);
    expect(parseDuration(40).ok).toBe(false);
    expect(parseDuration('40').ok).toBe(false);
    expect(parseDuration('-5s').ok).toBe(false);
    expect(parseDuration('5 parsecs').ok).toBe(false);
  });

  it('format and parse round-trip: exact up to two components, else 4 significant digits', () => {
    for (const s of [0.1, 1, 40, 90, 300, 5400, 86400, 2570400, 365 * 86400, 0.0005]) {
      expect(value(parseDuration(formatDuration(s)))).toBeCloseTo(s, 9);
    }
    const lossy = 2571000; // 29d 18h 10m: three components
    expect(Math.abs(value(parseDuration(formatDuration(lossy)))! - lossy) / lossy).toBeLessThan(5e-4);
  });

  it('Kubernetes quantities: CPU to millicores, memory to bytes', () => {
    expect(value(parseCpu('500m'))).toBe(500);
    expect(value(parseCpu('2'))).toBe(2000);
    expect(value(parseCpu(0.25))).toBe(250);
    expect(value(parseCpu('1.5'))).toBe(1500);
    expect(parseCpu('2 cores').ok).toBe(false);
    expect(value(parseMemory('512Mi'))).toBe(512 * 2 ** 20);
    expect(value(parseMemory('2Gi'))).toBe(2 * 2 ** 30);
    expect(value(parseMemory('1G'))).toBe(1e9);
    expect(value(parseMemory('128974848'))).toBe(128974848); // the Kubernetes docs' example, = 129M
    expect(parseMemory('2gi').ok).toBe(false);
    expect(parseMemory(512).ok).toBe(false);
  });

  it('sizes, rates, percentages, bandwidth', () => {
    expect(value(parseBytes('2KiB'))).toBe(2048);
    expect(value(parseBytes('1.5kB'))).toBe(1500);
    expect(value(parseBytes(300))).toBe(300);
    expect(value(parseRate('200/s'))).toBe(200);
    expect(value(parseRate('1200/min'))).toBe(20);
    expect(value(parseRate('0.1/s'))).toBeCloseTo(0.1, 12);
    expect(parseRate(200).ok).toBe(false);
    expect(value(parsePercent('99.95%'))).toBeCloseTo(0.9995, 12);
    expect(value(parsePercent(0.999))).toBe(0.999);
    expect(parsePercent(99.9).ok).toBe(false);
    expect(parsePercent('101%').ok).toBe(false);
    expect(value(parseBandwidth('10Gbps'))).toBe(10);
    expect(value(parseBandwidth('500Mbps'))).toBeCloseTo(0.5, 12);
    expect(parseBandwidth('10GB').ok).toBe(false);
  });
});
