import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { RateLimitedError } from '../../schema/errors/rate-limited.error.ts';

const require = createRequire(import.meta.url);

/** zxcvbn-ts by absolute path: an eval'd worker would resolve modules from the working directory. */
const MODULES = {
  core: require.resolve('@zxcvbn-ts/core'),
  common: require.resolve('@zxcvbn-ts/language-common'),
  en: require.resolve('@zxcvbn-ts/language-en'),
};

// Built-ins through process.getBuiltinModule: eval'd code runs as CommonJS or as an ES module
// depending on the process's flags (--input-type), and this source must run as either.
const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const load = process.getBuiltinModule('node:module').createRequire(workerData.core);
const { ZxcvbnFactory } = load(workerData.core);
const common = load(workerData.common);
const en = load(workerData.en);
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});
parentPort.on('message', ({ id, password, context }) => {
  parentPort.postMessage({ id, score: zxcvbn.check(password, context).score });
});
`;

/** Checks waiting beyond this are refused as RATE_LIMITED rather than queued without bound. */
const MAX_WAITING = 256;

type Pending = { resolve: (score: number) => void; reject: (error: Error) => void };

/**
 * zxcvbn's score (0–4) of a password, computed on a worker thread: a long password takes it 30–40 ms
 * of pure CPU, which on the event loop would stall every request in flight. One worker, started on
 * first use, kept only while checks are pending (it never holds the process open), and restarted
 * after a crash (the checks it held fail).
 */
class StrengthWorker {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;

  score(password: string, context: string[]): Promise<number> {
    if (this.#pending.size >= MAX_WAITING) return Promise.reject(new RateLimitedError(1));
    const worker = this.#started();
    const id = ++this.#nextId;
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, password, context });
    });
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    return pending;
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: MODULES });
    worker.unref();
    worker.on('message', ({ id, score }: { id: number; score: number }) => this.#settle(id)?.resolve(score));
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the password-strength worker exited with ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

const strength = new StrengthWorker();

/** zxcvbn's score of `password`, 0 (guessable at once) to 4; `context` holds the member's own words. */
export function passwordScore(password: string, context: string[]): Promise<number> {
  return strength.score(password, context);
}
