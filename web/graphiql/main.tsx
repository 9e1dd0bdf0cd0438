import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * GraphiQL from the server's own files. The server writes its options into the page: in production
 * the committed SDL (introspection is off there), in development nothing, and GraphiQL introspects.
 * Requests go to /graphql on this origin with the browser's cookies, so `me` answers for whoever
 * is signed in to the web app.
 */
const options = JSON.parse(document.getElementById('mixx-graphiql-options')?.textContent ?? '{}') as { sdl?: string };
const fetcher = createGraphiQLFetcher({ url: '/graphql' });

createRoot(document.getElementById('graphiql') as HTMLElement).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      schema={options.sdl ? buildSchema(options.sdl) : undefined}
      defaultQuery={'{\n  tracks(first: 1) {\n    totalCount\n  }\n}\n'}
    />
  </StrictMode>,
);
