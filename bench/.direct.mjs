process.env.NODE_ENV ??= 'production';
const d = process.env.DIST;
const { loadConfig } = await import(`${d}/src/config.js`);
const { createLogger } = await import(`${d}/src/log.js`);
const { startMixx } = await import(`${d}/src/app.js`);
const config = loadConfig();
const mixx = await startMixx({ config, log: createLogger(config.logLevel), withAdmin: false, host: '127.0.0.1' });
process.on('SIGTERM', () => mixx.close().then(() => process.exit(0)));
