/**
 * At most `limit` tasks at once, and at most `maxWaiting` queued; beyond that `run` refuses at once
 * (the caller answers RATE_LIMITED) rather than let a flood grow an unbounded queue.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  get isSaturated(): boolean {
    return this.waiting.length >= this.maxWaiting;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.isSaturated) throw new SemaphoreFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export class SemaphoreFullError extends Error {
  constructor() {
    super('too many tasks waiting');
  }
}
