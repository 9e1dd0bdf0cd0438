import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * JSON lines. Secrets and personal data are redacted wherever they could appear: credentials,
 * cookies, tokens, e-mail addresses, and PostgreSQL's error `detail`, which quotes the offending
 * row (`Key (email)=(someone@example.com) already exists`).
 */
const redact = [
  'password',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'cookie',
  '*.cookie',
  'email',
  '*.email',
  'err.detail',
  'err.where',
  'err.parameters',
  'err.params',
  'err.query',
  'err.sql',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: redact, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type { Logger };
