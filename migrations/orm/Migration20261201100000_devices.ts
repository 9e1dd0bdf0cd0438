import { Migration } from '@mikro-orm/migrations';

/**
 * Devices a member signed in from: a random id the client keeps (the `mixx_device` cookie, or a
 * `login` argument), stored only as its sha256. It lets the throttle tell the member's own client
 * from a stranger's, so a flood from elsewhere cannot lock the member out. No address, no user
 * agent: nothing about the device but that it signed in before. Erased with the member.
 */
export class Migration20261201100000_devices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE member_device (
        member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
        device_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, device_hash)
      );`);
    this.addSql('CREATE INDEX member_device_last_used_idx ON member_device (last_used_at);');
  }
}
