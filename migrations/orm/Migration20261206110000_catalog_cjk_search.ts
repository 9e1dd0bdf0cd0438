import { Migration } from '@mikro-orm/migrations';

/**
 * Search in scripts written without spaces. PostgreSQL's parser takes 戦場のメリークリスマス for one
 * word, so 戦場 inside it is not found; pg_trgm yields no trigram for a two-character word, and
 * `pg_bigm` is not in the embedded PostgreSQL. So each searchable row gets a second tsvector,
 * `search_cjk`, of the overlapping character bigrams of its runs of Han, kana, Hangul, Thai, Lao,
 * Khmer and Myanmar text (NFKC first, so half-width katakana meets full-width), with positions so
 * that a query is a phrase of bigrams, and each run's last character alone so that a
 * one-character query can be a prefix. Weights as in `search`: title A, artist B, release C.
 * The vectors hold nothing for other text, so their GIN indexes stay small; a search of Latin
 * words never reads them (see src/services/catalog/search.ts, which holds the same ranges).
 */
const RUN =
  '[\\u0e00-\\u0eff\\u1000-\\u109f\\u1100-\\u11ff\\u1780-\\u17ff\\u3005-\\u3007\\u3040-\\u30fa\\u30fc-\\u30ff\\u3130-\\u318f\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\U00020000-\\U0003134f]+';

export class Migration20261206110000_catalog_cjk_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE FUNCTION mixx_cjk_bigrams(text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$
          WITH runs AS (
            SELECT m[1] AS run, coalesce(sum(length(m[1]) + 1) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS base
            FROM regexp_matches(normalize($1, NFKC), '${RUN}', 'g') WITH ORDINALITY AS x(m, n)
          )
          SELECT coalesce(string_agg('''' || piece || ''':' || pos, ' '), '')::tsvector FROM (
            SELECT substr(run, i, 2) AS piece, base + i AS pos FROM runs, generate_series(1, greatest(length(run) - 1, 1)) AS i
            UNION ALL
            SELECT right(run, 1), base + length(run) FROM runs WHERE length(run) > 1
          ) pieces
        $$;`);
    this.addSql(`
      CREATE FUNCTION mixx_search_cjk(a text, b text, c text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$
          SELECT setweight(mixx_cjk_bigrams(coalesce(a, '')), 'A') || setweight(mixx_cjk_bigrams(coalesce(b, '')), 'B')
            || setweight(mixx_cjk_bigrams(coalesce(c, '')), 'C')
        $$;`);

    this.addSql('ALTER TABLE artist ADD COLUMN search_cjk tsvector GENERATED ALWAYS AS (mixx_cjk_bigrams(name)) STORED;');
    this.addSql(`ALTER TABLE release ADD COLUMN search_cjk tsvector NOT NULL DEFAULT ''::tsvector;`);
    this.addSql(`ALTER TABLE track ADD COLUMN search_cjk tsvector NOT NULL DEFAULT ''::tsvector;`);

    // The triggers that write `search` write `search_cjk` beside it.
    this.addSql(`
      CREATE OR REPLACE FUNCTION mixx_track_search() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        artist_name text;
        release_title text;
      BEGIN
        SELECT name INTO artist_name FROM artist WHERE id = NEW.artist_id;
        SELECT title INTO release_title FROM release WHERE id = NEW.release_id;
        NEW.search :=
          setweight(to_tsvector('simple'::regconfig, mixx_unaccent(NEW.title)), 'A') ||
          setweight(to_tsvector('simple'::regconfig, mixx_unaccent(coalesce(artist_name, ''))), 'B') ||
          setweight(to_tsvector('simple'::regconfig, mixx_unaccent(coalesce(release_title, ''))), 'C');
        NEW.search_cjk := mixx_search_cjk(NEW.title, artist_name, release_title);
        PERFORM mixx_add_search_words(NEW.search);
        RETURN NEW;
      END $$;`);
    this.addSql(`
      CREATE OR REPLACE FUNCTION mixx_release_search() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        artist_name text;
      BEGIN
        SELECT name INTO artist_name FROM artist WHERE id = NEW.artist_id;
        NEW.search :=
          setweight(to_tsvector('simple'::regconfig, mixx_unaccent(NEW.title)), 'A') ||
          setweight(to_tsvector('simple'::regconfig, mixx_unaccent(coalesce(artist_name, ''))), 'B');
        NEW.search_cjk := mixx_search_cjk(NEW.title, artist_name, NULL);
        PERFORM mixx_add_search_words(NEW.search);
        RETURN NEW;
      END $$;`);

    // Rows already there: only those with such text get a non-empty vector.
    this.addSql(`
      UPDATE release r SET search_cjk = mixx_search_cjk(r.title, a.name, NULL)
      FROM artist a WHERE a.id = r.artist_id AND (r.title ~ '${RUN}' OR a.name ~ '${RUN}');`);
    this.addSql(`
      UPDATE track t SET search_cjk = mixx_search_cjk(t.title, x.artist_name, x.release_title)
      FROM (SELECT t2.id, a.name AS artist_name, r.title AS release_title
            FROM track t2 JOIN artist a ON a.id = t2.artist_id LEFT JOIN release r ON r.id = t2.release_id
            WHERE t2.title ~ '${RUN}' OR a.name ~ '${RUN}' OR r.title ~ '${RUN}') x
      WHERE x.id = t.id;`);

    this.addSql('CREATE INDEX artist_search_cjk_idx ON artist USING gin (search_cjk);');
    this.addSql('CREATE INDEX release_search_cjk_idx ON release USING gin (search_cjk);');
    this.addSql('CREATE INDEX track_search_cjk_idx ON track USING gin (search_cjk);');
  }
}
