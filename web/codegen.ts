import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the web app, from the committed SDL: `npm run web:codegen` writes src/gql/,
 * and test/web-app.test.ts fails when the checked-in files differ from what this config makes.
 * Paths are relative to the project root, where the scripts run.
 */
const config: CodegenConfig = {
  schema: 'src/schema/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      // Documents travel as strings: the browser needs no GraphQL parser (graphql-js is ~40 KB gzip).
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
