import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { DEFAULT_SPILLOVER_MAX_UTILIZATION } from '../../src/scenario/spillover.js';

const text = readFileSync(fileURLToPath(new URL('../fixtures/spillover-three-regions.yaml', import.meta.url)), 'utf8');

function parse(yaml: string) {
  return parseScenario(yaml, 'spillover.yaml');
}

describe('designs[].traffic.ingress.anycast.spillover', () => {
  it('absent: no spill-over (the nearest takes all); an empty block takes GCP\'s 0.8 balancing-mode target', () => {
    const r = parse(text);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const [nearest, spill] = r.scenario.designs.map((d) => d.traffic.ingress);
    expect(nearest.kind === 'anycast' && nearest.spillover).toBeUndefined();
    expect(DEFAULT_SPILLOVER_MAX_UTILIZATION).toBe(0.8);
    expect(spill.kind === 'anycast' && spill.spillover).toEqual({ maxUtilization: 0.8 });
  });

  it('maxUtilization is a share, written as a percentage', () => {
    const r = parse(text.replace('spillover: {}', 'spillover: { maxUtilization: 65% }'));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const ingress = r.scenario.designs[1].traffic.ingress;
    expect(ingress.kind === 'anycast' && ingress.spillover).toEqual({ maxUtilization: 0.65 });
  });

  it('rejects a share above 100%, an unknown field, and spill-over under DNS, at their line', () => {
    const cases = [
      text.replace('spillover: {}', 'spillover: { maxUtilization: 120% }'),
      text.replace('spillover: {}', 'spillover: { target: 80% }'),
      text.replace('traffic: { ingress: { anycast: { spillover: {} } } }', 'traffic: { ingress: { dns: { spillover: {} } } }'),
    ];
    for (const bad of cases) {
      const r = parse(bad);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0].path).toContain('ingress');
      expect(r.errors[0].line).toBe(bad.split('\n').findIndex((l) => l.includes('spillover:')) + 1);
    }
  });
});
