import { catalogFor, HOURS_PER_MONTH, poolPrices } from '../cost/index.js';
import { MACHINE_SHAPES } from '../scenario/index.js';
import type { ClusterSpec, Design, NodePoolSpec, Scenario } from '../scenario/types.js';
import type { Knob, KnobValue, ParsedKnob } from './knobTypes.js';

/**
 * Knobs whose what-ifs edit the file and parse it again (docWhatIf.ts): a pool's instance type and
 * a design's mesh. Only types the catalog in use prices in the pool's region are offered, cheapest
 * first, and the row shows at once what the change does to the pool's list price.
 */

interface TypeChoice {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly usdPerHour: number;
}

/** Instance types of the provider with a machine shape and a price in `region`, cheapest first (then by name). */
export function pricedTypes(s: Scenario, provider: string, region: string): TypeChoice[] {
  const catalog = catalogFor(s);
  if (catalog === undefined) return [];
  const out: TypeChoice[] = [];
  for (const shape of MACHINE_SHAPES) {
    if (shape.provider !== provider) continue;
    const price = catalog.find(`instance/${provider}/${shape.name}`, region);
    if (price?.unit === 'usd/node-hour') out.push({ name: shape.name, vcpu: shape.vcpu, memoryGiB: shape.memoryGiB, usdPerHour: price.usd });
  }
  return out.sort((a, b) => a.usdPerHour - b.usdPerHour || (a.name < b.name ? -1 : 1));
}

const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signedUsd = (x: number) => `${x > 0.005 ? '+' : x < -0.005 ? '−' : '±'}${usd(Math.abs(x))}`;

export function instanceTypeKnobs(s: Scenario): Knob[] {
  const knobs: Knob[] = [];
  const prices = poolPrices(s);
  for (const c of s.clusters) {
    for (const p of c.nodePools) {
      // A pool sized by hand (vCPU and memory in the file) or priced in the file has no type to swap.
      if (p.instanceType === undefined || p.priceSource === 'scenario file') continue;
      const basePrice = prices.get(`${c.name}/${p.name}`)?.usdPerHour;
      const k = typeKnob(s, c, p, p.instanceType, basePrice, undefined);
      if (k !== null) knobs.push(k);
    }
  }
  // A design's own pools (overrides.clusters[].nodePools[].instanceType): a knob of their own, since
  // the scenario's knob does not reach a pool whose type the design sets.
  for (const d of s.designs) {
    d.infrastructure?.clusters.forEach((c, i) => {
      for (const p of c.nodePools) {
        const shared = s.clusters[i]?.nodePools.find((x) => x.name === p.name);
        if (p.instanceType === undefined || p.instanceType === shared?.instanceType || p.priceSource === 'scenario file') continue;
        const k = typeKnob(s, c, p, p.instanceType, pricedTypes(s, c.provider, c.region).find((t) => t.name === p.instanceType)?.usdPerHour, d.name);
        if (k !== null) knobs.push(k);
      }
    });
  }
  return knobs;
}

/** The type knob of one pool (the scenario's, or a design's own when `design` is given); null when nothing can be offered. */
function typeKnob(s: Scenario, c: ClusterSpec, p: NodePoolSpec, base: string, basePrice: number | undefined, design: string | undefined): Knob | null {
  const choices = pricedTypes(s, c.provider, c.region);
  // Priced only by a pricing override (or not at all): a list of catalog prices would mislead.
  if (basePrice === undefined || !choices.some((t) => t.name === base)) return null;
  const names = choices.map((t) => t.name);
  const byName = new Map(choices.map((t) => [t.name, t]));
  return {
    id: design === undefined ? `type:${c.name}/${p.name}` : `type:${design}:${c.name}/${p.name}`,
    group: 'nodes',
    label: `${design === undefined ? '' : `${design} `}${c.name}/${p.name} instance type`,
    base,
    step: (v: KnobValue, dir: 1 | -1) => names[Math.min(names.length - 1, Math.max(0, names.indexOf(String(v)) + dir))],
    format: String,
    parse: (text) => parseType(text, names, c.region),
    expects: `an instance type priced in ${c.region} (${names.length}, e.g. ${names.slice(0, 3).join(', ')})`,
    toWhatIf: (v) => ({ kind: 'instanceType', ...(design !== undefined ? { design } : {}), cluster: c.name, pool: p.name, instanceType: String(v) }),
    note: (v) => {
      const t = byName.get(String(v));
      if (t === undefined) return null;
      const shape = `${t.vcpu} vCPU ${t.memoryGiB} GiB ${usd(t.usdPerHour)}/h`;
      if (v === base) return shape;
      // The pool's list price at the file's node count; the run bills what was really up (r).
      // Δ first: on an 80-column terminal the end of the row may be cut.
      const deltaUsd = p.count * HOURS_PER_MONTH * (t.usdPerHour - basePrice);
      return `Δ ${signedUsd(deltaUsd)}/mo list at ${p.count} node${p.count === 1 ? '' : 's'} · ${shape}`;
    },
  };
}

/** A typed instance type: exact name, any case; one that is not priced in the region is named as such. */
function parseType(text: string, names: readonly string[], region: string): ParsedKnob {
  const t = text.trim();
  const hit = names.find((n) => n.toLowerCase() === t.toLowerCase());
  if (hit !== undefined) return { ok: true, value: hit };
  const near = names.filter((n) => n.toLowerCase().startsWith(t.toLowerCase().split('.')[0])).slice(0, 4);
  // Short first: the input line is cut at the terminal's width.
  return { ok: false, message: `no type "${t}" priced in ${region} by the catalog${near.length > 0 ? ` (try ${near.join(', ')})` : ''}` };
}

/** Mesh on or off for the design; off shows, below the row, the calls that can then no longer reach their callee. */
export function meshKnob(d: Design): Knob {
  return {
    id: `mesh:${d.name}`,
    group: 'traffic',
    label: `${d.name} mesh`,
    base: d.traffic.mesh !== undefined ? 'on' : 'off',
    step: (v) => (v === 'on' ? 'off' : 'on'),
    format: String,
    parse: (t) => {
      const v = t.trim().toLowerCase();
      return v === 'on' || v === 'off' ? { ok: true, value: v } : { ok: false, message: `expected on or off, got "${t.trim()}"` };
    },
    expects: 'on or off (off: calls stay in the caller\'s cluster)',
    toWhatIf: (v) => ({ kind: 'mesh', design: d.name, enabled: v === 'on' }),
  };
}
