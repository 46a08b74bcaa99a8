/** A growable first-in first-out ring of objects (no allocation per push once grown). */
export class Fifo<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(x: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = x;
    this.count++;
  }

  /** Put back in front (a message redelivered keeps its place). */
  unshift(x: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1 + this.items.length) % this.items.length;
    this.items[this.head] = x;
    this.count++;
  }

  peek(): T {
    if (this.count === 0) throw new RangeError('peek into an empty queue');
    return this.items[this.head]!;
  }

  shift(): T {
    if (this.count === 0) throw new RangeError('shift from an empty queue');
    const x = this.items[this.head]!;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return x;
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
