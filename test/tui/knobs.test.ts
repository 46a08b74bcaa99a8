import { parsePercent } from '../../src/scenario/index.js';
import { describe, expect, it } from 'vitest';
import { faultChoices, initialSelection, knobsFor, selectedFault, stepSelection, whatIfsFrom } from '../../src/tui/knobs.js';
import { applyWhatIfs } from '../../src/tui/whatIf.js';
import { scenarioOf, scenarioText } from './fixture.js';

const sizedBase = scenarioOf(scenarioText('default.yaml'));
/** The default scenario with its first design no longer sized: pool and replica knobs then act on it. */
const base = { ...sizedBase, designs: sizedBase.designs.map((d, i) => (i === 0 ? { ...d, sizing: undefined } : d)) };
const knobs = knobsFor(base);
const knob = (id: string) => knobs.find((k) => k.id === id)!;

describe('knobs', () => {
  it('offer one knob per pool, service, sized design headroom, design ingress and TTL, plus replications, with the file as base', () => {
    expect(knobs.map((k) => k.id)).toEqual([
      'pool:eu-1/general', 'pool:us-1/general', 'replicas:web', 'replicas:catalog', 'replicas:cart',
      'headroom:segmented', 'headroom:active-active', 'type:eu-1/general', 'type:us-1/general',
      'ingress:replicated', 'ttl:replicated', 'mesh:replicated', 'ingress:segmented', 'ttl:segmented', 'mesh:segmented',
      'ingress:active-active', 'ttl:active-active', 'mesh:active-active',
      'weight:active-active/eu-1', 'weight:active-active/us-1',
      'failover:replicated', 'failover:segmented', 'failover:active-active', 'run:horizon', 'run:slo', 'run:replications',
    ]);
    // Every design sized (the file as written): pool and replica knobs would change nothing, so there are none.
    expect(knobsFor(sizedBase).map((k) => k.id).filter((id) => /^(pool|replicas|headroom):/.test(id))).toEqual(['headroom:replicated', 'headroom:segmented', 'headroom:active-active']);
    expect(knob('headroom:segmented').base).toBe(0.2);
    expect(knob('headroom:segmented').format(0.3)).toBe('30%');
    expect(knob('headroom:segmented').step(0.2, 1)).toBe(0.3);
    // The headroom what-if re-sizes the design: more headroom, more replicas.
    const ws = whatIfsFrom(knobs, { 'headroom:segmented': 0.5 }, []);
    expect(ws).toEqual([{ kind: 'headroom', design: 'segmented', headroomRatio: 0.5 }]);
    expect(applyWhatIfs(base, ws).designs[1].sizing?.headroomRatio).toBe(0.5);
    expect(knob('pool:eu-1/general').base).toBe(4);
    expect(knob('ttl:replicated').base).toBe(60);
    // No self-managed cluster in this scenario: no etcd knob.
    expect(knobs.some((k) => k.group === 'etcd')).toBe(false);
    const edge = knobsFor(scenarioOf(scenarioText('edge-stores.yaml'), 'edge-stores.yaml'));
    expect(edge.filter((k) => k.group === 'etcd').length).toBeGreaterThan(0);
  });

  it('type and step the run and failover knobs: horizon, SLO availability, Karmada failover', () => {
    expect(knob('run:horizon').base).toBe(base.run.horizonS);
    expect(knob('run:horizon').parse('45d6h')).toEqual({ ok: true, value: 45 * 86_400 + 6 * 3600 });
    expect(knob('run:horizon').parse('2h').ok).toBe(false);
    // The scenario's own parser: a typed 99.9% is the number a file's "99.9%" gives.
    expect(knob('run:slo').parse('99.9%')).toEqual({ ok: true, value: (parsePercent('99.9%') as { value: number }).value });
    expect(knob('run:slo').parse('0%').ok).toBe(false);
    expect(knob('run:slo').format(0.9995)).toBe('99.95%');
    const f = knob('failover:active-active');
    expect(f.step(f.base, 1)).not.toBe(f.base);
    const ws = whatIfsFrom(knobs, { 'failover:active-active': f.base === 'on' ? 'off' : 'on', 'run:horizon': 90 * 86_400, 'run:slo': 0.999 }, []);
    const after = applyWhatIfs(base, ws);
    expect(after.run.horizonS).toBe(90 * 86_400);
    expect(after.run.slo?.availabilityRatio).toBe(0.999);
    expect(after.designs.find((d) => d.name === 'active-active')!.policies.every((p) => p.failover.enabled)).toBe(f.base !== 'on');
  });

  it('step within bounds and along ladders', () => {
    expect(knob('pool:eu-1/general').step(0, -1)).toBe(0);
    expect(knob('replicas:web').step(1, -1)).toBe(1);
    expect(knob('ttl:replicated').step(60, 1)).toBe(120);
    expect(knob('ttl:replicated').step(60, -1)).toBe(30);
    expect(knob('ttl:replicated').step(3600, 1)).toBe(3600);
    expect(knob('ingress:replicated').step('dns', 1)).toBe('anycast');
    expect(knob('run:replications').step(10, 1)).toBe(20);
  });

  it('turn only changed knobs into what-ifs; a TTL under anycast is dropped', () => {
    expect(whatIfsFrom(knobs, {}, [])).toEqual([]);
    expect(whatIfsFrom(knobs, { 'pool:eu-1/general': 4 }, [])).toEqual([]);
    const ws = whatIfsFrom(knobs, { 'replicas:web': 3, 'ingress:replicated': 'anycast', 'ttl:replicated': 5 }, []);
    expect(ws).toEqual([
      { kind: 'replicas', service: 'web', replicas: 3 },
      { kind: 'ingress', design: 'replicated', ingress: 'anycast' },
    ]);
    // The what-ifs apply cleanly to the scenario they came from.
    expect(applyWhatIfs(base, ws).designs[0].traffic.ingress.kind).toBe('anycast');
  });

  it('build a fault from the choices, wrapping around each list', () => {
    const c = faultChoices(base);
    expect(c.kinds.map((k) => k.kind)).toEqual(['zone', 'region', 'cluster']);
    expect(c.atS.every((t) => t >= base.run.warmupS && t < base.run.horizonS)).toBe(true);
    let sel = initialSelection(c);
    sel = stepSelection(c, sel, 'kind', 1);
    sel = stepSelection(c, sel, 'target', -1);
    const f = selectedFault(c, sel);
    expect(f.target).toEqual({ kind: 'region', region: 'us-east-1' });
    expect(f.atS).toBe(c.atS[sel.at]);
    expect(stepSelection(c, { ...sel, kind: 2 }, 'kind', 1).kind).toBe(0);
  });
});
