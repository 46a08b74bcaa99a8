import { describe, expect, it } from 'vitest';
import { catalogFor, parsePricedScenario } from '../../src/cost/index.js';
import { MACHINE_SHAPES } from '../../src/scenario/index.js';
import { unreachableCalls } from '../../src/tui/consequences.js';
import { resolveWhatIfs, textWithDocumentWhatIfs } from '../../src/tui/docWhatIf.js';
import { pricedTypes } from '../../src/tui/fileKnobs.js';
import { EFFECT_TYPES, interpretKey, NO_KEY, splitKeys, type Command, type KeyContext } from '../../src/tui/keys.js';
import { knobsFor, whatIfsFrom } from '../../src/tui/knobs.js';
import { scenarioWithWhatIfs } from '../../src/tui/save.js';
import { prepareWhatIf, runJob } from '../../src/tui/sim/runJob.js';
import { initialState, loadedScenario, reduce, type AppState } from '../../src/tui/state.js';
import { whatIfRows, whatIfView } from '../../src/tui/views/whatIf.js';
import { applyWhatIf, type WhatIf } from '../../src/tui/whatIf.js';
import { scenarioOf, scenarioText, smallDefault } from './fixture.js';

// The fixed two-region fleet (two m6i.xlarge pools, replicated and active-active) for instance
// types; the default scenario (its segmented design calls the cart across the Atlantic through a
// mesh) for the mesh.
const fixed = smallDefault();
const fixedKnobs = knobsFor(fixed.scenario);
const typeKnob = fixedKnobs.find((k) => k.id === 'type:us-1/general')!;
const defaultText = scenarioText('default.yaml');
const defaultScenario = scenarioOf(defaultText);
const meshOff: WhatIf = { kind: 'mesh', design: 'segmented', enabled: false };

describe('instance type knob', () => {
  it('offers only the types the catalog prices in the cluster\'s region, cheapest first, the file\'s type among them', () => {
    const catalog = catalogFor(fixed.scenario)!;
    for (const [cluster, region] of [['eu-1', 'eu-west-1'], ['us-1', 'us-east-1']] as const) {
      const types = pricedTypes(fixed.scenario, 'aws', region);
      expect(types.length).toBeGreaterThan(3);
      for (const t of types) expect(catalog.find(`instance/aws/${t.name}`, region)?.usd).toBe(t.usdPerHour);
      expect(types.map((t) => t.usdPerHour)).toEqual([...types.map((t) => t.usdPerHour)].sort((a, b) => a - b));
      expect(types.map((t) => t.name)).toContain('m6i.xlarge');
      expect(fixedKnobs.find((k) => k.id === `type:${cluster}/general`)!.base).toBe('m6i.xlarge');
    }
    // A type with a machine shape that the catalog does not price in the region is not offered, and typing it is refused.
    const offered = new Set(pricedTypes(fixed.scenario, 'aws', 'us-east-1').map((t) => t.name));
    const unpriced = MACHINE_SHAPES.find((m) => m.provider === 'aws' && !offered.has(m.name));
    if (unpriced !== undefined) expect(typeKnob.parse(unpriced.name)).toMatchObject({ ok: false, message: expect.stringContaining(`no type "${unpriced.name}" priced in us-east-1`) });
    expect(typeKnob.parse('gcp-n2-standard-4').ok).toBe(false);
    expect(typeKnob.parse(' C6I.XLARGE ')).toEqual({ ok: true, value: 'c6i.xlarge' });
  });

  it('steps along the price order and shows the shape and Δ list cost at once, before any run', () => {
    const types = pricedTypes(fixed.scenario, 'aws', 'us-east-1');
    const at = types.findIndex((t) => t.name === 'm6i.xlarge');
    expect(typeKnob.step('m6i.xlarge', 1)).toBe(types[at + 1].name);
    expect(typeKnob.step(types[0].name, -1)).toBe(types[0].name);
    const pool = fixed.scenario.clusters.find((c) => c.name === 'us-1')!.nodePools[0];
    const big = types.find((t) => t.name === 'm6i.2xlarge')!;
    const base = types[at];
    const delta = pool.count * 730 * (big.usdPerHour - base.usdPerHour);
    expect(typeKnob.note!('m6i.xlarge')).toBe(`4 vCPU 16 GiB $${base.usdPerHour.toFixed(2)}/h`);
    expect(typeKnob.note!('m6i.2xlarge')).toBe(`Δ +$${delta.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/mo list at ${pool.count} nodes · 8 vCPU 32 GiB $${big.usdPerHour.toFixed(2)}/h`);
    // The What-if panel shows it on the knob's row.
    const s = { ...initialState(fixed.loaded), knobValues: { 'type:us-1/general': 'm6i.2xlarge' } };
    expect(whatIfView(s).lines.map((l) => l.text).find((t) => t.startsWith('us-1/general instance type'))).toMatch(/m6i\.xlarge → m6i\.2xlarge {2}Δ \+\$[\d,.]+\/mo list at \d+ nodes · 8 vCPU 32 GiB/);
  });

  it('edits the YAML and parses it again: the pool gets the new type\'s vCPU, memory, maxPods and price', () => {
    const w: WhatIf = { kind: 'instanceType', cluster: 'us-1', pool: 'general', instanceType: 'm6i.4xlarge' };
    expect(() => applyWhatIf(fixed.scenario, w)).toThrow(/applied to the file/);
    const after = resolveWhatIfs(fixed.text, 'default.yaml', fixed.scenario, [w, { kind: 'poolCount', cluster: 'us-1', pool: 'general', count: 5 }]);
    const before = fixed.scenario.clusters.find((c) => c.name === 'us-1')!.nodePools[0];
    const pool = after.clusters.find((c) => c.name === 'us-1')!.nodePools[0];
    expect(pool).toMatchObject({ instanceType: 'm6i.4xlarge', cpuMillicores: 16_000, memoryBytes: 64 * 2 ** 30, count: 5 });
    // The VPC CNI pod limit of the bigger type: 8 ENIs of 30 addresses against the xlarge's 4 of 15.
    expect(pool.maxPods).toBeGreaterThan(before.maxPods);
    // Exactly what the loader gives for the file with that one line changed.
    const direct = parsePricedScenario(fixed.text.replace(/(name: us-1[\s\S]*?instanceType: )m6i\.xlarge/, '$1m6i.4xlarge'), 'default.yaml');
    if (!direct.ok) throw new Error('the edited fixture does not load');
    const fields = (p: typeof pool) => ({ instanceType: p.instanceType, cpuMillicores: p.cpuMillicores, memoryBytes: p.memoryBytes, maxPods: p.maxPods, priceUsdPerHour: p.priceUsdPerHour });
    expect(fields(pool)).toEqual(fields(direct.scenario.clusters.find((c) => c.name === 'us-1')!.nodePools[0]));
    // The worker prepares the same scenario (the run pipeline parses the edited text).
    expect(prepareWhatIf(fixed.text, 'default.yaml', [w]).scenario.clusters[1].nodePools[0]).toMatchObject({ instanceType: 'm6i.4xlarge', cpuMillicores: 16_000 });
  });

  it('a cheaper type lowers the billed cost of the run (Δ cost after r)', () => {
    const text = scenarioText('fixtures/two-regions-fixed.yaml', { horizon: '10d', replications: 2 });
    const base = runJob({ id: 1, text, fileName: 'f.yaml', whatIfs: [] }, () => {});
    const types = pricedTypes(scenarioOf(text), 'aws', 'us-east-1');
    const cheaper = types.find((t) => t.vcpu >= 4 && t.memoryGiB >= 16 && t.usdPerHour < types.find((x) => x.name === 'm6i.xlarge')!.usdPerHour);
    expect(cheaper, 'a cheaper type with room for the pods').toBeDefined();
    const what = runJob({ id: 2, text, fileName: 'f.yaml', whatIfs: [{ kind: 'instanceType', cluster: 'us-1', pool: 'general', instanceType: cheaper!.name }] }, () => {});
    for (const d of what.results.designs) {
      const b = base.results.designs.find((x) => x.name === d.name)!;
      expect(d.cost!.monthlyUsd.mean!).toBeLessThan(b.cost!.monthlyUsd.mean!);
    }
    expect(what.results.scenario.description).toContain(`[what-if: us-1/general instance type = ${cheaper!.name}]`);
  }, 60_000);

  it('saves as a scenario: the pool\'s instanceType line changes, the file parses back to the what-if scenario', () => {
    const w: WhatIf = { kind: 'instanceType', cluster: 'eu-1', pool: 'general', instanceType: 'c6i.xlarge' };
    const r = scenarioWithWhatIfs(fixed.text, 'default.yaml', fixed.scenario, [w]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text.match(/instanceType: c6i\.xlarge/g)).toHaveLength(1);
    const back = parsePricedScenario(r.text, 'default.yaml');
    expect(back.ok && back.scenario.clusters.map((c) => c.nodePools[0].instanceType)).toEqual(['c6i.xlarge', 'm6i.xlarge']);
  });
});

describe('instance type of a design\'s own pool (overrides)', () => {
  // The active-active design runs its us-1 pool on m6i.2xlarge (its overrides); the scenario's stays m6i.xlarge.
  const text = fixed.text.replace(
    "    karmada: { version: \"1.18\"",
    '    overrides:\n      clusters:\n        - name: us-1\n          nodePools: [{ name: general, instanceType: m6i.2xlarge }]\n    karmada: { version: "1.18"',
  );
  const scenario = scenarioOf(text);
  const knobs = knobsFor(scenario);

  it('gets a knob of its own that edits the design\'s overrides, leaving the scenario\'s pool and the other design alone', () => {
    expect(text).not.toBe(fixed.text);
    const k = knobs.find((x) => x.id === 'type:active-active:us-1/general')!;
    expect(k).toMatchObject({ base: 'm6i.2xlarge', label: 'active-active us-1/general instance type' });
    expect(knobs.find((x) => x.id === 'type:us-1/general')!.base).toBe('m6i.xlarge');
    const ws = whatIfsFrom(knobs, { [k.id]: 'c6i.2xlarge' }, []);
    expect(ws).toEqual([{ kind: 'instanceType', design: 'active-active', cluster: 'us-1', pool: 'general', instanceType: 'c6i.2xlarge' }]);
    const after = resolveWhatIfs(text, 'f.yaml', scenario, ws);
    const own = after.designs.find((d) => d.name === 'active-active')!.infrastructure!.clusters.find((c) => c.name === 'us-1')!.nodePools[0];
    expect(own).toMatchObject({ instanceType: 'c6i.2xlarge', cpuMillicores: 8000, memoryBytes: 16 * 2 ** 30 });
    expect(after.clusters.find((c) => c.name === 'us-1')!.nodePools[0].instanceType).toBe('m6i.xlarge');
    expect(after.designs.find((d) => d.name === 'replicated')!.infrastructure).toBeUndefined();
    const saved = scenarioWithWhatIfs(text, 'f.yaml', scenario, ws);
    expect(saved.ok && saved.text).toMatch(/nodePools: \[ ?\{ name: general, instanceType: c6i\.2xlarge \} ?\]/);
  });
});

describe('mesh knob', () => {
  it('off for a segmented design: the panel shows at once which calls can no longer reach their callee', () => {
    const after = resolveWhatIfs(defaultText, 'default.yaml', defaultScenario, [meshOff]);
    expect(after.designs.find((d) => d.name === 'segmented')!.traffic.mesh).toBeUndefined();
    const calls = unreachableCalls(after, 'segmented');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.join('\n')).toMatch(/in us-1 calls cart, which has no pod there \(it runs in eu-1\); without a mesh calls stay in the caller's cluster, so these calls fail/);
    // With the mesh (the file as written) nothing is stranded; a design that places every service everywhere strands nothing either.
    expect(unreachableCalls(defaultScenario, 'segmented')).toEqual([]);
    expect(unreachableCalls(resolveWhatIfs(defaultText, 'default.yaml', defaultScenario, [{ kind: 'mesh', design: 'replicated', enabled: false }]), 'replicated')).toEqual([]);

    const loaded = loadedScenario('default.yaml', defaultText, defaultScenario);
    const s = { ...initialState(loaded), knobValues: { 'mesh:segmented': 'off' } };
    const text = whatIfView(s).lines.map((l) => l.text);
    const row = text.findIndex((t) => t.startsWith('segmented mesh'));
    expect(text[row]).toMatch(/on → off/);
    expect(text[row + 1]).toMatch(/^ {4}✗ .*calls cart, which has no pod there/);
    // A design without a mesh in the file whose calls all stay local gets no extra line under its row.
    const rep = text.findIndex((t) => t.startsWith('replicated mesh'));
    expect(text[rep]).toMatch(/replicated mesh\s+off$/);
    expect(text[rep + 1]).not.toMatch(/^ {4}/);
  });

  it('on where the file has none: an empty mesh block with the documented defaults', () => {
    const text = textWithDocumentWhatIfs(defaultText, [{ kind: 'mesh', design: 'replicated', enabled: true }]);
    const after = resolveWhatIfs(defaultText, 'default.yaml', defaultScenario, [{ kind: 'mesh', design: 'replicated', enabled: true }]);
    expect(after.designs.find((d) => d.name === 'replicated')!.traffic.mesh).toEqual(defaultScenario.designs.find((d) => d.name === 'segmented')!.traffic.mesh);
    expect(text).toMatch(/mesh: \{\}/);
  });

  it('saves mesh off as a file without the design\'s mesh, which parses back to the what-if scenario', () => {
    const r = scenarioWithWhatIfs(defaultText, 'default.yaml', defaultScenario, [meshOff]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const back = parsePricedScenario(r.text, 'default.yaml');
    expect(back.ok && back.scenario.designs.find((d) => d.name === 'segmented')!.traffic.mesh).toBeUndefined();
    expect(r.text).not.toMatch(/mesh:\n\s+localityOrder/);
  });
});

describe('typed values and the / filter reach the new knobs', () => {
  const ctx: KeyContext = { scenarioPaths: [], lineCount: 50, offset: 0, height: 20 };
  function typeKeys(s: AppState, text: string): AppState {
    for (const k of splitKeys(text, NO_KEY)) {
      for (const c of interpretKey(s, k.input, k.key, ctx) as Command[]) if (!EFFECT_TYPES.has(c.type)) s = reduce(s, c as never);
    }
    return s;
  }
  const enter = (s: AppState): AppState => {
    for (const c of interpretKey(s, '', { ...NO_KEY, return: true }, ctx) as Command[]) if (!EFFECT_TYPES.has(c.type)) s = reduce(s, c as never);
    return s;
  };

  it('/instance keeps the instance type rows; Enter types a type by name; a type not priced there is refused inline', () => {
    let s = reduce(initialState(fixed.loaded), { type: 'panel', panel: 'whatif' });
    s = typeKeys(s, '/instance type\r');
    const rows = whatIfRows(s);
    expect(rows.map((r) => (r.kind === 'knob' ? r.id : r.kind))).toEqual(['type:eu-1/general', 'type:us-1/general']);
    s = reduce(s, { type: 'moveTo', index: 1, max: rows.length - 1 });
    s = enter(s);
    // The input opens with the current value: clear it as a user would.
    s = typeKeys(s, '\u007f'.repeat(s.prompt!.text.length) + 'no.such\r');
    expect(s.prompt).toMatchObject({ kind: 'value', error: expect.stringContaining('no type "no.such" priced in us-east-1') });
    s = typeKeys(s, '\u007f'.repeat('no.such'.length) + 'c6i.xlarge\r');
    expect(s.prompt).toBeNull();
    expect(s.knobValues).toEqual({ 'type:us-1/general': 'c6i.xlarge' });
    expect(whatIfsFrom(s.scenario!.knobs, s.knobValues, [])).toEqual([{ kind: 'instanceType', cluster: 'us-1', pool: 'general', instanceType: 'c6i.xlarge' }]);
  });

  it('/mesh keeps one row per design; typing off sets the what-if', () => {
    const loaded = loadedScenario('default.yaml', defaultText, defaultScenario);
    let s = reduce(initialState(loaded), { type: 'panel', panel: 'whatif' });
    s = typeKeys(s, '/mesh\r');
    const rows = whatIfRows(s);
    expect(rows.map((r) => (r.kind === 'knob' ? r.id : r.kind))).toEqual(['mesh:replicated', 'mesh:segmented', 'mesh:active-active']);
    s = reduce(s, { type: 'moveTo', index: 1, max: rows.length - 1 });
    s = enter(s);
    s = typeKeys(s, '\u007f'.repeat(s.prompt!.text.length) + 'OFF\r');
    expect(whatIfsFrom(s.scenario!.knobs, s.knobValues, [])).toEqual([meshOff]);
  });
});
