import { Migration } from '@mikro-orm/migrations';

/**
 * One identity per name. Artists were keyed on `lower(name)` and releases on `lower(title)`, so a
 * name tagged in NFD (macOS, some taggers) beside the same name in NFC made two artists, with the
 * album split between them. Now every name is NFC and artists and releases are keyed on
 * `match_key`: NFC, case-folded, accents kept, computed by the import (`identityKey` in
 * src/services/catalog/import/names.ts; a frozen copy below, so that this migration never changes).
 *
 * Duplicates that exist are merged into the oldest row of each key: their tracks (with their ids,
 * downloads and download counts) and releases move to it, releases of one key under one artist
 * become one (genres united, the first year and cover kept), then the emptied rows are deleted.
 */
const identityKey = (name: string) => name.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');

export class Migration20261206100000_catalog_identity extends Migration {
  override async up(): Promise<void> {
    await this.execute('DROP INDEX artist_name_key');
    await this.execute('DROP INDEX release_artist_title_key');
    await this.execute('ALTER TABLE artist ADD COLUMN match_key text');
    await this.execute('ALTER TABLE release ADD COLUMN match_key text');
    await this.fillKeys('artist', 'name');
    await this.fillKeys('release', 'title');

    // Each artist's keeper: the oldest artist of its key.
    await this.execute(`CREATE TEMP TABLE artist_merge ON COMMIT DROP AS
      SELECT id, first_value(id) OVER (PARTITION BY match_key ORDER BY id) AS keep FROM artist`);
    await this.execute('DELETE FROM artist_merge WHERE id = keep');
    // Each release's keeper: the oldest release of its key under the artist's keeper.
    await this.execute(`CREATE TEMP TABLE release_merge ON COMMIT DROP AS
      SELECT r.id, first_value(r.id) OVER (PARTITION BY coalesce(am.keep, r.artist_id), r.match_key ORDER BY r.id) AS keep
      FROM release r LEFT JOIN artist_merge am ON am.id = r.artist_id`);
    await this.execute('DELETE FROM release_merge WHERE id = keep');

    await this.execute('UPDATE track t SET release_id = m.keep FROM release_merge m WHERE t.release_id = m.id');
    await this.execute(`INSERT INTO release_genre (release_id, genre_id)
      SELECT m.keep, rg.genre_id FROM release_genre rg JOIN release_merge m ON m.id = rg.release_id ON CONFLICT DO NOTHING`);
    await this.execute(`UPDATE release k SET year = coalesce(k.year, d.year), cover_key = coalesce(k.cover_key, d.cover_key)
      FROM (SELECT m.keep, min(r.year) AS year, min(r.cover_key) AS cover_key
            FROM release r JOIN release_merge m ON m.id = r.id GROUP BY m.keep) d
      WHERE k.id = d.keep`);
    await this.execute('DELETE FROM release r USING release_merge m WHERE r.id = m.id');

    // The releases left under a merged artist move to its keeper, under a slug still free there.
    const moving = await this.execute(
      `SELECT r.id, r.slug, m.keep FROM release r JOIN artist_merge m ON m.id = r.artist_id ORDER BY r.id`,
    );
    for (const release of moving as { id: number; slug: string; keep: number }[]) {
      const taken = await this.execute(`SELECT slug FROM release WHERE artist_id = ? AND (slug = ? OR slug LIKE ? || '-%')`, [
        release.keep,
        release.slug,
        release.slug,
      ]);
      const slugs = new Set(taken.map((r) => r.slug as string));
      let slug = release.slug;
      for (let n = 2; slugs.has(slug); n++) slug = `${release.slug}-${n}`;
      await this.execute('UPDATE release SET artist_id = ?, slug = ? WHERE id = ?', [release.keep, slug, release.id]);
    }
    await this.execute('UPDATE track t SET artist_id = m.keep FROM artist_merge m WHERE t.artist_id = m.id');
    await this.execute(`UPDATE artist k SET bio = d.bio FROM (
        SELECT DISTINCT ON (m.keep) m.keep, a.bio FROM artist a JOIN artist_merge m ON m.id = a.id WHERE a.bio IS NOT NULL ORDER BY m.keep, a.id
      ) d WHERE k.id = d.keep AND k.bio IS NULL`);
    await this.execute('DELETE FROM artist a USING artist_merge m WHERE a.id = m.id');

    // Every name in NFC, as the import now writes them (the triggers refresh the search vectors).
    await this.execute('UPDATE artist SET name = normalize(name, NFC) WHERE name IS NOT NFC NORMALIZED');
    await this.execute('UPDATE release SET title = normalize(title, NFC) WHERE title IS NOT NFC NORMALIZED');
    await this.execute('UPDATE track SET title = normalize(title, NFC) WHERE title IS NOT NFC NORMALIZED');
    await this.execute('UPDATE genre SET name = normalize(name, NFC) WHERE name IS NOT NFC NORMALIZED');

    await this.execute('ALTER TABLE artist ALTER COLUMN match_key SET NOT NULL');
    await this.execute('ALTER TABLE release ALTER COLUMN match_key SET NOT NULL');
    await this.execute('CREATE UNIQUE INDEX artist_match_key ON artist (match_key)');
    await this.execute('CREATE UNIQUE INDEX release_artist_match_key ON release (artist_id, match_key)');
  }

  /** Keys are computed here, not in SQL: PostgreSQL's lower() depends on the database's locale. */
  private async fillKeys(table: 'artist' | 'release', column: 'name' | 'title'): Promise<void> {
    const rows = (await this.execute(`SELECT id, ${column} AS name FROM ${table}`)) as { id: number; name: string }[];
    for (let from = 0; from < rows.length; from += 5_000) {
      const batch = rows.slice(from, from + 5_000).map((r) => ({ id: r.id, key: identityKey(r.name) }));
      await this.execute(
        `UPDATE ${table} t SET match_key = x.key FROM jsonb_to_recordset(?::jsonb) AS x(id int, key text) WHERE t.id = x.id`,
        [JSON.stringify(batch)],
      );
    }
  }
}
