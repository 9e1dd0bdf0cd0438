import { BadUserInputError } from '../../schema/errors/bad-user-input.error.ts';

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

/**
 * The query of a search, as a common table expression with two tsqueries over unaccented text:
 * `exact`, every word as written, and `widened`, every word OR-ed with up to four words of the
 * catalog's dictionary most similar to it (pg_trgm, similarity ≥ 0.3): "metalica" also looks for
 * "metallica", "beyonce" for "beyonce" (which "Beyoncé" is indexed as). Every word must match.
 */
export function searchCte(param: string): string {
  return `${Q} AS (
    SELECT plainto_tsquery('simple'::regconfig, mixx_unaccent(${param})) AS exact,
      (SELECT coalesce(string_agg(alternatives, ' & '), '')::tsquery FROM (
         SELECT '(' || string_agg('''' || replace(x.word, '''', '''''') || '''', ' | ') || ')' AS alternatives
         FROM unnest((tsvector_to_array(to_tsvector('simple'::regconfig, mixx_unaccent(${param}))))[1:8]) AS q(w)
         CROSS JOIN LATERAL (
           SELECT q.w AS word
           UNION
           (SELECT s.word FROM search_word s WHERE s.word % q.w ORDER BY similarity(s.word, q.w) DESC, s.word LIMIT 4)
         ) x
         GROUP BY q.w
      ) per_word) AS widened
  )`;
}

/** Rows whose weighted search vector matches the widened query (the GIN index serves it). */
export function searchMatch(vector: string): string {
  return `${vector} @@ (SELECT widened FROM ${Q})`;
}

/**
 * Match quality: the weighted rank (a word in the title counts more than one in the artist's name,
 * which counts more than one in the release's title) against the widened query, plus the same
 * against the words as written, so that exact matches come before typo matches. As `real`, so that
 * cursors carry it exactly.
 */
export function searchRank(vector: string): string {
  return `(ts_rank(${vector}, (SELECT widened FROM ${Q})) + ts_rank(${vector}, (SELECT exact FROM ${Q})))::real`;
}
