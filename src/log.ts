import { type DestinationStream, type Logger, pino } from 'pino';
import { logOptions } from './log-options.ts';

/** JSON lines (see log-options.ts for what is redacted). */
/** `level`: the configuration's LOG_LEVEL (src/config.ts). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(logOptions(level), destination);
}

export type { Logger };
