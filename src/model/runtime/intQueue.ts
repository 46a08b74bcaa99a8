/** A growable FIFO of integers (ring buffer); no allocation per push once grown. */
export class IntQueue {
  private items: Float64Array;
  private head = 0;
  private count = 0;

  constructor(capacity = 16) {
    this.items = new Float64Array(Math.max(4, 1 << Math.ceil(Math.log2(Math.max(4, capacity)))));
  }

  get length(): number {
    return this.count;
  }

  push(x: number): void {
    if (this.count === this.items.length) {
      const next = new Float64Array(this.items.length * 2);
      for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & (this.items.length - 1)];
      this.items = next;
      this.head = 0;
    }
    this.items[(this.head + this.count) & (this.items.length - 1)] = x;
    this.count++;
  }

  shift(): number {
    if (this.count === 0) throw new RangeError('shift from an empty queue');
    const x = this.items[this.head];
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return x;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
