/** Counts outcomes by status, so a suite can prove its cases reached the deep pipeline and not only the validator. */
export class Tally {
  private readonly counts = new Map<number, number>();

  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  count(status: number): number {
    return this.counts.get(status) ?? 0;
  }

  toString(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
  }
}
