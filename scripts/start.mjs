// `npm start`: build what is missing, then run the compiled server in this same process, so that
// SIGTERM and SIGINT reach it directly. Next and React serve their production builds; Mixx's own
// security mode is MIXX_ENV.
//
// Run it with `node --conditions=production` (as the npm script does): Lexical's default Node
// entries pick their build with a top-level `await import()`, and Node 20's loader was seen to
// deadlock on that graph about half the time (the process stalls while loading Payload's config,
// with nothing left to run). The `production` condition resolves to the builds directly.
import { buildIfNeeded } from './build-if-needed.mjs';

process.env.NODE_ENV ??= 'production';
buildIfNeeded();
await import('../dist/src/server.js');
