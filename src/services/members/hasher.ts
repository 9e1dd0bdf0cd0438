import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { HelperCalls } from '../common/helper-calls.ts';

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

/**
 * argon2 in a child process at a lower OS priority. A hash holds a core for tens of milliseconds;
 * in libuv's thread pool it competed with the API's own thread as an equal, so a sign-in flood
 * doubled everyone's latency. Niced, it takes what the API leaves. The child gets no environment
 * (no secrets); HelperCalls starts it on first use and again after a crash.
 */
class Hasher {
  #child: ChildProcess | undefined;
  readonly #calls = new HelperCalls(({ answer, died }) => {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {} as NodeJS.ProcessEnv,
    });
    child.on('message', answer);
    child.on('error', died);
    child.on('exit', (code, signal) => died(new Error(`the password hasher exited (${signal ?? code})`)));
    this.#child = child;
    const channel = () => child.channel as { ref(): void; unref(): void } | null | undefined;
    return {
      send: (message) => child.send(message),
      hold: (held) => {
        if (held) {
          child.ref();
          channel()?.ref();
        } else {
          child.unref();
          channel()?.unref();
        }
      },
    };
  });

  hash(password: string, options: Record<string, number>): Promise<string> {
    return this.#calls.call({ op: 'hash', args: { password, options } }) as Promise<string>;
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.#calls.call({ op: 'verify', args: { hash, password } }) as Promise<boolean>;
  }

  /** The child's process id, once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }
}

export const hasher = new Hasher();
