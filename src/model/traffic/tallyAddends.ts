/** The tallies a pool adds to on the closed-form path, in the order of TallyAddends' rows. */
const FIELDS = ['deadEndpoint', 'shed', 'impaired', 'noReplica', 'residency'] as const;

/** The load flow's tallies that these addends sum into (LoadFlow's LoadTally has them). */
export type AddedTallies = Record<(typeof FIELDS)[number], number>;

/**
 * What each pool's last visit added to the load flow's failure tallies (0 when it was idle: a pool a
 * pass does not visit was idle at its last visit), so that a delta pass, which visits only some
 * clusters, can sum every pool's share again in a whole pass's order (LoadFlow.fleetPass) and get
 * the tallies a whole pass would, bit for bit.
 */
export class TallyAddends {
  /** One row per tally, in FIELDS' order, one entry per group (service × clusterCount + cluster). */
  private readonly deadEndpoint: Float64Array;
  private readonly shed: Float64Array;
  private readonly impaired: Float64Array;
  private readonly noReplica: Float64Array;
  private readonly residencyRow: Float64Array;
  /** Per row: how many entries are not 0 (a row of zeros sums to 0 without a fold). */
  private readonly nonzero = new Int32Array(FIELDS.length);

  constructor(groups: number) {
    this.deadEndpoint = new Float64Array(groups);
    this.shed = new Float64Array(groups);
    this.impaired = new Float64Array(groups);
    this.noReplica = new Float64Array(groups);
    this.residencyRow = new Float64Array(groups);
  }

  /** A pool the pass left idle: it adds nothing. */
  idle(group: number): void {
    this.busy(group, 0, 0, 0, 0);
    this.residency(group, 0);
  }

  /** A busy pool's additions on the closed-form path (residency apart: kept on every path). */
  busy(group: number, deadEndpoint: number, shed: number, impaired: number, noReplica: number): void {
    this.keep(this.deadEndpoint, 0, group, deadEndpoint);
    this.keep(this.shed, 1, group, shed);
    this.keep(this.impaired, 2, group, impaired);
    this.keep(this.noReplica, 3, group, noReplica);
  }

  residency(group: number, value: number): void {
    this.keep(this.residencyRow, 4, group, value);
  }

  /** A pass visits every busy pool: one comparison per row keeps the non-zero counts. */
  private keep(row: Float64Array, field: number, group: number, value: number): void {
    if (row[group] !== 0 !== (value !== 0)) this.nonzero[field] += value !== 0 ? 1 : -1;
    row[group] = value;
  }

  /**
   * Set the tallies to the sums of the kept addends as a whole pass adds them: service by service in
   * `order`, clusters ascending. Zeros are skipped: the running sum starts at +0 and is never −0, so
   * adding ±0 leaves it as it is (and a long chain of dependent additions is what costs).
   */
  sumInto(tally: AddedTallies, order: readonly number[], clusterCount: number): void {
    const rows = [this.deadEndpoint, this.shed, this.impaired, this.noReplica, this.residencyRow];
    for (let f = 0; f < FIELDS.length; f++) tally[FIELDS[f]] = this.nonzero[f] === 0 ? 0 : foldInOrder(rows[f], order, clusterCount);
  }
}

function foldInOrder(values: Float64Array, order: readonly number[], C: number): number {
  let sum = 0;
  for (let ti = 0; ti < order.length; ti++) {
    const base = order[ti] * C;
    for (let c = 0; c < C; c++) {
      const v = values[base + c];
      if (v !== 0) sum += v;
    }
  }
  return sum;
}
