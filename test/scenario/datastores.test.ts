import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatError, parseScenario, type ScenarioError } from '../../src/scenario/index.js';
import {
  DEFAULT_CACHE_WARMUP_S,
  DEFAULT_COMMIT_TIME,
  DEFAULT_MANUAL_DELAY,
  DEFAULT_READ_TIME,
  memberZones,
} from '../../src/scenario/datastores.js';
import type { DistributionSpec, Scenario } from '../../src/scenario/types.js';

/**
 * Issue 17's state fields (workload.datastores, services[].stores and statefulSet, designs[].datastores):
 * the fixture resolves to the objects the semantics describe, defaults are the stated values, and
 * each cross-reference rule reports at the offending line with a hint.
 */

const FILE = 'test/fixtures/datastores-two-regions.yaml';
const BASE = readFileSync(FILE, 'utf8');

function ok(text: string): Scenario {
  const r = parseScenario(text, 'ds.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

function problems(text: string): readonly ScenarioError[] {
  const r = parseScenario(text, 'ds.yaml');
  return r.ok ? r.warnings : r.errors;
}

function edit(from: string, to: string, text = BASE): string {
  if (!text.includes(from)) throw new Error(`fixture changed: ${from} not found`);
  return text.replace(from, to);
}

const lineOf = (text: string, marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length;

/** The one problem whose message matches, asserted to be there. */
function one(text: string, message: RegExp): ScenarioError {
  const found = problems(text).filter((p) => message.test(p.message));
  expect(found.map(formatError)).toHaveLength(1);
  return found[0];
}

/** p99 of a lognormal spec, worked here from its definition: median × e^(σ z₀.₉₉), z₀.₉₉ = 2.3263. */
const p99 = (d: DistributionSpec) => (d.kind === 'lognormal' ? d.medianS * Math.exp(d.sigma * 2.3263478740408408) : NaN);

describe('resolution of the two-region fixture', () => {
  const s = ok(BASE);
  const [cartDb, payments, cache] = s.workload.datastores;

  it('validates without warnings', () => {
    expect(problems(BASE)).toEqual([]);
  });

  it('cart-db: every written field in base units, the rest defaulted', () => {
    expect(cartDb).toMatchObject({
      name: 'cart-db',
      description: 'Carts and orders (PostgreSQL with Patroni).',
      kind: 'primaryReplica',
      replication: 'async',
      dataClass: undefined,
      writeBytes: 2048,
      readBytes: 4096,
      semiSyncTimeoutS: 10,
      failover: { mode: 'automatic', detectionS: 30, promotionS: 10, reconnectS: 5, manualDelay: DEFAULT_MANUAL_DELAY, fencing: 'quorum' },
      memberFailures: { timeToFailure: { kind: 'exponential', meanS: 365 * 86_400 } },
      cache: undefined,
      memberPriceUsdPerHour: 0.25,
    });
    expect(cartDb.commitTime).toMatchObject({ kind: 'lognormal', medianS: 0.002 });
    expect(p99(cartDb.commitTime)).toBeCloseTo(0.01, 9);
    expect(p99(cartDb.readTime)).toBeCloseTo(0.01, 9);
    expect(cartDb.memberFailures!.timeToRepair).toMatchObject({ kind: 'lognormal', medianS: 1200 });
  });

  it('payments (quorum): replication sync, election-timeout detection 1 s and promotion 0; default commit and read times', () => {
    expect(payments).toMatchObject({ kind: 'quorum', replication: 'sync', writeBytes: 1024, readBytes: 4096, memberPriceUsdPerHour: 0.1, memberFailures: undefined, dataClass: undefined });
    expect(payments.failover).toEqual({ mode: 'automatic', detectionS: 1, promotionS: 0, reconnectS: 5, manualDelay: DEFAULT_MANUAL_DELAY, fencing: 'quorum' });
    expect(payments.commitTime).toEqual(DEFAULT_COMMIT_TIME);
    expect(payments.readTime).toEqual(DEFAULT_READ_TIME);
  });

  it('session-cache: hit ratio, warm-up and backing; unbilled', () => {
    expect(cache).toMatchObject({ kind: 'cache', cache: { hitRatio: 0.9, warmupS: 600, backing: 'cart-db' }, memberPriceUsdPerHour: undefined });
  });

  it('services: reads and writes per request (absent = 0), the StatefulSet of search, Deployments elsewhere', () => {
    const by = new Map(s.workload.services.map((x) => [x.name, x]));
    expect(by.get('web')!.stores).toEqual([{ store: 'session-cache', readsPerRequest: 1, writesPerRequest: 0 }]);
    expect(by.get('cart')!.stores).toEqual([
      { store: 'cart-db', readsPerRequest: 1, writesPerRequest: 0.3 },
      { store: 'payments', readsPerRequest: 0, writesPerRequest: 0.05 },
    ]);
    expect(by.get('catalog')!.stores).toEqual([]);
    expect(by.get('search')!.statefulSet).toEqual({ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: 600 });
    expect(by.get('cart')!.statefulSet).toBeUndefined();
  });

  it('designs: one placement per workload datastore in its order; zones kept as written (absent = undefined), roles, reads, perCluster', () => {
    const [primaryReads, nearestReads] = s.designs;
    expect(primaryReads.datastores).toEqual([
      {
        store: 'cart-db',
        members: [
          { cluster: 'eu-1', zone: 'eu-west-1a', role: 'primary' },
          { cluster: 'eu-1', zone: 'eu-west-1b', role: 'replica' },
          { cluster: 'us-1', zone: undefined, role: 'replica' },
        ],
        perCluster: false,
        reads: 'primary',
        witnessRegion: undefined,
      },
      {
        store: 'payments',
        members: [
          { cluster: 'eu-1', zone: 'eu-west-1a', role: 'primary' },
          { cluster: 'eu-1', zone: 'eu-west-1b', role: 'replica' },
          { cluster: 'us-1', zone: 'us-east-1a', role: 'replica' },
        ],
        perCluster: false,
        reads: 'primary',
        witnessRegion: undefined,
      },
      { store: 'session-cache', members: [], perCluster: true, reads: 'primary', witnessRegion: undefined },
    ]);
    expect(nearestReads.datastores.map((p) => [p.store, p.reads])).toEqual([
      ['cart-db', 'nearest'],
      ['payments', 'nearest'],
      ['session-cache', 'primary'],
    ]);
  });

  it('a design listing its stores in another order still gets them in workload order, with the witness', () => {
    const text = edit(
      `      - { store: session-cache, perCluster: true }
  - name: nearest-reads`,
      `        witness: us-east-1
  - name: nearest-reads`,
    ).replace('    datastores:\n      - store: cart-db', '    datastores:\n      - { store: session-cache, perCluster: true }\n      - store: cart-db');
    const d = ok(text).designs[0].datastores;
    expect(d.map((p) => p.store)).toEqual(['cart-db', 'payments', 'session-cache']);
    expect(d[1].witnessRegion).toBe('us-east-1');
  });
});

describe('defaults', () => {
  const minimal = edit(
    `      stores:
        - { store: cart-db, reads: 1, writes: 0.3 }
        - { store: payments, writes: 0.05 }`,
    `      stores:
        - { store: cart-db, reads: 1, writes: 0.3 }
        - { store: payments, writes: 0.05 }
        - { store: bare, reads: 0.5 }`,
  )
    .replace('  datastores:\n    - name: cart-db', '  datastores:\n    - { name: bare, kind: primaryReplica }\n    - name: cart-db')
    .replace(/    datastores:\n      - store: cart-db/g, '    datastores:\n      - { store: bare, members: [{ cluster: eu-1, role: primary }] }\n      - store: cart-db');

  it('a store with only name and kind: the stated defaults (2 KiB, 4 KiB, 1 ms/8 ms commit, 0.5 ms/5 ms read, async, Patroni 30 s + 10 s, 5 s reconnect, manual 30 min/4 h, quorum fencing, 10 s semi-sync)', () => {
    const s = ok(minimal);
    const bare = s.workload.datastores[0];
    expect(bare).toMatchObject({
      name: 'bare',
      description: '',
      replication: 'async',
      writeBytes: 2048,
      readBytes: 4096,
      semiSyncTimeoutS: 10,
      failover: { mode: 'automatic', detectionS: 30, promotionS: 10, reconnectS: 5, fencing: 'quorum' },
      memberFailures: undefined,
      cache: undefined,
      memberPriceUsdPerHour: undefined,
    });
    // The defaults' medians and p99s as the semantics state them, worked back from the fitted sigma.
    expect(bare.commitTime).toMatchObject({ kind: 'lognormal', medianS: 0.001 });
    expect(p99(bare.commitTime)).toBeCloseTo(0.008, 12);
    expect(bare.readTime).toMatchObject({ kind: 'lognormal', medianS: 0.0005 });
    expect(p99(bare.readTime)).toBeCloseTo(0.005, 12);
    expect(bare.failover.manualDelay).toMatchObject({ kind: 'lognormal', medianS: 1800 });
    expect(p99(bare.failover.manualDelay)).toBeCloseTo(4 * 3600, 6);
    // A member without role is a replica; without reads, the design reads the primary.
    expect(s.designs[0].datastores[0]).toEqual({ store: 'bare', members: [{ cluster: 'eu-1', zone: undefined, role: 'primary' }], perCluster: false, reads: 'primary', witnessRegion: undefined });
  });

  it('cache warm-up defaults to 10 min; manual failover keeps its own delay; semiSync keeps its timeout', () => {
    const s = ok(
      edit('cache: { hitRatio: 90%, warmup: 10m, backing: cart-db }', 'cache: { hitRatio: 80%, backing: cart-db }')
        .replace('        mode: automatic', '        mode: manual\n        manualDelay: { constant: 1h }')
        .replace('      replication: async', '      replication: semiSync\n      semiSyncTimeout: 3s')
        .replace('          - { cluster: eu-1, zone: eu-west-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary', '          - { cluster: eu-1, zone: eu-west-1b, role: syncStandby }\n          - { cluster: us-1, role: replica }\n        reads: primary')
        .replace('          - { cluster: eu-1, zone: eu-west-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: nearest', '          - { cluster: eu-1, zone: eu-west-1b, role: syncStandby }\n          - { cluster: us-1, role: replica }\n        reads: nearest'),
    );
    expect(s.workload.datastores[2].cache).toEqual({ hitRatio: 0.8, warmupS: DEFAULT_CACHE_WARMUP_S, backing: 'cart-db' });
    expect(DEFAULT_CACHE_WARMUP_S).toBe(600);
    expect(s.workload.datastores[0].failover).toMatchObject({ mode: 'manual', manualDelay: { kind: 'constant', valueS: 3600 } });
    expect(s.workload.datastores[0]).toMatchObject({ replication: 'semiSync', semiSyncTimeoutS: 3 });
    expect(s.designs[0].datastores[0].members[1].role).toBe('syncStandby');
  });

  it('statefulSet: true is every default (30 s attach, zonal volumes, nobody taints); false is a Deployment', () => {
    const t = ok(edit('statefulSet: { volumeAttach: 30s, zonalVolumes: true, outOfServiceAfter: 10m }', 'statefulSet: true'));
    expect(t.workload.services.find((x) => x.name === 'search')!.statefulSet).toEqual({ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: undefined });
    const p = ok(edit('statefulSet: { volumeAttach: 30s, zonalVolumes: true, outOfServiceAfter: 10m }', 'statefulSet: { volumeAttach: 2m, zonalVolumes: false }'));
    expect(p.workload.services.find((x) => x.name === 'search')!.statefulSet).toEqual({ volumeAttachS: 120, zonalVolumes: false, outOfServiceAfterS: undefined });
    const f = ok(edit('statefulSet: { volumeAttach: 30s, zonalVolumes: true, outOfServiceAfter: 10m }', 'statefulSet: false'));
    expect(f.workload.services.find((x) => x.name === 'search')!.statefulSet).toBeUndefined();
  });

  it('a store no design needs (its only user has 0 replicas in that design) resolves to an empty placement', () => {
    // cart (the only user of payments) scaled to 0 in the first design, which then does not place payments.
    const text = edit(
      `      - store: payments
        members:
          - { cluster: eu-1, zone: eu-west-1a, role: primary }
          - { cluster: eu-1, zone: eu-west-1b, role: replica }
          - { cluster: us-1, zone: us-east-1a, role: replica }
      - { store: session-cache, perCluster: true }
  - name: nearest-reads`,
      `      - { store: session-cache, perCluster: true }
    overrides:
      services: [ { name: cart, replicas: 0 } ]
  - name: nearest-reads`,
    );
    const s = ok(text);
    expect(s.designs[0].datastores[1]).toEqual({ store: 'payments', members: [], perCluster: false, reads: 'primary', witnessRegion: undefined });
    expect(s.designs[0].datastores).toHaveLength(3);
  });

  it("a design's service overrides keep the services' stores and StatefulSet", () => {
    const s = ok(edit('    datastores:\n      - store: cart-db', '    overrides:\n      services: [ { name: cart, replicas: 2 }, { name: search, replicas: 5 } ]\n    datastores:\n      - store: cart-db'));
    const own = s.designs[0].infrastructure!.services;
    const base = s.workload.services;
    expect(own.find((x) => x.name === 'cart')!.replicas).toBe(2);
    expect(own.find((x) => x.name === 'cart')!.stores).toEqual(base.find((x) => x.name === 'cart')!.stores);
    expect(own.find((x) => x.name === 'cart')!.stores).toHaveLength(2);
    expect(own.find((x) => x.name === 'search')!.statefulSet).toEqual({ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: 600 });
  });

  it('memberZones: an explicit zone, else the k-th member of a cluster takes its zone k mod n', () => {
    const zones = (c: string) => (c === 'eu-1' ? ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] : ['us-east-1a', 'us-east-1b']);
    const m = (cluster: string, zone?: string) => ({ cluster, zone, role: 'replica' as const });
    expect(memberZones([m('eu-1', 'eu-west-1a'), m('eu-1'), m('us-1'), m('us-1'), m('us-1'), m('eu-1', 'eu-west-1a')], zones)).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'us-east-1a',
      'us-east-1b',
      'us-east-1a',
      'eu-west-1a',
    ]);
  });
});

describe('a scenario without the state fields', () => {
  it('resolves exactly as the same scenario with them, minus them: the new fields touch nothing else', () => {
    const doc = parse(BASE);
    delete doc.workload.datastores;
    for (const sv of doc.workload.services) {
      delete sv.stores;
      delete sv.statefulSet;
    }
    for (const d of doc.designs) delete d.datastores;
    const without = ok(stringify(doc));
    const withFields = ok(BASE);
    expect(without.workload.datastores).toEqual([]);
    expect(without.workload.services.every((x) => x.stores.length === 0 && x.statefulSet === undefined)).toBe(true);
    expect(without.designs.every((d) => d.datastores.length === 0)).toBe(true);
    const erased: Scenario = {
      ...withFields,
      workload: { ...withFields.workload, datastores: [], services: withFields.workload.services.map((x) => ({ ...x, stores: [], statefulSet: undefined })) },
      designs: withFields.designs.map((d) => ({ ...d, datastores: [] })),
    };
    expect(without).toEqual(erased);
  });

  it('a bundled scenario that does not use them has no stores, no StatefulSets and no placements', () => {
    for (const f of ['anycast-three-regions']) {
      const s = ok(readFileSync(`scenarios/${f}.yaml`, 'utf8'));
      expect(s.workload.datastores).toEqual([]);
      expect(s.workload.services.flatMap((x) => [...x.stores, ...(x.statefulSet ? [x.statefulSet] : [])])).toEqual([]);
      expect(s.designs.flatMap((d) => d.datastores)).toEqual([]);
    }
  });
});

describe('mistakes, at their line with a hint', () => {
  it('a duplicate datastore name', () => {
    const text = edit('    - name: payments', '    - name: cart-db');
    const e = one(text, /duplicate datastore name "cart-db"/);
    expect(e.path).toBe('workload.datastores[1].name');
    expect(e.line).toBe(lineOf(text, '    - name: cart-db\n      description: Payment'));
  });

  it('a service using an unknown store: the names to choose from and a did-you-mean', () => {
    const text = edit('{ store: cart-db, reads: 1, writes: 0.3 }', '{ store: cart-bd, reads: 1, writes: 0.3 }');
    const e = one(text, /unknown datastore/);
    expect(e.path).toBe('workload.services[3].stores[0].store');
    expect(e.line).toBe(lineOf(text, 'cart-bd'));
    expect(e.expected).toMatch(/cart-db, payments, session-cache/);
    expect(e.hint).toMatch(/did you mean "cart-db"/);
  });

  it('a service that neither reads nor writes a store, and one that lists a store twice', () => {
    const text = edit('{ store: payments, writes: 0.05 }', '{ store: payments }');
    const e = one(text, /neither reads nor writes/);
    expect(e.line).toBe(lineOf(text, '{ store: payments }'));
    expect(e.hint).toMatch(/reads: 1/);
    const twice = edit('        - { store: payments, writes: 0.05 }', '        - { store: payments, writes: 0.05 }\n        - { store: payments, reads: 1 }');
    const t = one(twice, /lists store "payments" twice/);
    expect(t.path).toBe('workload.services[3].stores[2].store');
    expect(t.hint).toMatch(/one entry/);
  });

  it('a cache written: an error that says to write to its backing store', () => {
    const text = edit('{ store: session-cache, reads: 1 }', '{ store: session-cache, reads: 1, writes: 0.1 }');
    const e = one(text, /is a cache: it is not written/);
    expect(e.path).toBe('workload.services[0].stores[0].writes');
    expect(e.line).toBe(lineOf(text, 'writes: 0.1'));
    expect(e.hint).toMatch(/write to its backing store "cart-db"/);
  });

  it('a design that runs a service using a store it does not place', () => {
    const text = edit('      - { store: session-cache, perCluster: true }\n  - name: nearest-reads', '  - name: nearest-reads');
    const e = one(text, /does not place datastore "session-cache"/);
    expect(e.path).toBe('designs[0].datastores');
    expect(e.message).toMatch(/service "web" uses it/);
    expect(e.line).toBe(lineOf(text, '      - store: cart-db'));
    expect(e.hint).toMatch(/perCluster: true/);
  });

  it("a cache's backing store must be placed too, even when no service uses it directly", () => {
    // Only web (through the cache) needs cart-db once cart is gone from the first design.
    const text = edit(
      `    datastores:
      - store: cart-db
        members:
          - { cluster: eu-1, zone: eu-west-1a, role: primary }
          - { cluster: eu-1, zone: eu-west-1b, role: replica }
          - { cluster: us-1, role: replica }
        reads: primary
      - store: payments`,
      `    overrides:
      services: [ { name: cart, replicas: 0 } ]
    datastores:
      - store: payments`,
    );
    const e = one(text, /does not place datastore "cart-db"/);
    expect(e.message).toMatch(/cache "session-cache" \(used by "web"\) reads it on a miss/);
    expect(e.path).toBe('designs[0].datastores');
  });

  it('an unknown store in a placement, and a store placed twice', () => {
    const text = edit('      - { store: session-cache, perCluster: true }\n  - name: nearest-reads', '      - { store: session-cash, perCluster: true }\n  - name: nearest-reads');
    const e = problems(text).find((p) => /unknown datastore/.test(p.message))!;
    expect(e.path).toBe('designs[0].datastores[2].store');
    expect(e.line).toBe(lineOf(text, 'session-cash'));
    expect(e.hint).toMatch(/session-cache/);
    const twice = edit('      - { store: session-cache, perCluster: true }\n  - name: nearest-reads', '      - { store: session-cache, perCluster: true }\n      - { store: session-cache, perCluster: true }\n  - name: nearest-reads');
    const t = one(twice, /places store "session-cache" twice/);
    expect(t.path).toBe('designs[0].datastores[3].store');
  });

  it('no primary, or two', () => {
    const none = edit('          - { cluster: eu-1, zone: eu-west-1a, role: primary }\n          - { cluster: eu-1, zone: eu-west-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary', '          - { cluster: eu-1, zone: eu-west-1a, role: replica }\n          - { cluster: eu-1, zone: eu-west-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary');
    const e = one(none, /has no primary member/);
    expect(e.path).toBe('designs[0].datastores[0].members');
    expect(e.hint).toMatch(/role: primary/);
    const two = edit('          - { cluster: us-1, role: replica }\n        reads: primary', '          - { cluster: us-1, role: primary }\n        reads: primary');
    const t = one(two, /has 2 primary members/);
    expect(t.path).toBe('designs[0].datastores[0].members[2].role');
    expect(t.line).toBe(lineOf(two, '{ cluster: us-1, role: primary }'));
  });

  it('a syncStandby under async replication, and sync replication without a syncStandby', () => {
    const standby = edit('          - { cluster: us-1, role: replica }\n        reads: primary', '          - { cluster: us-1, role: syncStandby }\n        reads: primary');
    const e = one(standby, /syncStandby needs replication sync or semiSync/);
    expect(e.path).toBe('designs[0].datastores[0].members[2].role');
    expect(e.line).toBe(lineOf(standby, 'role: syncStandby'));
    expect(e.hint).toMatch(/replication: sync/);
    const sync = edit('      replication: async', '      replication: sync');
    const errs = problems(sync).filter((p) => /replicates sync but has no syncStandby/.test(p.message));
    expect(errs.map((x) => x.path)).toEqual(['designs[0].datastores[0].members', 'designs[1].datastores[0].members']);
    expect(errs[0].hint).toMatch(/role: syncStandby/);
  });

  it('quorum voters: 1 is an error, 2 a warning, 2 with a witness is enough', () => {
    const three = '          - { cluster: eu-1, zone: eu-west-1a, role: primary }\n          - { cluster: eu-1, zone: eu-west-1b, role: replica }\n          - { cluster: us-1, zone: us-east-1a, role: replica }\n      - { store: session-cache, perCluster: true }\n  - name: nearest-reads';
    const oneVoter = edit(three, '          - { cluster: eu-1, zone: eu-west-1a, role: primary }\n      - { store: session-cache, perCluster: true }\n  - name: nearest-reads');
    const e = one(oneVoter, /has 1 voter/);
    expect(e.severity).toBe('error');
    expect(e.path).toBe('designs[0].datastores[1].members');
    expect(e.hint).toMatch(/witness/);
    const two = edit(three, '          - { cluster: eu-1, zone: eu-west-1a, role: primary }\n          - { cluster: us-1, zone: us-east-1a, role: replica }\n      - { store: session-cache, perCluster: true }\n  - name: nearest-reads');
    const w = one(two, /has 2 voters/);
    expect(w.severity).toBe('warning');
    expect(parseScenario(two, 'x').ok).toBe(true);
    const witnessed = two.replace('role: replica }\n      - { store: session-cache', 'role: replica }\n        witness: us-east-1\n      - { store: session-cache');
    expect(problems(witnessed)).toEqual([]);
  });

  it('a quorum store with replication or a syncStandby', () => {
    const text = edit('      kind: quorum', '      kind: quorum\n      replication: sync');
    const e = one(text, /replication applies to primaryReplica stores only/);
    expect(e.path).toBe('workload.datastores[1].replication');
    expect(e.line).toBe(lineOf(text, '      replication: sync'));
    const sb = edit('          - { cluster: us-1, zone: us-east-1a, role: replica }\n      - { store: session-cache, perCluster: true }\n  - name: nearest-reads', '          - { cluster: us-1, zone: us-east-1a, role: syncStandby }\n      - { store: session-cache, perCluster: true }\n  - name: nearest-reads');
    expect(one(sb, /quorum store has no sync standbys/).path).toBe('designs[0].datastores[1].members[2].role');
  });

  it('caches: no cache block, an unknown backing, a backing that is a cache, both perCluster and members, neither', () => {
    const noBlock = edit('      cache: { hitRatio: 90%, warmup: 10m, backing: cart-db }\n', '');
    const e = one(noBlock, /has no cache block/);
    expect(e.path).toBe('workload.datastores[2]');
    expect(e.hint).toMatch(/hitRatio/);
    const unknown = edit('backing: cart-db }', 'backing: cart-dv }');
    const u = one(unknown, /unknown datastore "cart-dv"/);
    expect(u.path).toBe('workload.datastores[2].cache.backing');
    expect(u.line).toBe(lineOf(unknown, 'backing: cart-dv'));
    expect(u.hint).toMatch(/cart-db/);
    const self = edit('backing: cart-db }', 'backing: session-cache }');
    expect(one(self, /backed by "session-cache", another cache/).expected).toMatch(/cart-db, payments/);
    const both = edit('      - { store: session-cache, perCluster: true }\n  - name: nearest-reads', '      - { store: session-cache, perCluster: true, members: [ { cluster: eu-1 } ] }\n  - name: nearest-reads');
    expect(one(both, /perCluster or members .*not both/).path).toBe('designs[0].datastores[2].members');
    const neither = edit('      - { store: session-cache, perCluster: true }\n  - name: nearest-reads', '      - { store: session-cache }\n  - name: nearest-reads');
    const n = one(neither, /cache "session-cache" has no members/);
    expect(n.line).toBe(lineOf(neither, '{ store: session-cache }'));
    expect(n.hint).toMatch(/perCluster: true/);
  });

  it('a cache block on a store that is not a cache; perCluster on a primaryReplica store', () => {
    const text = edit('      kind: quorum', '      kind: quorum\n      cache: { hitRatio: 50%, backing: cart-db }');
    expect(one(text, /cache applies to kind cache only/).path).toBe('workload.datastores[1].cache');
    const pc = edit('        reads: primary\n      - store: payments', '        reads: primary\n        perCluster: true\n      - store: payments');
    const e = one(pc, /perCluster applies to caches only/);
    expect(e.path).toBe('designs[0].datastores[0].perCluster');
  });

  it('a member zone outside its cluster\'s region, an unknown member cluster, a witness that is not a topology region', () => {
    const zone = edit('          - { cluster: eu-1, zone: eu-west-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary', '          - { cluster: eu-1, zone: us-east-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary');
    const z = one(zone, /zone "us-east-1b" is not a zone of region "eu-west-1"/);
    expect(z.path).toBe('designs[0].datastores[0].members[1].zone');
    expect(z.line).toBe(lineOf(zone, 'zone: us-east-1b'));
    expect(z.expected).toMatch(/eu-west-1a, eu-west-1b, eu-west-1c/);
    expect(z.hint).toMatch(/"us-east-1b" is in region "us-east-1"/);
    const typo = edit('zone: eu-west-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary', 'zone: eu-wset-1b, role: replica }\n          - { cluster: us-1, role: replica }\n        reads: primary');
    expect(one(typo, /zone "eu-wset-1b" is not a zone/).hint).toMatch(/did you mean "eu-west-1b"/);
    const cl = edit('          - { cluster: us-1, role: replica }\n        reads: primary', '          - { cluster: us-2, role: replica }\n        reads: primary');
    const c = one(cl, /unknown cluster "us-2"/);
    expect(c.path).toBe('designs[0].datastores[0].members[2].cluster');
    expect(c.hint).toMatch(/us-1/);
    const w = edit('        reads: primary\n      - store: payments', '        reads: primary\n        witness: eu-central-2\n      - store: payments');
    const we = one(w, /witness region "eu-central-2" is not a topology region/);
    expect(we.line).toBe(lineOf(w, 'witness: eu-central-2'));
    expect(we.hint).toMatch(/eu-west-1, us-east-1/);
  });

  it('an unknown data class on a store', () => {
    const text = edit('      kind: primaryReplica\n      replication: async', '      kind: primaryReplica\n      dataClass: personal-eu\n      replication: async');
    const e = one(text, /unknown data class "personal-eu"/);
    expect(e.path).toBe('workload.datastores[0].dataClass');
  });

  it('warnings: an unused store, semiSyncTimeout without semiSync, manualDelay with automatic failover', () => {
    const unused = edit('        - { store: payments, writes: 0.05 }\n', '');
    const w = one(unused, /"payments" is used by no service/);
    expect(w.severity).toBe('warning');
    expect(w.path).toBe('workload.datastores[1].name');
    expect(parseScenario(unused, 'x').ok).toBe(true);
    const semi = edit('      replication: async', '      replication: async\n      semiSyncTimeout: 5s');
    expect(one(semi, /semiSyncTimeout applies to replication: semiSync only/).severity).toBe('warning');
    const manual = edit('        mode: automatic', '        mode: automatic\n        manualDelay: 1h');
    expect(one(manual, /manualDelay applies to failover mode manual only/).severity).toBe('warning');
  });

  it('shapes and units: a bad size, an unknown kind, an unknown key, statefulSet neither true nor an object', () => {
    const size = edit('      writeBytes: 2KiB', '      writeBytes: two pages');
    const s = problems(size).find((p) => p.path === 'workload.datastores[0].writeBytes')!;
    expect(s.line).toBe(lineOf(size, 'two pages'));
    expect(s.message).toMatch(/invalid size/);
    const kind = edit('      kind: primaryReplica', '      kind: leaderFollower');
    expect(problems(kind).find((p) => p.path === 'workload.datastores[0].kind')?.line).toBe(lineOf(kind, 'leaderFollower'));
    const key = edit('        reads: primary\n      - store: payments', '        read: primary\n      - store: payments');
    const k = problems(key).find((p) => /unknown key "read"/.test(p.message))!;
    expect(k.path).toBe('designs[0].datastores[0].read');
    expect(k.line).toBe(lineOf(key, '        read: primary'));
    const sts = edit('statefulSet: { volumeAttach: 30s, zonalVolumes: true, outOfServiceAfter: 10m }', 'statefulSet: yes please');
    const st = problems(sts).find((p) => p.path === 'workload.services[2].statefulSet')!;
    expect(st.line).toBe(lineOf(sts, 'statefulSet: yes'));
    expect(st.expected).toMatch(/true \(every default\)/);
  });
});
