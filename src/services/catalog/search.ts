import { type QueryCreator, type RawBuilder, type SqlBool, sql } from 'kysely';
import { BadUserInputError } from '../../errors/errors.ts';
import { type CatalogTables, catalogQuery, withCte } from './catalog-db.ts';

export const MAX_SEARCH_LENGTH = 200;

/** Trimmed search text, or null for none; overlong text is refused rather than cut. */
export function normaliseSearch(search: string | null | undefined, field: string): string | null {
  // Backslashes mean nothing in a search and would need escaping in a tsquery: they are dropped.
  const text = search?.replace(/\\/g, ' ').trim() ?? '';
  if (text.length > MAX_SEARCH_LENGTH)
    throw new BadUserInputError(`search must be at most ${MAX_SEARCH_LENGTH} characters.`, field);
  return text || null;
}

/** The name of the common table expression a search defines. */
export const SEARCH_CTE = 'search_q';
const Q = SEARCH_CTE;

/** A word as a quoted tsquery lexeme. */
const lexeme = (word: string) => `'''' || replace(${word}, '''', '''''') || ''''`;

/**
 * Runs of the scripts written without spaces between words (Han, kana, Hangul, Thai, Lao, Khmer,
 * Myanmar). The same ranges as `mixx_cjk_bigrams()` in the CJK search migration: change both.
 */
const SPACELESS_RUN =
  /[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3005-\u3007\u3040-\u30fa\u30fc-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;

/**
 * A query's spaceless runs as a tsquery over the bigram vectors: each run must appear as a phrase
 * of its overlapping two-character pieces ("戦場の" is '戦場' <-> '場の'); a single character is a
 * prefix ("愛" finds '愛の', or '愛' closing a run). The pieces hold only characters of the ranges
 * above, so quotes are all the quoting they need.
 */
function bigramQuery(runs: readonly string[]): string {
  return runs
    .map((run) => {
      const chars = Array.from(run);
      if (chars.length === 1) return `'${chars[0]}':*`;
      const pieces = chars.slice(1).map((char, i) => `'${chars[i]}${char}'`);
      return pieces.length === 1 ? pieces[0] : `(${pieces.join(' <-> ')})`;
    })
    .join(' & ');
}

/**
 * The words of a search as one tsquery over unaccented text: every word must match; a word the
 * catalog does not know (no entry in its dictionary) is a typo or a fragment, and is widened to
 * itself OR the up to four dictionary words most similar to it (pg_trgm, similarity ≥ 0.3):
 * "metalica" looks for "metallica", "beyonse" for "beyonce". Words the catalog knows are taken as
 * they are, so that common words do not widen to thousands of rows.
 */
function wordsQuery(text: unknown): RawBuilder<unknown> {
  return sql`(SELECT coalesce(string_agg(alternatives, ' & '), '')::tsquery FROM (
      SELECT CASE WHEN EXISTS (SELECT 1 FROM search_word s WHERE s.word = q.w) THEN ${sql.raw(lexeme('q.w'))}
        ELSE '(' || (
          SELECT string_agg(${sql.raw(lexeme('x.word'))}, ' | ') FROM (
            SELECT q.w AS word
            UNION
            (SELECT s.word FROM search_word s WHERE s.word % q.w ORDER BY similarity(s.word, q.w) DESC, s.word LIMIT 4)
          ) x) || ')'
        END AS alternatives
      FROM unnest((tsvector_to_array(to_tsvector('simple'::regconfig, mixx_unaccent(${text}))))[1:8]) AS q(w)
    ) per_word)`;
}

/** How one statement searches: its common table expression, and its condition and rank per table alias. */
export type SearchQuery = {
  /** The body of the common table expression named `SEARCH_CTE`. */
  cte: RawBuilder<CatalogSearch>;
  /** Rows that match the whole search (the GIN indexes serve it). */
  match: (alias: string) => RawBuilder<SqlBool>;
  /**
   * Match quality: the weighted rank, where a word in the title counts more than one in the
   * artist's name, which counts more than one in the release's title. As `real`, so that cursors
   * carry it exactly.
   */
  rank: (alias: string) => string;
};

/**
 * The query of a search: words are matched in `<alias>.search` (see `wordsQuery`), text in scripts
 * without spaces in `<alias>.search_cjk`, a tsvector of character bigrams, so that 戦場 is found
 * inside 戦場のメリークリスマス (a two-character word has no trigram, and `pg_bigm` is not in the
 * embedded PostgreSQL). A search of words only is the same statement as before the bigrams.
 */
type CatalogSearch = { query: unknown; cjk: unknown };

/**
 * What a search looks for, as the values of its statement: the text of its words, and the tsquery
 * of its spaceless runs; each only when the search has some (its presence is part of the
 * statement's shape, see `runTemplate`).
 */
export type SearchTerms = { words?: unknown; bigrams?: unknown };

export function searchTerms(search: string): SearchTerms {
  const text = search.normalize('NFKC');
  const runs = text.match(SPACELESS_RUN) ?? [];
  const rest = text.replace(SPACELESS_RUN, ' ');
  const terms: SearchTerms = {};
  if (runs.length === 0 || /[\p{L}\p{N}]/u.test(rest)) terms.words = runs.length ? rest : search.normalize('NFC');
  if (runs.length) terms.bigrams = bigramQuery(runs);
  return terms;
}

/** The statement parts of a search of these terms (values or their stand-ins). */
export function searchQuery(terms: SearchTerms): SearchQuery {
  const parts: { column: string; name: string; select: RawBuilder<unknown> }[] = [];
  if (terms.words != null) parts.push({ column: 'search', name: 'query', select: wordsQuery(terms.words) });
  if (terms.bigrams != null) parts.push({ column: 'search_cjk', name: 'cjk', select: sql`${terms.bigrams}::tsquery` });
  const rank = (alias: string, x: (typeof parts)[number]) => `ts_rank(${alias}.${x.column}, (SELECT ${x.name} FROM ${Q}))`;
  return {
    cte: sql<CatalogSearch>`SELECT ${sql.join(parts.map((x) => sql`${x.select} AS ${sql.raw(x.name)}`))}`,
    match: (alias) => sql.raw<SqlBool>(parts.map((x) => `${alias}.${x.column} @@ (SELECT ${x.name} FROM ${Q})`).join(' AND ')),
    rank: (alias) =>
      parts.length === 1 ? `${rank(alias, parts[0])}::real` : `(${parts.map((x) => rank(alias, x)).join(' + ')})::real`,
  };
}

/** The builder a statement starts from: with the search's common table expression when it has terms. */
export function withSearch(terms: SearchTerms): QueryCreator<CatalogTables> {
  return terms.words != null || terms.bigrams != null ? withCte(SEARCH_CTE, searchQuery(terms).cte) : catalogQuery;
}
