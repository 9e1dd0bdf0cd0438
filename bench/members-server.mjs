// Mixx for the sign-in benchmarks: the compiled server without the admin, with throttling windows
// wide enough that the flood measures password hashing and its effect on other requests, not the
// throttle's fast refusals (which the tests cover).
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';

process.env.NODE_ENV ??= 'production';
buildIfNeeded({ admin: false });
const { loadConfig } = await import('../dist/src/config.js');
const { createLogger } = await import('../dist/src/log.js');
const { startMixx } = await import('../dist/src/mixx.js');
const wide = { points: 1_000_000, seconds: 60 };
const scopes = { pair: wide, client: wide, account: wide };
const config = loadConfig();
const mixx = await startMixx({
  config,
  log: createLogger(config.logLevel),
  withAdmin: false,
  host: '127.0.0.1',
  throttleLimits: { login: scopes, register: scopes, resend: scopes, reset: scopes, 'change-password': scopes },
});
process.on('SIGTERM', () => mixx.close().then(() => process.exit(0)));
