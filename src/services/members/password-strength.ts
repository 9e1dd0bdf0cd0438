import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { RateLimitedError } from '../../errors/errors.ts';
import { HelperCalls } from '../common/helper-calls.ts';

const require = createRequire(import.meta.url);

/** zxcvbn-ts by absolute path: an eval'd worker would resolve modules from the working directory. */
const MODULES = {
  core: require.resolve('@zxcvbn-ts/core'),
  common: require.resolve('@zxcvbn-ts/language-common'),
  en: require.resolve('@zxcvbn-ts/language-en'),
};

/**
 * How many l33t readings of a password zxcvbn tries (its default, 100, spent 0.9–1.7 s on a
 * 75-character password dense in `.`, `@`, `$`, `{`: found by the fuzz bench). At 10 such a
 * password takes 0.1–0.2 s and no password we tried scores differently (the spec lists some).
 */
const L33T_MAX_SUBSTITUTIONS = 10;

// Built-ins through process.getBuiltinModule: eval'd code runs as CommonJS or as an ES module
// depending on the process's flags (--input-type), and this source must run as either.
const WORKER_SOURCE = `
const L33T_MAX_SUBSTITUTIONS = ${L33T_MAX_SUBSTITUTIONS};
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const load = process.getBuiltinModule('node:module').createRequire(workerData.core);
const { ZxcvbnFactory } = load(workerData.core);
const common = load(workerData.common);
const en = load(workerData.en);
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
  l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
});
parentPort.on('message', ({ id, password, context }) => {
  parentPort.postMessage({ id, value: zxcvbn.check(password, context).score });
});
`;

/** Checks waiting beyond this are refused as RATE_LIMITED rather than queued without bound. */
const MAX_WAITING = 256;
/** One client may have this many checks waiting: a flood from it cannot delay anybody else's. */
const MAX_WAITING_PER_CLIENT = 4;
const waitingByClient = new Map<string, number>();

/**
 * zxcvbn's score (0–4) of a password, computed on a worker thread: a long password takes it 30–40 ms
 * of pure CPU, which on the event loop would stall every request in flight.
 */
const strength = new HelperCalls(({ answer, died }) => {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: MODULES });
  worker.on('message', answer);
  worker.on('error', died);
  worker.on('exit', (code) => died(new Error(`the password-strength worker exited with ${code}`)));
  return { send: (message) => worker.postMessage(message), hold: (held) => (held ? worker.ref() : worker.unref()) };
});

/** zxcvbn's score of `password`, 0 (guessable at once) to 4; `context` holds the member's own words. */
export async function passwordScore(password: string, context: string[], client?: string): Promise<number> {
  if (strength.pending >= MAX_WAITING) throw new RateLimitedError(1);
  if (client === undefined) return (await strength.call({ password, context })) as number;
  const waiting = waitingByClient.get(client) ?? 0;
  if (waiting >= MAX_WAITING_PER_CLIENT) throw new RateLimitedError(1);
  waitingByClient.set(client, waiting + 1);
  try {
    return (await strength.call({ password, context })) as number;
  } finally {
    const left = (waitingByClient.get(client) ?? 1) - 1;
    if (left > 0) waitingByClient.set(client, left);
    else waitingByClient.delete(client);
  }
}
