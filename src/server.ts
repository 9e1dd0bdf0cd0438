import 'reflect-metadata';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startMixx } from './mixx.ts';

/** The entry point of `npm start`: a bad configuration stops here, naming the variable. */

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Mixx cannot start: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const mixx = await startMixx({ config, log });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ msg: 'stopping', signal });
    const force = setTimeout(() => {
      log.error({ msg: 'shutdown took too long; exiting' });
      process.exit(1);
    }, 20_000);
    force.unref();
    mixx.close().then(
      () => {
        log.info({ msg: 'stopped' });
        process.exit(0);
      },
      (err) => {
        log.error({ msg: 'shutdown failed', err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Mixx could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
