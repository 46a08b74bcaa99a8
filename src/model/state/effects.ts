import type { ClientRoute } from './clientRoutes.js';
import type { StoreTimes } from './routes.js';
import type { StoreClientEffect, StoreSink } from './types.js';

/**
 * What the stores do to each (service, client cluster) group (docs/state.md, "Effect on requests"):
 * errorRatio = 1 − Π over its store uses (1 − min(1, writes))^[writes unavailable] × (1 − min(1, reads)
 * × the share of reads that fail); latencyS = Σ reads × mean read time + writes × mean commit time,
 * over the operations that are served (a failed one adds nothing: its request fails).
 */
export function groupEffects(routes: readonly (readonly ClientRoute[])[], times: readonly StoreTimes[]): Map<number, StoreClientEffect> {
  const ok = new Map<string, { service: number; cluster: number; keep: number; latencyS: number }>();
  routes.forEach((list, store) => {
    for (const r of list) {
      const key = `${r.service}/${r.cluster}`;
      let g = ok.get(key);
      if (g === undefined) ok.set(key, (g = { service: r.service, cluster: r.cluster, keep: 1, latencyS: 0 }));
      if (r.writes > 0) {
        if (r.write.target < 0) g.keep *= 1 - Math.min(1, r.writes);
        else g.latencyS += r.writes * (r.write.networkS + times[store].commitMeanS);
      }
      if (r.reads > 0) {
        g.keep *= 1 - Math.min(1, r.reads) * r.read.failShare;
        if (r.read.failShare < 1) g.latencyS += r.reads * r.read.latencyS;
      }
    }
  });
  const out = new Map<number, StoreClientEffect>();
  for (const g of ok.values()) {
    out.set(groupKey(g.service, g.cluster), { service: g.service, cluster: g.cluster, errorRatio: clamp01(1 - g.keep), latencyS: g.latencyS });
  }
  return out;
}

function groupKey(service: number, cluster: number): number {
  return service * 65_536 + cluster;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Sends the effects to the sink: every group once at set-up (baseline), then only the groups whose
 * effect changed (back to the baseline included), in a stable order (service, then cluster).
 */
export class EffectPublisher {
  private readonly sink: StoreSink;
  private last = new Map<number, StoreClientEffect>();

  constructor(sink: StoreSink) {
    this.sink = sink;
  }

  baseline(effects: Map<number, StoreClientEffect>): void {
    this.last = effects;
    this.sink.baseline(sorted(effects));
  }

  publish(effects: Map<number, StoreClientEffect>): void {
    const changed: StoreClientEffect[] = [];
    for (const [k, e] of effects) {
      const before = this.last.get(k);
      if (before === undefined || before.errorRatio !== e.errorRatio || before.latencyS !== e.latencyS) changed.push(e);
    }
    this.last = effects;
    if (changed.length > 0) this.sink.changed(sorted(new Map(changed.map((e) => [groupKey(e.service, e.cluster), e]))));
  }
}

function sorted(effects: Map<number, StoreClientEffect>): StoreClientEffect[] {
  return [...effects.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}
