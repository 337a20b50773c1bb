/** A counting semaphore that admits waiters in arrival order: the stand-in's server capacity. */
export class FifoGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  get activeCount(): number {
    return this.active;
  }

  /** Takes a slot; resolves true when it had to wait for one (every slot was taken on arrival). */
  async acquire(): Promise<boolean> {
    if (this.active < this.capacity) {
      this.active++;
      return false;
    }
    // The releaser hands its slot over directly, so `active` never dips and a newcomer cannot jump the queue.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return true;
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
