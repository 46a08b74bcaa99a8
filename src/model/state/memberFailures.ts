import type { Distribution } from '../../engine/distributions.js';
import { createStream, type RandomStream } from '../../engine/rng.js';
import type { Simulator } from '../../engine/simulator.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { StoreLayout } from './layout.js';

interface MemberProcess {
  readonly store: number;
  readonly member: number;
  readonly rng: RandomStream;
  readonly up: Distribution;
  readonly down: Distribution;
}

/**
 * Store members' own failures (memberFailures: the instance or its disk), an alternating renewal
 * process per member: up for a timeToFailure draw, down for a timeToRepair draw, and so on. Each
 * member draws from its own stream `datastores/<store>/member-<i>`, named by the member's index in the
 * placement, so every design that has a member i of the store sees the same failures (common random
 * numbers). The first failure of each member is scheduled at set-up, each next one when the previous
 * repair ends: the draws come in the same order as a pre-generated schedule's.
 */
export class MemberFailures {
  private readonly processes: MemberProcess[] = [];
  private readonly FAIL: number;
  private readonly REPAIR: number;

  constructor(
    private readonly sim: Simulator,
    stores: readonly StoreLayout[],
    seed: string | number,
    replication: number,
    private readonly horizonS: number,
    private readonly changed: (store: number, member: number, delta: 1 | -1) => void,
  ) {
    this.FAIL = sim.register('datastores/memberFails', (id) => this.onFail(id));
    this.REPAIR = sim.register('datastores/memberRepaired', (id) => this.onRepair(id));
    stores.forEach((layout, store) => {
      const f = layout.spec.memberFailures;
      if (f === undefined) return;
      const up = toDistribution(f.timeToFailure);
      const down = toDistribution(f.timeToRepair);
      layout.members.forEach((_, member) => {
        const rng = createStream(seed, replication, `datastores/${layout.spec.name}/member-${member}`);
        this.processes.push({ store, member, rng, up, down });
      });
    });
    this.processes.forEach((p, id) => this.scheduleFailure(id, 0));
  }

  private scheduleFailure(id: number, fromS: number): void {
    const p = this.processes[id];
    const t = fromS + p.up.sample(p.rng);
    if (t < this.horizonS) this.sim.at(t, this.FAIL, id);
  }

  private onFail(id: number): void {
    const p = this.processes[id];
    // Never zero: a repair at the failure's instant would reorder with it (as the fleet's processes do).
    const d = Math.max(p.down.sample(p.rng), 1e-6);
    this.changed(p.store, p.member, 1);
    const t = this.sim.now + d;
    if (t < this.horizonS) this.sim.at(t, this.REPAIR, id);
  }

  private onRepair(id: number): void {
    const p = this.processes[id];
    this.changed(p.store, p.member, -1);
    this.scheduleFailure(id, this.sim.now);
  }
}
