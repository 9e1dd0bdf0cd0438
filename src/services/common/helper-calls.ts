/** A helper thread or process as HelperCalls drives it. */
export type Helper = {
  send: (message: Record<string, unknown>) => void;
  /** Whether the helper keeps this process alive: only while calls are pending. */
  hold: (held: boolean) => void;
};

/** What a helper answers to a call: its id, and a value or an error message. */
export type HelperAnswer = { id: number; value?: unknown; error?: string };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Calls to a helper (a worker thread, a child process) that answers each message with its id: the
 * helper is started on first use, holds the process open only while calls are pending, and is
 * started again after it dies (the calls it held fail).
 */
export class HelperCalls {
  #helper: Helper | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  constructor(
    private readonly start: (events: { answer: (answer: HelperAnswer) => void; died: (error: Error) => void }) => Helper,
  ) {}

  /** Calls waiting for their answer. */
  get pending(): number {
    return this.#pending.size;
  }

  call(message: Record<string, unknown>): Promise<unknown> {
    const helper = this.#started();
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) helper.hold(true);
      helper.send({ ...message, id });
    });
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#helper?.hold(false);
    return pending;
  }

  #started(): Helper {
    if (this.#helper) return this.#helper;
    const helper: Helper = this.start({
      answer: ({ id, value, error }) => {
        const pending = this.#settle(id);
        if (error !== undefined) pending?.reject(new Error(error));
        else pending?.resolve(value);
      },
      died: (error) => {
        if (this.#helper !== helper) return;
        this.#helper = undefined;
        for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
      },
    });
    helper.hold(false);
    this.#helper = helper;
    return helper;
  }
}
