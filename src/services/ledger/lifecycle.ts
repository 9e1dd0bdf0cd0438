import type { Runtime } from '../runtime.ts';
import { LedgerBuilder } from './builder.ts';
import { buildMissingTree } from './bulk-build.ts';
import { type InTransaction, LedgerForkError, signCheckpoint } from './checkpoints.ts';
import { ledgerKeys } from './signing-keys.ts';
import { emSql } from './sql.ts';

/**
 * At start: the tree over any entry that has none (entries from before the tree), the ledger
 * builder (which indexes every entry after its commit), then a checkpoint (size 0 on a new database). Then every MIXX_LEDGER_CHECKPOINT_SECONDS a checkpoint when the
 * ledger grew, by whichever instance gets the signer's lock first.
 */
/** How often the builder looks for entries another instance committed and left unindexed. */
const SWEEP_SECONDS = 2;

export async function startLedgerCheckpoints(runtime: Runtime): Promise<{ stop: () => Promise<void> }> {
  const tx: InTransaction = (work) => runtime.orm.em.fork().transactional((em) => work(emSql(em)));
  const keys = ledgerKeys(runtime.config);
  const built = await tx((sql) => buildMissingTree(sql));
  if (built) runtime.log.warn({ msg: 'built the ledger tree over entries that had none', count: built });
  // Entries committed while no server ran, then the builder for every append after commit.
  const builder = new LedgerBuilder(runtime.orm.em, runtime.log, SWEEP_SECONDS);
  builder.wake();
  // A forked tree (see LedgerForkError) is reported, not fatal: consent must still be recordable.
  const sign = (wait: boolean) =>
    signCheckpoint(tx, keys, { wait }).catch((err) => {
      if (!(err instanceof LedgerForkError) && wait) throw err;
      runtime.log.error({ msg: 'ledger checkpoint not signed', err: { name: err?.name, message: err?.message } });
    });
  await sign(true);
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sign(false);
  }, runtime.config.ledgerCheckpointSeconds * 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all([running, builder.stop()]);
    },
  };
}
