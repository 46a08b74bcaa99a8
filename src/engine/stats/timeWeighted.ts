/**
 * Time-weighted average of a piecewise-constant signal (queue length, ready replicas, a 0/1 "up"
 * flag): each value counts for as long as it held.
 */
export class TimeWeighted {
  private lastTimeS: number;
  private value: number;
  private areaTotal = 0;
  private readonly startTimeS: number;
  min: number;
  max: number;

  constructor(startTimeS = 0, initialValue = 0) {
    this.startTimeS = startTimeS;
    this.lastTimeS = startTimeS;
    this.value = initialValue;
    this.min = initialValue;
    this.max = initialValue;
  }

  /** The signal changes to `value` at `timeS` (not before the previous change). */
  update(timeS: number, value: number): void {
    if (timeS < this.lastTimeS) throw new RangeError(`time-weighted update at ${timeS} s is before ${this.lastTimeS} s`);
    this.areaTotal += this.value * (timeS - this.lastTimeS);
    this.lastTimeS = timeS;
    this.value = value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  get current(): number {
    return this.value;
  }

  /** Integral of the signal from the start to `timeS`. */
  area(timeS: number): number {
    if (timeS < this.lastTimeS) throw new RangeError(`time-weighted read at ${timeS} s is before ${this.lastTimeS} s`);
    return this.areaTotal + this.value * (timeS - this.lastTimeS);
  }

  /** Average over [start, timeS]; the current value if no time has passed. */
  mean(timeS: number): number {
    const span = timeS - this.startTimeS;
    return span > 0 ? this.area(timeS) / span : this.value;
  }
}
