import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** argon2's CommonJS entry, by absolute path, for the child to load. */
const ARGON2 = createRequire(import.meta.url).resolve('argon2');

/** How much lower than the API the hashing runs (nice; 0–19, higher yields more). */
const NICENESS = 10;

// Evaluated by `node -e`: built-ins through process.getBuiltinModule, so that it runs whether the
// code is evaluated as CommonJS or as an ES module. It lowers its own priority before it loads
// argon2, so the thread pool argon2 then starts inherits it.
const CHILD_SOURCE = `
const os = process.getBuiltinModule('node:os');
try { os.setPriority(0, ${NICENESS}); } catch {}
const argon2 = process.getBuiltinModule('node:module').createRequire(${JSON.stringify(ARGON2)})(${JSON.stringify(ARGON2)});
process.on('disconnect', () => process.exit(0));
process.on('message', ({ id, op, args }) => {
  const work = op === 'hash' ? argon2.hash(args.password, args.options) : argon2.verify(args.hash, args.password);
  work.then(
    (value) => process.send({ id, value }),
    (error) => process.send({ id, error: String((error && error.message) || error) }),
  );
});
`;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * argon2 in a child process at a lower OS priority. A hash holds a core for tens of milliseconds;
 * in libuv's thread pool it competed with the API's own thread as an equal, so a sign-in flood
 * doubled everyone's latency. Niced, it takes what the API leaves. The child gets no environment
 * (no secrets), is started on first use, holds the process open only while work is pending, and is
 * started again after a crash (the work it held fails).
 */
class Hasher {
  #child: ChildProcess | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  hash(password: string, options: Record<string, number>): Promise<string> {
    return this.#call('hash', { password, options }) as Promise<string>;
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.#call('verify', { hash, password }) as Promise<boolean>;
  }

  /** The child's process id, once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  #call(op: 'hash' | 'verify', args: Record<string, unknown>): Promise<unknown> {
    const child = this.#started();
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#hold(child, true);
      child.send({ id, op, args }, (error) => {
        if (error) this.#settle(id)?.reject(error);
      });
    });
  }

  #hold(child: ChildProcess, held: boolean): void {
    const channel = child.channel as { ref(): void; unref(): void } | undefined;
    if (held) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0 && this.#child) this.#hold(this.#child, false);
    return pending;
  }

  #started(): ChildProcess {
    if (this.#child) return this.#child;
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {} as NodeJS.ProcessEnv,
    });
    child.on('message', (message: { id: number; value?: unknown; error?: string }) => {
      const pending = this.#settle(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.value);
    });
    const fail = (error: Error) => {
      if (this.#child === child) this.#child = undefined;
      for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`the password hasher exited (${signal ?? code})`)));
    this.#child = child;
    this.#hold(child, false);
    return child;
  }
}

export const hasher = new Hasher();
