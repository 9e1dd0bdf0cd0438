import type { EntityManager } from '@mikro-orm/postgresql';
import { hashToken, newToken } from '../security/tokens.ts';

/** Devices kept per member; the least recently used beyond this are forgotten. */
const MAX_DEVICES = 20;
/** A device id a stranger's client could not know: the member's own client is recognised by it. */
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;
const NO_MEMBER = '00000000-0000-0000-0000-000000000000';

/** A device id as the client sent it (cookie or argument), or undefined when it is not one of ours. */
export function deviceIdOf(value: string | null | undefined): string | undefined {
  return value && WELL_FORMED.test(value) ? value : undefined;
}

export const newDeviceId = newToken;

/**
 * Whether this device signed in to this member before. Asked the same way for an unknown address
 * (no member: the nil id), so that the answer takes the same time.
 */
export async function isKnownDevice(
  em: EntityManager,
  memberId: string | undefined,
  deviceId: string | undefined,
): Promise<boolean> {
  if (!deviceId) return false;
  const rows: unknown[] = await em
    .getConnection()
    .execute('SELECT 1 FROM member_device WHERE member_id = ? AND device_hash = ?', [memberId ?? NO_MEMBER, hashToken(deviceId)]);
  return rows.length > 0;
}

/** After a sign-in: the device is known from now on; the oldest beyond MAX_DEVICES are forgotten. */
export async function rememberDevice(em: EntityManager, memberId: string, deviceId: string): Promise<void> {
  const sql = em.getConnection();
  await sql.execute(
    `INSERT INTO member_device (member_id, device_hash) VALUES (?, ?)
     ON CONFLICT (member_id, device_hash) DO UPDATE SET last_used_at = now()`,
    [memberId, hashToken(deviceId)],
  );
  await sql.execute(
    `DELETE FROM member_device WHERE member_id = ? AND device_hash NOT IN (
       SELECT device_hash FROM member_device WHERE member_id = ? ORDER BY last_used_at DESC LIMIT ?)`,
    [memberId, memberId, MAX_DEVICES],
  );
}

/** A device unused for a year is forgotten: it would pass the account limit for nobody. */
export async function purgeIdleDevices(em: EntityManager): Promise<number> {
  const rows: { n: number }[] = await em
    .getConnection()
    .execute(
      "WITH gone AS (DELETE FROM member_device WHERE last_used_at < now() - interval '1 year' RETURNING 1) SELECT count(*)::int AS n FROM gone",
    );
  return rows[0]?.n ?? 0;
}
