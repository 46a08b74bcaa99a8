import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { OUTLIER_DETECTION } from '../../src/scenario/defaults.js';
import { OUTLIER_EJECTION_DEFAULT, OUTLIER_SUCCESS_RATE } from '../../src/scenario/outlierDetection.js';

const text = readFileSync(fileURLToPath(new URL('../fixtures/outlier-dead-endpoints.yaml', import.meta.url)), 'utf8');
const INLINE = 'outlierDetection: { ejection: inline, maxEjectionPercent: 100, baseEjectionTime: 10m }';

function parse(yaml: string) {
  return parseScenario(yaml, 'outlier.yaml');
}

function outlier(yaml: string, design = 1) {
  const r = parse(yaml);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario.designs[design].traffic.mesh!.outlierDetection;
}

describe('designs[].traffic.mesh.outlierDetection', () => {
  it('the fixture resolves both modes; what it leaves out takes the defaults', () => {
    expect(outlier(text, 0).ejection).toBe('interval');
    expect(outlier(text)).toEqual({ consecutive5xx: 5, intervalS: 10, baseEjectionTimeS: 600, maxEjectionPercent: 100, ejection: 'inline', minHealthPercent: 0, successRate: undefined });
  });

  it("defaults: Istio's DestinationRule (5 errors, 10 s, 30 s, 10%), panic off (Istio's minHealthPercent 0), success rate off (Istio), interval ejection until the lead flips it", () => {
    expect(OUTLIER_DETECTION).toEqual({ consecutive5xx: 5, intervalS: 10, baseEjectionTimeS: 30, maxEjectionPercent: 10, minHealthPercent: 0 });
    expect(OUTLIER_EJECTION_DEFAULT).toBe('interval');
    expect(outlier(text.replace(INLINE, 'outlierDetection: {}'))).toEqual({ ...OUTLIER_DETECTION, ejection: OUTLIER_EJECTION_DEFAULT, successRate: undefined });
  });

  it("an empty successRate block takes Envoy's defaults (5 hosts, 100 requests, 1900/1000 = 1.9 standard deviations); fields override them", () => {
    expect(OUTLIER_SUCCESS_RATE).toEqual({ minimumHosts: 5, requestVolume: 100, stdevFactor: 1.9 });
    expect(outlier(text.replace(INLINE, 'outlierDetection: { ejection: inline, successRate: {} }')).successRate).toEqual(OUTLIER_SUCCESS_RATE);
    expect(outlier(text.replace(INLINE, 'outlierDetection: { ejection: inline, minHealthPercent: 50, successRate: { requestVolume: 20 } }'))).toMatchObject({
      minHealthPercent: 50,
      successRate: { minimumHosts: 5, requestVolume: 20, stdevFactor: 1.9 },
    });
  });

  it('bad input is reported at its field: a percentage over 100, an unknown success-rate field', () => {
    for (const [bad, path] of [
      ['outlierDetection: { ejection: inline, minHealthPercent: 150 }', 'minHealthPercent'],
      ['outlierDetection: { ejection: inline, successRate: { stdev: 2 } }', 'successRate'],
      ['outlierDetection: { ejection: sometimes }', 'ejection'],
    ] as const) {
      const r = parse(text.replace(INLINE, bad));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0].path).toContain(`outlierDetection.${path}`);
      expect(r.errors[0].line).toBe(text.split('\n').findIndex((l) => l.includes(INLINE)) + 1);
    }
  });
});
