import { createStream } from '../../engine/rng.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { FaultEpisode } from '../faults/episode.js';
import { cacheWarming } from './cache.js';
import { buildRoutes, type ClientRoute } from './clientRoutes.js';
import { EffectPublisher, groupEffects } from './effects.js';
import { Failover } from './failover.js';
import { FleetView } from './fleetView.js';
import { layoutStores, type StoreLayout } from './layout.js';
import { MemberFailures } from './memberFailures.js';
import { StoreAccounts } from './outcome.js';
import { lagS } from './replicationLag.js';
import { readRoute, storeTimes, type StoreTimes } from './routes.js';
import { SemiSyncGuard } from './semiSync.js';
import { ServiceDemand } from './serviceDemand.js';
import { createStoreState, refreshAccepting, refreshUp, type StoreState } from './storeState.js';
import { carryStretch } from './stretch.js';
import { storeTimer } from './timers.js';
import type { DatastoreOutcome, StoreSink, StoreWorld } from './types.js';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/** What a day of carryStretch changes in a store, besides its counters. */
interface DayState {
  readonly backlogBytes: Float64Array;
  readonly staleS: Float64Array;
  readonly splitBrainWrites: number;
}

function dayState(st: StoreState): DayState {
  return { backlogBytes: st.backlogBytes.slice(), staleS: st.staleS.slice(), splitBrainWrites: st.splitBrainWrites };
}

/** Whether the store is where it was at the day's start (bit for bit: then the next day is the same day). */
function sameDayState(st: StoreState, d: DayState): boolean {
  for (let m = 0; m < d.backlogBytes.length; m++) if (st.backlogBytes[m] !== d.backlogBytes[m] || st.staleS[m] !== d.staleS[m]) return false;
  return true;
}

/** Fault kinds that move store members or the links between them. */
const FELT = new Set(['zone', 'region', 'cluster', 'link']);

/**
 * The datastores of one design in one replication (docs/state.md): members up or down with the
 * fleet's zone, region and cluster faults, link partitions and their own failures; replication
 * backlogs as fluid queues fed by the users' diurnal write rate; failover with its RTO and RPO; caches
 * refilling; and what each service's requests feel (StoreSink). Between events everything is
 * carried forward lazily, stretch by stretch of constant demand, when the next event comes.
 */
export class DatastoreRuntime {
  private readonly world: StoreWorld;
  private readonly view: FleetView;
  private readonly demand: ServiceDemand;
  private readonly layouts: StoreLayout[];
  private readonly states: StoreState[];
  private readonly times: StoreTimes[];
  private readonly accounts: StoreAccounts[];
  private readonly failovers: (Failover | null)[];
  private readonly semis: SemiSyncGuard[];
  /** Per cache store: the index (in layouts) of its backing store; −1: not a cache, or the backing store is not placed. */
  private readonly backingOf: number[];
  private routes: ClientRoute[][] = [];
  private readonly publisher: EffectPublisher;
  private readonly rates: Float64Array;
  private readonly tickPending: Uint8Array;
  private readonly CACHE_TICK: number;
  /** Schedules the members' own failures; it calls back into onEvent. */
  private readonly memberFailures: MemberFailures;
  private lastS = 0;

  constructor(world: StoreWorld, sink: StoreSink) {
    this.world = world;
    const { sim, fleet, scenario, design } = world;
    this.view = new FleetView(fleet);
    this.demand = new ServiceDemand(scenario);
    this.rates = new Float64Array(this.demand.serviceCount);
    this.layouts = layoutStores(fleet, scenario, design.datastores, world.clientClusters);
    this.states = this.layouts.map(createStoreState);
    this.times = this.states.map(storeTimes);
    this.accounts = this.layouts.map((l) => new StoreAccounts(toDistribution(l.spec.commitTime)));
    this.backingOf = this.layouts.map((l) => (l.spec.cache === undefined ? -1 : this.layouts.findIndex((b) => b.spec.name === l.spec.cache!.backing)));
    const FAILOVER = sim.register('datastores/failoverStep', (i) => this.onEvent(() => this.failovers[i]!.step(sim.now)));
    const SEMI = sim.register('datastores/semiSyncTimeout', (i) => this.onEvent(() => this.semis[i].timedOut()));
    this.CACHE_TICK = sim.register('datastores/cacheRefill', (i) => this.onEvent(() => (this.tickPending[i] = 0)));
    this.tickPending = new Uint8Array(this.layouts.length);
    this.failovers = this.states.map((st, i) => (st.layout.spec.kind === 'cache' ? null : new Failover(st, this.view, storeTimer(sim, FAILOVER, i), this.manualDelay(st))));
    this.semis = this.states.map((st, i) => new SemiSyncGuard(st, this.view, storeTimer(sim, SEMI, i)));
    this.memberFailures = new MemberFailures(sim, this.layouts, world.seed, world.replication, world.horizonS, (store, member, delta) =>
      this.onEvent(() => (this.states[store].ownDown[member] += delta)),
    );
    this.publisher = new EffectPublisher(sink);
    this.refresh();
    this.publisher.baseline(groupEffects(this.routes, this.times));
  }

  /** Operator delays of a manual failover, from the store's own stream (the same in every design). */
  private manualDelay(st: StoreState): () => number {
    const spec = st.layout.spec;
    if (spec.failover.mode !== 'manual') return () => 0;
    const rng = createStream(this.world.seed, this.world.replication, `datastores/${spec.name}/manual`);
    const d = toDistribution(spec.failover.manualDelay);
    return () => d.sample(rng);
  }

  /** A fleet fault starts (+1) or ends (−1): zone, region, cluster and link faults move members. */
  onFault(ep: FaultEpisode, delta: 1 | -1): void {
    if (!FELT.has(ep.kind) || this.layouts.length === 0) return;
    this.onEvent(() => this.view.apply(ep, delta));
  }

  /** Carry every store to now under the old state, apply the change, re-derive, publish what changed. */
  private onEvent(change: () => unknown): void {
    this.advanceTo(this.world.sim.now);
    change();
    this.refresh();
    this.publisher.publish(groupEffects(this.routes, this.times));
  }

  private refresh(): void {
    const now = this.world.sim.now;
    this.states.forEach((st, i) => {
      refreshUp(st, this.view, now);
      this.semis[i].check();
      refreshAccepting(st, this.view);
      const f = this.failovers[i];
      if (f !== null) {
        f.check(now);
        refreshAccepting(st, this.view);
      }
    });
    this.rebuildRoutes(now);
    this.scheduleCacheTicks(now);
  }

  /** Primary/replica and quorum stores first: a cache's misses read its backing store's current route. */
  private rebuildRoutes(now: number): void {
    const routes: ClientRoute[][] = new Array(this.states.length);
    const isCache = (i: number) => Number(this.layouts[i].spec.kind === 'cache');
    const order = this.states.map((_, i) => i).sort((a, b) => isCache(a) - isCache(b) || a - b);
    for (const i of order) {
      const b = this.backingOf[i];
      const backing = b >= 0 ? (cluster: number) => readRoute(this.states[b], this.view, cluster, this.times[b]) : undefined;
      routes[i] = buildRoutes(this.states[i], this.view, this.world.clientClusters, this.times[i], now, backing);
    }
    this.routes = routes;
  }

  /** While a cache refills, its hit ratio climbs: re-evaluate every eighth of its warm-up time. */
  private scheduleCacheTicks(now: number): void {
    this.states.forEach((st, i) => {
      if (this.tickPending[i] === 1 || !cacheWarming(st, now)) return;
      this.tickPending[i] = 1;
      this.world.sim.after(st.layout.spec.cache!.warmupS / 8, this.CACHE_TICK, i);
    });
  }

  /** Carry every store from the last event to `t`, stretch by stretch of constant demand; recorded only after the warm-up. */
  private advanceTo(t: number): void {
    const w = this.world.warmupS;
    if (this.lastS < w && t > w) {
      this.carry(this.lastS, w, false);
      this.carry(w, t, true);
    } else if (t > this.lastS) this.carry(this.lastS, t, this.lastS >= w);
    if (t > this.lastS) this.lastS = t;
  }

  /**
   * Carry every store through [t0, t1), in which nothing but demand changes. Demand repeats every
   * 24 hours from any hour (demand.ts), so once a whole day leaves every store as it found it (backlogs and missed
   * seconds: carryStretch's only state besides counters), every later whole day adds exactly what it
   * added: that day is counted again as many times as fit (docs/state.md, "Quiet days"). The days
   * are added through a day's own accounts, merged into the store's.
   */
  private carry(t0: number, t1: number, record: boolean): void {
    let a = t0;
    // Demand repeats every 24 hours from any hour: the first "day" starts at the first hour.
    const firstDayS = Math.ceil(t0 / HOUR_S) * HOUR_S;
    if (this.world.repeatQuietDays !== false && t1 - firstDayS >= 2 * DAY_S && !this.demand.breaksBetweenHours(firstDayS, t1)) {
      this.carryPieces(a, firstDayS, record ? this.accounts : null);
      a = firstDayS;
      while (t1 - a >= 2 * DAY_S) {
        const before = this.states.map(dayState);
        const day = record ? this.accounts.map((acc) => acc.empty()) : null;
        this.carryPieces(a, a + DAY_S, day);
        a += DAY_S;
        const again = this.states.every((st, i) => sameDayState(st, before[i])) ? Math.floor((t1 - a) / DAY_S) : 0;
        if (day !== null) day.forEach((d, i) => this.accounts[i].addTimes(d, 1 + again));
        this.states.forEach((st, i) => (st.splitBrainWrites += again * (st.splitBrainWrites - before[i].splitBrainWrites)));
        a += again * DAY_S;
      }
    }
    this.carryPieces(a, t1, record ? this.accounts : null);
  }

  private carryPieces(t0: number, t1: number, accounts: readonly StoreAccounts[] | null): void {
    this.demand.forEachPiece(t0, t1, this.rates, (a, b) => {
      this.states.forEach((st, i) => carryStretch(st, this.view, this.routes[i], this.rates, b - a, accounts !== null ? accounts[i] : null));
    });
  }

  /** Replication lag of member `member` of store `store` now (seconds); for tests and reports. NaN: not placed. */
  lagS(store: string, member: number): number {
    const i = this.layouts.findIndex((l) => l.spec.name === store);
    if (i < 0) return Number.NaN;
    this.advanceTo(this.world.sim.now);
    return lagS(this.states[i], this.view, member);
  }

  /** After the run: one outcome per store the design places (workload order). */
  result(): DatastoreOutcome[] {
    const { horizonS, warmupS } = this.world;
    this.advanceTo(Math.max(horizonS, this.lastS));
    const hours = Math.max(0, horizonS - warmupS) / 3600;
    return this.layouts.map((l, i) => {
      const f = this.failovers[i];
      f?.finish();
      return this.accounts[i].outcome(l.spec.name, l.spec.kind, f?.result(warmupS) ?? [], l.members.length * hours);
    });
  }
}
