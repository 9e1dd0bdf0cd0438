// `npm start`: build what is missing, then run the compiled server in this same process, so that
// SIGTERM and SIGINT reach it directly. Next and React serve their production builds; Mixx's own
// security mode is MIXX_ENV.
import { buildIfNeeded } from './build-if-needed.mjs';

process.env.NODE_ENV ??= 'production';
buildIfNeeded();
await import('../dist/src/server.js');
