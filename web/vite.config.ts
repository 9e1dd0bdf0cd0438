import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * The web app (index.html) and GraphiQL (graphiql/index.html), built into web/dist and served by
 * Fastify (src/http/web-app.plugin.ts). Hashed files go to dist/assets, cached for a year.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // No dotenv files: the app has no configuration of its own.
  envDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Node 20's browsers-of-today baseline; GraphiQL's editor is the big part, and only on /graphql.
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // GraphiQL's dependencies mark their modules "use client", which means nothing outside a server-components build.
      onLog: (level, log, handler) => (log.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : handler(level, log)),
      input: {
        app: path.join(import.meta.dirname, 'index.html'),
        graphiql: path.join(import.meta.dirname, 'graphiql/index.html'),
      },
    },
  },
  // `npm run web:dev`: Vite's server for the app alone (Mixx serves GraphiQL from the build), sending
  // the API and the server's pages to a Mixx on port 4000.
  optimizeDeps: { entries: ['index.html'] },
  server: {
    proxy: Object.fromEntries(
      ['/graphql', '/downloads', '/covers', '/verify-email', '/reset-password', '/confirm-email-consent', '/unsubscribe'].map(
        (prefix) => [prefix, 'http://localhost:4000'],
      ),
    ),
  },
  plugins: [precompress()],
});

/**
 * Writes a .gz beside each text asset, which @fastify/static serves to clients that accept gzip
 * (Fastify compresses nothing itself). Brotli's best level took 28 s here over GraphiQL's editor.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'mixx-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|css|svg|json)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(outDir, file);
          const body = await readFile(full);
          await writeFile(`${full}.gz`, await promisify(gzip)(body, { level: 9 }));
        }),
      );
    },
  };
}
