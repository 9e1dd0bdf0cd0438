import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

export const SCHEMA_FILE_HEADER =
  '# The Mixx server schema, written by `npm run schema:print`. Do not edit: a test fails when it differs from the server.\n\n';

/** Sorted, so that the committed file changes only when the schema does. */
export function printMixxSchema(schema: GraphQLSchema): string {
  return `${SCHEMA_FILE_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
