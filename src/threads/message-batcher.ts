/**
 * Items bound for another thread, posted several to a message: when `size` are waiting, or at the end
 * of this event-loop turn. Waking the other thread costs the event loop more than cloning an item
 * (≈30–80 µs on the bench machine, docs/performance.md), so one message carries a batch. Not only at
 * the end of the turn: items made in one busy turn would then all wait for the last of them.
 */
export class MessageBatcher<T> {
  private batch: T[] = [];
  private scheduled = false;

  constructor(
    private readonly post: (items: T[]) => void,
    private readonly size: number,
  ) {}

  add(item: T): void {
    if (this.batch.push(item) >= this.size) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const items = this.batch;
    this.batch = [];
    this.post(items);
  };
}
