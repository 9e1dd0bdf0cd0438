import { type LoggerOptions, pino } from 'pino';

/**
 * The one shape of Mixx's log lines (JSON, ISO time, no pid or host), shared by our logger and
 * Payload's. Secrets and personal data are redacted wherever they could appear: credentials,
 * cookies, tokens, e-mail addresses, and PostgreSQL's error details, which quote the offending row.
 */
export function logOptions(level: string): LoggerOptions {
  return {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      censor: '[redacted]',
      paths: [
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
      ],
    },
  };
}
