import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parsePricedScenario } from '../../src/cost/index.js';
import { comparable, saveScenarioFile, scenarioWithWhatIfs } from '../../src/tui/save.js';
import { applyWhatIfs, type WhatIf } from '../../src/tui/whatIf.js';
import { scenarioOf, scenarioText, smallDefault } from './fixture.js';

const { text, scenario } = smallDefault();

function reparsed(out: string) {
  const r = parsePricedScenario(out, 'saved.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

describe('saving what-ifs as a scenario file', () => {
  const whatIfs: WhatIf[] = [
    { kind: 'poolCount', cluster: 'us-1', pool: 'general', count: 10 },
    { kind: 'replicas', service: 'web', replicas: 3 },
    { kind: 'dnsTtl', design: 'replicated', ttlS: 15 },
    { kind: 'ingress', design: 'active-active', ingress: 'anycast' },
    { kind: 'fault', fault: { atS: 30 * 86_400 + 19 * 3600 + 5 * 60, forS: 45 * 60, target: { kind: 'region', region: 'us-east-1' } } },
    { kind: 'replications', replications: 2 },
  ];

  it('writes the edits into the file: it parses back to exactly the what-if scenario, comments kept', () => {
    const r = scenarioWithWhatIfs(text, 'default.yaml', scenario, whatIfs);
    if (!r.ok) throw new Error(r.message);
    expect(isDeepStrictEqual(comparable(reparsed(r.text)), comparable(applyWhatIfs(scenario, whatIfs)))).toBe(true);
    // Not the file as loaded (a no-op edit would also parse).
    expect(isDeepStrictEqual(comparable(reparsed(r.text)), comparable(scenario))).toBe(false);
    expect(r.text).toContain('# ~1000 machine failures per 1800 machines per year');
    expect(r.text).toContain('instanceType: m6i.xlarge # $0.192/h in us-east-1 (catalog)');
    expect(r.text).toMatch(/count: 10\n\s+autoscaling: \{ min: 3, max: 10 \}/);
    expect(r.text).toContain('{ at: 30d19h5m, kind: region, target: us-east-1, for: 45m }');
  });

  it('saves the run and placement knobs: horizon, SLO availability, Karmada failover and weights per design', () => {
    const more: WhatIf[] = [
      { kind: 'horizon', horizonS: 45 * 86_400 + 6 * 3600 },
      { kind: 'sloAvailability', availabilityRatio: 0.9991 },
      { kind: 'failover', design: 'replicated', enabled: true },
      { kind: 'failover', design: 'active-active', enabled: false },
      { kind: 'weight', design: 'active-active', cluster: 'us-1', weight: 3 },
    ];
    const r = scenarioWithWhatIfs(text, 'default.yaml', scenario, more);
    if (!r.ok) throw new Error(r.message);
    const back = reparsed(r.text);
    expect(back.run.horizonS).toBe(45 * 86_400 + 6 * 3600);
    expect(back.run.slo?.availabilityRatio).toBeCloseTo(0.9991, 12);
    expect(back.designs.map((d) => d.policies.every((p) => p.failover.enabled))).toEqual([true, false]);
    expect(back.designs[1].policies[0].replicaScheduling).toEqual({ type: 'divided', division: 'weighted', weights: [{ cluster: 'eu-1', weight: 1 }, { cluster: 'us-1', weight: 3 }] });
    expect(r.text).toContain('weights: { eu-1: 1, us-1: 3 }');
    expect(comparable(back)).toEqual(comparable(applyWhatIfs(scenario, more)));
  });

  it('with no what-if gives the file back unchanged', () => {
    const r = scenarioWithWhatIfs(text, 'default.yaml', scenario, []);
    expect(r.ok && r.text).toBe(text);
  });

  it('refuses an edit the file cannot take, and says why', () => {
    const r = scenarioWithWhatIfs(text, 'default.yaml', scenario, [{ kind: 'replicas', service: 'nope', replicas: 2 }]);
    expect(r).toEqual({ ok: false, message: 'no service "nope"' });
  });

  it('writes atomically and refuses to replace an existing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-save-'));
    try {
      const path = join(dir, 'what-if.yaml');
      const written = saveScenarioFile(path, text, 'default.yaml', scenario, whatIfs);
      expect(written).toEqual({ ok: true, path });
      const r = scenarioWithWhatIfs(text, 'default.yaml', scenario, whatIfs);
      expect(r.ok && readFileSync(path, 'utf8')).toBe(r.ok && r.text);
      const again = saveScenarioFile(path, text, 'default.yaml', scenario, whatIfs);
      expect(again.ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a scripted faults list the file already has', () => {
    const withFaults = scenarioText('fixtures/two-regions-fixed.yaml', { horizon: '60d' }).replace('faults:\n', 'faults:\n  scripted:\n    - { at: 10d, kind: zone, target: eu-west-1a, for: 1h }\n');
    const s = scenarioOf(withFaults);
    const w: WhatIf[] = [{ kind: 'fault', fault: { atS: 20 * 86_400, forS: 3600, target: { kind: 'cluster', cluster: 'eu-1' } } }];
    const r = scenarioWithWhatIfs(withFaults, 'f.yaml', s, w);
    if (!r.ok) throw new Error(r.message);
    expect(reparsed(r.text).faults.scripted).toHaveLength(2);
    expect(isDeepStrictEqual(comparable(reparsed(r.text)), comparable(applyWhatIfs(s, w)))).toBe(true);
  });
});
