import { type DestinationStream, type Logger, pino } from 'pino';
import { logOptions } from './log-options.ts';

/** JSON lines (see log-options.ts for what is redacted). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino(logOptions(level), destination);
}

export type { Logger };
