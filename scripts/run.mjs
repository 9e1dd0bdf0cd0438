// `npm run <command>` for the operator commands (staff:create, catalog:import, ...): builds what
// is missing, then runs the compiled script in this process. Run with `node --conditions=production`
// (as the npm scripts do), for the reason given in scripts/start.mjs.
import { buildIfNeeded } from './build-if-needed.mjs';

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('usage: node scripts/run.mjs <script name> [arguments]\n');
  process.exit(1);
}
process.env.NODE_ENV ??= 'production';
buildIfNeeded({ admin: false });
const script = new URL(`../dist/scripts/${name}.js`, import.meta.url);
process.argv = [process.argv[0], script.pathname, ...args];
await import(script.href);
