import { Migration } from '@mikro-orm/migrations';

/**
 * Downloads: one row per ticket (member, track, time; never an address). It is the quota, the
 * member's history and the charts at once. Erasing a member sets `member_id` to NULL: the row stays
 * only as an anonymous count. An insert trigger keeps `track.download_count` (POPULAR, all-time chart).
 */
export class Migration20261129140000_downloads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE download (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid REFERENCES member (id) ON DELETE SET NULL,
        track_id integer NOT NULL REFERENCES track (id) ON DELETE CASCADE,
        requested_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      );`);
    this.addSql(
      'CREATE INDEX download_member_idx ON download (member_id, requested_at DESC, id DESC) WHERE member_id IS NOT NULL;',
    );
    this.addSql('CREATE INDEX download_chart_idx ON download (requested_at, track_id);');
    this.addSql(`
      CREATE FUNCTION mixx_count_download() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE track SET download_count = download_count + 1 WHERE id = NEW.track_id;
        RETURN NULL;
      END $$;`);
    this.addSql(`CREATE TRIGGER download_counts AFTER INSERT ON download
      FOR EACH ROW EXECUTE FUNCTION mixx_count_download();`);
  }
}
