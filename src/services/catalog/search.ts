import { BadUserInputError } from '../../errors/errors.ts';

export const MAX_SEARCH_LENGTH = 200;

/** Trimmed search text, or null for none; overlong text is refused rather than cut. */
export function normaliseSearch(search: string | null | undefined, field: string): string | null {
  // Backslashes mean nothing in a search and would need escaping in a tsquery: they are dropped.
  const text = search?.replace(/\\/g, ' ').trim() ?? '';
  if (text.length > MAX_SEARCH_LENGTH)
    throw new BadUserInputError(`search must be at most ${MAX_SEARCH_LENGTH} characters.`, field);
  return text || null;
}

/** The name of the common table expression `searchCte` defines. */
const Q = 'search_q';

/** A word as a quoted tsquery lexeme. */
const lexeme = (word: string) => `'''' || replace(${word}, '''', '''''') || ''''`;

/**
 * The query of a search, as a common table expression holding one tsquery over unaccented text:
 * every word must match; a word the catalog does not know (no entry in its dictionary) is a typo
 * or a fragment, and is widened to itself OR the up to four dictionary words most similar to it
 * (pg_trgm, similarity ≥ 0.3): "metalica" looks for "metallica", "beyonse" for "beyonce". Words
 * the catalog knows are taken as they are, so that common words do not widen to thousands of rows.
 */
export function searchCte(param: string): string {
  return `${Q} AS (
    SELECT (SELECT coalesce(string_agg(alternatives, ' & '), '')::tsquery FROM (
      SELECT CASE WHEN EXISTS (SELECT 1 FROM search_word s WHERE s.word = q.w) THEN ${lexeme('q.w')}
        ELSE '(' || (
          SELECT string_agg(${lexeme('x.word')}, ' | ') FROM (
            SELECT q.w AS word
            UNION
            (SELECT s.word FROM search_word s WHERE s.word % q.w ORDER BY similarity(s.word, q.w) DESC, s.word LIMIT 4)
          ) x) || ')'
        END AS alternatives
      FROM unnest((tsvector_to_array(to_tsvector('simple'::regconfig, mixx_unaccent(${param}))))[1:8]) AS q(w)
    ) per_word) AS query
  )`;
}

/** Rows whose weighted search vector matches the query (the GIN index serves it). */
export function searchMatch(vector: string): string {
  return `${vector} @@ (SELECT query FROM ${Q})`;
}

/**
 * Match quality: the weighted rank, where a word in the title counts more than one in the
 * artist's name, which counts more than one in the release's title. As `real`, so that cursors
 * carry it exactly.
 */
export function searchRank(vector: string): string {
  return `ts_rank(${vector}, (SELECT query FROM ${Q}))::real`;
}
