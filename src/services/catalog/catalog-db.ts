import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCreator,
  type RawBuilder,
  sql,
} from 'kysely';

/** Runs one statement with `$1`-style parameters and returns its rows. */
export type Sql = <T = Record<string, unknown>>(text: string, values?: readonly unknown[]) => Promise<T[]>;

type TypeParsers = { getTypeParser: (oid: number, format?: string) => (value: string) => unknown };
type PgConnection = TypeParsers & {
  query: (config: { name?: string; text: string; values?: unknown[]; types?: TypeParsers }) => Promise<{ rows: any[] }>;
};
type KnexClient = { acquireConnection: () => Promise<PgConnection>; releaseConnection: (c: PgConnection) => Promise<void> };

const statementNames = new Map<string, string>();

/** Each distinct SQL text gets one name, so every pooled connection parses and plans it once. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `mixx_catalog_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

const INT4_ARRAY = 1007;
const COMMA = 44;
const MINUS = 45;

/**
 * An `int[]` of the catalog (genre ids: flat, no NULLs) parsed where it lies, with no string per
 * element: pg-types' generic array parser made a quarter of the page's garbage (issue 16's
 * allocation profile). Anything else an int[] can be falls back to `general`.
 */
export function intListParser(general: (value: string) => unknown) {
  return (value: string): unknown => {
    const end = value.length - 1;
    if (value.charCodeAt(0) !== 123 || value.charCodeAt(end) !== 125) return general(value);
    if (end === 1) return [];
    // Sized once: a first push would give a list of two ids room for seventeen.
    let count = 1;
    for (let i = 1; i < end; i++) if (value.charCodeAt(i) === COMMA) count++;
    const ids: number[] = new Array(count);
    let at = 0;
    let n = 0;
    let digits = 0;
    let sign = 1;
    for (let i = 1; i <= end; i++) {
      const c = value.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        digits++;
      } else if (c === MINUS && digits === 0 && sign === 1) {
        sign = -1;
      } else if ((c === COMMA || i === end) && digits > 0 && digits <= 10) {
        ids[at++] = sign * n;
        n = 0;
        digits = 0;
        sign = 1;
      } else {
        return general(value);
      }
    }
    return ids;
  };
}

/** The connection's own type parsers, with the catalog's int[] parser in place of pg-types'. */
const catalogTypes = new WeakMap<PgConnection, TypeParsers>();
function typesOf(connection: PgConnection): TypeParsers {
  let types = catalogTypes.get(connection);
  if (!types) {
    const intList = intListParser(connection.getTypeParser(INT4_ARRAY, 'text'));
    types = {
      getTypeParser: (oid, format = 'text') =>
        oid === INT4_ARRAY && format === 'text' ? intList : connection.getTypeParser(oid, format),
    };
    catalogTypes.set(connection, types);
  }
  return types;
}

/**
 * Catalog reads go to node-postgres directly, on the ORM's own pool, as named prepared statements:
 * the hot pages map rows to plain objects, so the ORM's identity map, hydration and client-side
 * parameter inlining would be pure cost there. Writes and anything transactional stay with the ORM
 * (or a client of their own). Statements that vary are built with `catalogQuery`; fixed ones are
 * plain texts. Either way every value travels as a parameter.
 */
export function catalogSql(em: EntityManager): Sql {
  const client = (em.getKnex() as unknown as { client: KnexClient }).client;
  return async <T>(text: string, values: readonly unknown[] = []) => {
    const connection = await client.acquireConnection();
    try {
      const result = await connection.query({
        name: statementName(text),
        text,
        values: values as unknown[],
        types: typesOf(connection),
      });
      return result.rows as T[];
    } finally {
      await client.releaseConnection(connection);
    }
  };
}

/** The catalog's tables, as its read statements see them (SQL names; the generated columns too). */
export interface CatalogTables {
  genre: { id: number; name: string; slug: string };
  artist: {
    id: number;
    name: string;
    slug: string;
    bio: string | null;
    sort_key: string;
    search: unknown;
    search_cjk: unknown;
  };
  release: {
    id: number;
    artist_id: number;
    title: string;
    slug: string;
    year: number | null;
    cover_key: string | null;
    search: unknown;
    search_cjk: unknown;
  };
  release_genre: { release_id: number; genre_id: number };
  track: {
    id: number;
    artist_id: number;
    release_id: number | null;
    title: string;
    title_key: string;
    track_number: number | null;
    disc_number: number | null;
    year: number | null;
    download_count: number;
    search: unknown;
    search_cjk: unknown;
  };
  track_genre: { track_id: number; genre_id: number };
  audio_file: { track_id: number; duration_ms: number; bitrate_kbps: number | null; size_bytes: string };
  /** A search's query, the common table expression of `searchQuery` (`search.ts`). */
  search_q: { query: unknown; cjk: unknown };
}

/**
 * The catalog's query builder. It only compiles: the statements it builds run through the
 * prepared-statement runner above (`runTemplate`), so every value is a parameter and each shape of
 * statement is one named prepared statement.
 */
export const catalogQuery = new Kysely<CatalogTables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** The tables with `table` also under `alias`, as an expression inside `selectFrom('table as alias')` sees them. */
export type Aliased<T extends keyof CatalogTables, A extends string> = CatalogTables & { [K in A]: CatalogTables[T] };

/**
 * `catalogQuery` with a common table expression first (a search's `search_q`). Its row type is the
 * table of that name in `CatalogTables`, so the builder's tables are the same as `catalogQuery`'s.
 */
export function withCte<N extends keyof CatalogTables>(name: N, body: RawBuilder<CatalogTables[N]>): QueryCreator<CatalogTables> {
  return catalogQuery.with(name, () => sql`(${body})` as never) as unknown as QueryCreator<CatalogTables>;
}

/** The entries of `values` that are given (neither null nor undefined): a statement's values. */
export function present(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value != null));
}

/** Stand-ins for a statement's values while it is built: each names the value it stands for. */
class StandIn {
  constructor(readonly key: string) {}
}

type Template = { text: string; slots: ({ key: string } | { constant: unknown })[] };
const templates = new Map<string, Template>();

/**
 * Runs a statement that is built and compiled once per `shape`: the first time, `build` gets
 * stand-ins for `values` and its compiled text is kept with where each stand-in went; every run
 * after sends that text with the actual values in those places. Building is what costs with
 * Kysely (its nodes are frozen, its references parsed: ~60 µs for the catalog page), so the hot
 * pages pay it once. `shape` must name everything `build` decides on other than the values
 * (which filters are given, the order, what is included); `build` must use the values only as
 * values, never to decide.
 */
export function runTemplate<T, V extends Record<string, unknown>>(
  sql: Sql,
  shape: string,
  values: V,
  build: (values: V) => Compilable<unknown>,
): Promise<T[]> {
  let template = templates.get(shape);
  if (!template) {
    const standIns = Object.fromEntries(Object.keys(values).map((key) => [key, new StandIn(key)])) as unknown as V;
    const compiled = build(standIns).compile();
    template = {
      text: compiled.sql,
      slots: compiled.parameters.map((p) => (p instanceof StandIn ? { key: p.key } : { constant: p })),
    };
    templates.set(shape, template);
  }
  return sql<T>(
    template.text,
    template.slots.map((slot) => ('key' in slot ? values[slot.key] : slot.constant)),
  );
}
